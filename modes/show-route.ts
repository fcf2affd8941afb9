// `show route [PREFIX]`: inet.0 in the Junos layout the seed shows.
import { parseIpv4 } from '../engine/config/value-type.ts';
import { lookup, type Route } from '../engine/net/routing-table.ts';
import { routeKey } from '../engine/net/stack.ts';
import type { Device } from '../engine/device.ts';

const two = (n: number) => String(n).padStart(2, '0');

/** Route age as Junos prints it: `HH:MM:SS`, `Xd HH:MM:SS`, `XwYd HH:MM:SS`. */
export function routeAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const hms = `${two(Math.floor((s % 86400) / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  const days = Math.floor(s / 86400);
  if (days === 0) return hms;
  return days >= 7 ? `${Math.floor(days / 7)}w${days % 7}d ${hms}` : `${days}d ${hms}`;
}

const sortKey = (r: Route) => parseIpv4(r.prefix)! * 64 + r.prefixLength;

function nextHopLine(r: Route): string {
  if (r.protocol === 'Local') return `${' '.repeat(22)}Local via ${r.via}`;
  if (r.action) return `${' '.repeat(22)}${r.action === 'discard' ? 'Discard' : 'Reject'}`;
  return `${' '.repeat(20)}> ${r.nextHop ? `to ${r.nextHop} ` : ''}via ${r.via}`;
}

export function formatRoutes(device: Device, filter?: string): string {
  const net = device.network;
  const now = device.clock.now();
  const all = [...net.routes].sort((a, b) => sortKey(a) - sortKey(b) || a.preference - b.preference);
  const destinations = new Set(all.map((r) => `${r.prefix}/${r.prefixLength}`));
  let shown = all;
  if (filter !== undefined) {
    const [address, len] = filter.split('/');
    const best = len === undefined ? lookup(all, address!) : undefined;
    shown = best ? all.filter((r) => r.prefix === best.prefix && r.prefixLength === best.prefixLength) : all.filter((r) => `${r.prefix}/${r.prefixLength}` === filter);
  }
  const lines = [
    `inet.0: ${destinations.size} destinations, ${all.length} routes (${destinations.size} active, 0 holddown, 0 hidden)`,
    '+ = Active Route, - = Last Active, * = Both',
    '',
  ];
  let previous = '';
  for (const r of shown) {
    const dest = `${r.prefix}/${r.prefixLength}`;
    const best = lookup(all.filter((x) => `${x.prefix}/${x.prefixLength}` === dest), r.prefix) === r;
    const head = `${dest === previous ? '' : dest}`.padEnd(19) + `${best ? '*' : ' '}[${r.protocol}/${r.preference}] ${routeAge(now - (net.routeSince.get(routeKey(r)) ?? now))}`;
    lines.push(head, nextHopLine(r));
    previous = dest;
  }
  // A destination that matches nothing prints nothing at all.
  if (filter !== undefined && shown.length === 0) return '';
  return lines.join('\n') + '\n';
}
