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

/** Age as `show route detail` prints it: `25:32`, `1:25:32`, `2d 1:25:32`. */
function detailAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const ms2 = `${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  const hms = h || days ? `${h}:${ms2}` : ms2;
  return days ? `${days}d ${hms}` : hms;
}

function detailLines(r: Route, best: boolean, age: string): string[] {
  const pad = ' '.repeat(16);
  const hop =
    r.protocol === 'Local' ? [`${pad}Next hop type: Local`, `${pad}Interface: ${r.via}`]
    : r.action ? [`${pad}Next hop type: ${r.action === 'discard' ? 'Discard' : 'Reject'}`]
    : [`${pad}Next hop type: ${r.nextHop ? 'Router' : 'Interface'}`, `${pad}Next-hop reference count: 1`, `${pad}Next hop: ${r.nextHop ? `${r.nextHop} ` : ''}via ${r.via}, selected`];
  const state = r.protocol === 'Local' ? '<Active NoReadvrt Int>' : r.protocol === 'Static' ? '<Active Int Ext>' : '<Active Int>';
  return [
    `        ${best ? '*' : ' '}${r.protocol} Preference: ${r.preference}`,
    ...hop,
    `${pad}State: ${best ? state : state.replace('Active ', '')}`,
    `${pad}Age: ${age}`,
    `${pad}Task: ${r.protocol === 'Static' ? 'RT' : 'IF'}`,
    `${pad}Announcement bits (1): 0-KRT`,
    `${pad}AS path: I`,
  ];
}

export function formatRoutes(device: Device, filter?: string, detail = false): string {
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
  if (detail) {
    const out = [lines[0]!];
    for (const [i, dest] of [...new Set(shown.map((r) => `${r.prefix}/${r.prefixLength}`))].entries()) {
      const entries = shown.filter((r) => `${r.prefix}/${r.prefixLength}` === dest);
      if (i > 0) out.push('');
      out.push(`${dest} (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, 1 announced)`);
      for (const r of entries) {
        const best = lookup(entries, r.prefix) === r;
        out.push(...detailLines(r, best, detailAge(now - (net.routeSince.get(routeKey(r)) ?? now))));
      }
    }
    return out.join('\n') + '\n';
  }
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
