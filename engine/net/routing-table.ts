// The device's inet.0: direct and local routes from interface addresses, static routes
// from routing-options; longest-prefix match.
import type { ConfigObject } from '../config/view.ts';
import { formatIpv4, parseIpv4 } from '../config/value-type.ts';
import { inSubnet, maskOf, type LogicalInterface } from './interface-table.ts';

export type RouteProtocol = 'Direct' | 'Local' | 'Static';

export interface Route {
  prefix: string;
  prefixLength: number;
  protocol: RouteProtocol;
  preference: number;
  /** Outgoing logical interface; absent for discard/reject routes. */
  via?: string;
  /** Next-hop address for routes through a gateway. */
  nextHop?: string;
  action?: 'discard' | 'reject';
}

const PREFERENCE: Record<RouteProtocol, number> = { Direct: 0, Local: 0, Static: 5 };

function network(address: string, len: number): string {
  return formatIpv4((parseIpv4(address)! & maskOf(len)) >>> 0);
}

export function routingTable(config: ConfigObject, interfaces: readonly LogicalInterface[]): Route[] {
  const routes: Route[] = [];
  const up = interfaces.filter((i) => !i.disabled);
  for (const i of up) {
    for (const a of i.addresses) {
      routes.push({ prefix: network(a.address, a.prefixLength), prefixLength: a.prefixLength, protocol: 'Direct', preference: 0, via: i.name });
      routes.push({ prefix: a.address, prefixLength: 32, protocol: 'Local', preference: 0, via: i.name });
    }
  }
  const statics = ((((config['routing-options'] ?? {}) as ConfigObject).static ?? {}) as ConfigObject).route;
  for (const r of (Array.isArray(statics) ? statics : []) as ConfigObject[]) {
    const [prefix, len] = String(r.name).split('/');
    const base = { prefix: prefix!, prefixLength: Number(len), protocol: 'Static' as const, preference: typeof r.preference === 'number' ? r.preference : PREFERENCE.Static };
    if (r.discard) routes.push({ ...base, action: 'discard' });
    else if (r.reject) routes.push({ ...base, action: 'reject' });
    for (const hop of (r['next-hop'] ?? []) as string[]) {
      if (parseIpv4(hop) === undefined) {
        if (up.some((i) => i.name === hop)) routes.push({ ...base, via: hop });
        continue;
      }
      const egress = up.find((i) => i.addresses.some((a) => inSubnet(hop, a.address, a.prefixLength)));
      if (egress) routes.push({ ...base, via: egress.name, nextHop: hop });
    }
  }
  return routes;
}

/** The best route to `address`: longest prefix, then lowest preference. */
export function lookup(routes: readonly Route[], address: string): Route | undefined {
  let best: Route | undefined;
  for (const r of routes) {
    if (!inSubnet(address, r.prefix, r.prefixLength)) continue;
    if (!best || r.prefixLength > best.prefixLength || (r.prefixLength === best.prefixLength && r.preference < best.preference)) best = r;
  }
  return best;
}
