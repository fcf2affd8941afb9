// `show security policies [detail] [from-zone A to-zone B]` in the 12.1X layout: pure
// formatters over the engine's policy table and its counters.
import type { AddressPrefix } from '../engine/flow/address-book.ts';
import type { Application } from '../engine/flow/applications.ts';
import { IP_PROTOCOL } from '../engine/flow/tuple.ts';
import type { PolicyCounters, PolicyStats, PolicyTable, SecurityPolicy } from '../engine/flow/policy.ts';

export interface ShowPoliciesQuery {
  detail?: boolean;
  /** `from-zone A` / `to-zone B`: only that context (either alone filters on that side). */
  fromZone?: string;
  toZone?: string;
}

export interface ShowPoliciesContext {
  /**
   * The IPsec tunnel index of a VPN (`Tunnel: V, Type: IPSec, Index: N`). By default the IKE
   * engine's first assignment: 2 for the first `security ipsec vpn`, counting up.
   */
  tunnelIndex?: (vpn: string) => number | undefined;
}

/** `permit`, `permit, tunnel`, `deny, log`, `reject, log, count`. */
export function actionSummary(p: SecurityPolicy): string {
  const parts: string[] = [p.action.kind];
  if (p.action.kind === 'permit' && p.action.tunnel) parts.push('tunnel');
  if (p.log.sessionInit || p.log.sessionClose) parts.push('log');
  if (p.count) parts.push('count');
  return parts.join(', ');
}

function header(p: SecurityPolicy): string {
  return `Policy: ${p.name}, State: enabled, Index: ${p.index}, Scope Policy: 0, Sequence number: ${p.sequence}`;
}

/** The lines of one policy in the summary form (without its `From zone:` line). */
export function policySummaryLines(p: SecurityPolicy): string[] {
  return [
    `  ${header(p)}`,
    `    Source addresses: ${p.sourceAddresses.join(', ')}`,
    `    Destination addresses: ${p.destinationAddresses.join(', ')}`,
    `    Applications: ${p.applications.join(', ')}`,
    `    Action: ${actionSummary(p)}`,
  ];
}

function protocolText(protocol: number | undefined): string {
  if (protocol === undefined) return '0';
  if (protocol === IP_PROTOCOL.tcp) return 'tcp';
  if (protocol === IP_PROTOCOL.udp) return 'udp';
  return String(protocol);
}

const range = (r: { low: number; high: number } | undefined) => (r ? `[${r.low}-${r.high}]` : '[0-0]');

function applicationLines(app: Application): string[] {
  const out = [`  Application: ${app.name}`, `    IP protocol: ${protocolText(app.protocol)}, ALG: ${app.alg ?? 0}, Inactivity timeout: ${app.inactivityTimeout ?? 0}`];
  if (app.protocol === IP_PROTOCOL.icmp) {
    out.push(`      ICMP Information: type=${app.icmpType ?? 255}, code=${app.icmpCode ?? 0}`);
  } else if (app.protocol === undefined || app.protocol === IP_PROTOCOL.tcp || app.protocol === IP_PROTOCOL.udp) {
    // The trailing space after the source range is in the device's output.
    out.push(`      Source port range: ${range(app.sourcePorts)} `, `      Destination port range: ${range(app.destinationPorts)}`);
  }
  return out;
}

function addressLines(prefixes: readonly AddressPrefix[]): string[] {
  // `any` stands for both address families on the device; the emulator carries IPv4 only.
  return prefixes.flatMap((p) =>
    p.length === 0 && (p.name === 'any' || p.name === 'any-ipv4') ? ['    any-ipv4: 0.0.0.0/0 ', '    any-ipv6: ::/0 '] : [`    ${p.name}: ${p.text} `],
  );
}

const statLine = (label: string, value: number, rate?: string) => `    ${label.padEnd(19)}:${String(value).padStart(21)}${rate === undefined ? '' : `${'0'.padStart(21)} ${rate}`}`;

function statisticsLines(s: PolicyStats): string[] {
  return [
    '  Policy statistics:',
    statLine('Input  bytes', s.inputBytes, 'bps'),
    statLine('Output bytes', s.outputBytes, 'bps'),
    statLine('Input  packets', s.inputPackets, 'pps'),
    statLine('Output packets', s.outputPackets, 'pps'),
    statLine('Session rate', s.sessionsCreated, 'sps'),
    statLine('Active sessions', s.activeSessions),
    statLine('Session deletions', s.sessionDeletions),
    statLine('Policy lookups', s.lookups),
  ];
}

/** One policy's block in the detail form. */
export function policyDetailLines(p: SecurityPolicy, table: PolicyTable, stats: PolicyStats, context: ShowPoliciesContext = {}): string[] {
  const out = [
    `Policy: ${p.name}, action-type: ${p.action.kind}, State: enabled, Index: ${p.index}, Scope Policy: 0`,
    '  Policy Type: Configured',
    `  Sequence number: ${p.sequence}`,
    `  From zone: ${p.fromZone}, To zone: ${p.toZone}`,
    '  Source addresses:',
    ...addressLines(p.source),
    '  Destination addresses:',
    ...addressLines(p.destination),
  ];
  const seen = new Set<Application>();
  for (const name of p.applications) {
    for (const app of table.applications.expand(name)) {
      if (seen.has(app)) continue;
      seen.add(app);
      out.push(...applicationLines(app));
    }
  }
  if (p.action.kind === 'permit' && p.action.tunnel) {
    const vpn = p.action.tunnel.ipsecVpn;
    const position = table.vpns.indexOf(vpn);
    const index = context.tunnelIndex?.(vpn) ?? (position < 0 ? 0 : 2 + position);
    out.push(`  Tunnel: ${vpn}, Type: IPSec, Index: ${index}`);
  }
  out.push('  Per policy TCP Options: SYN check: No, SEQ check: No');
  const log = [p.log.sessionInit ? 'at-create' : '', p.log.sessionClose ? 'at-close' : ''].filter(Boolean);
  if (log.length) out.push(`  Session log: ${log.join(', ')}`);
  if (p.count) out.push(...statisticsLines(stats));
  return out;
}

/** The whole output of `show security policies [detail] [from-zone A to-zone B]`, newline-terminated. */
export function formatSecurityPolicies(table: PolicyTable, counters: PolicyCounters, query: ShowPoliciesQuery = {}, context: ShowPoliciesContext = {}): string {
  const filtered = query.fromZone !== undefined || query.toZone !== undefined;
  const contexts = table.contexts.filter((c) => (query.fromZone === undefined || c.fromZone === query.fromZone) && (query.toZone === undefined || c.toZone === query.toZone));
  const lines: string[] = filtered ? [] : [`Default policy: ${table.defaultPolicy}`];
  if (query.detail) {
    const blocks = contexts.flatMap((c) => c.policies).map((p) => policyDetailLines(p, table, counters.get(p), context).join('\n'));
    if (blocks.length) lines.push(blocks.join('\n\n'));
  } else {
    for (const c of contexts) {
      if (!c.policies.length) continue;
      lines.push(`From zone: ${c.fromZone}, To zone: ${c.toZone}`);
      for (const p of c.policies) lines.push(...policySummaryLines(p));
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
