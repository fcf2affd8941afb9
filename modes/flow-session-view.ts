// `show security flow session [summary]` in the 12.x branch-SRX shape (notes §3.9):
//
//   Session ID: 987, Policy name: POLITYKA1/4, Timeout: 2, Valid
//     In: 192.168.4.10/39 --> 1.1.4.2/18457;icmp, If: ge-0/0/2.401, Pkts: 1, Bytes: 84
//     Out: 1.1.4.2/18457 --> 192.168.4.10/39;icmp, If: ge-0/0/1.400, Pkts: 1, Bytes: 84
//
// sessions separated by a blank line, then `Total sessions: N` straight after the last one.
// Renderers are tables keyed by release shape so a later shape (`State: Stand-alone`,
// `Conn Tag`) is data, not a rewrite.
import type { FlowSession, SessionSummary, SessionWing } from '../engine/flow/session-table.ts';
import { IP_PROTOCOL } from '../engine/flow/tuple.ts';

export interface SessionRow {
  session: FlowSession;
  /** Seconds until the session times out (what `Timeout:` shows). */
  remaining: number;
}

const PROTOCOL_NAMES = new Map<number, string>(Object.entries(IP_PROTOCOL).map(([name, n]) => [n, name]));

export function protocolName(n: number): string {
  return PROTOCOL_NAMES.get(n) ?? String(n);
}

function wing(label: 'In' | 'Out', w: SessionWing): string {
  return `  ${label}: ${w.source}/${w.sourcePort} --> ${w.destination}/${w.destinationPort};${protocolName(w.protocol)}, If: ${w.interface}, Pkts: ${w.packets}, Bytes: ${w.bytes}\n`;
}

/** `show security flow session`. */
export function formatFlowSessions(rows: readonly SessionRow[]): string {
  const blocks = rows.map(({ session: s, remaining }) => `Session ID: ${s.id}, Policy name: ${s.policy.name}/${s.policy.index}, Timeout: ${remaining}, Valid\n${wing('In', s.in)}${wing('Out', s.out)}`);
  return `${blocks.join('\n')}Total sessions: ${rows.length}\n`;
}

/** Sessions a branch SRX holds at most, by model [memory: SRX240H2 datasheet, 256K]. */
const MAXIMUM_SESSIONS: Record<string, number> = { srx240h2: 262144, srx240h: 65536, srx210h: 65536, srx100h: 16384 };

/** `show security flow session summary`, the 12.1X4x branch shape [memory; field list per the 12.1X47 reference]. */
export function formatFlowSessionSummary(s: SessionSummary, model: string): string {
  const inUse = s.valid + s.pending + s.invalidated + s.other;
  return [
    `Unicast-sessions: ${s.unicast}`,
    `Multicast-sessions: ${s.multicast}`,
    `Failed-sessions: ${s.failed}`,
    `Sessions-in-use: ${inUse}`,
    `  Valid sessions: ${s.valid}`,
    `  Pending sessions: ${s.pending}`,
    `  Invalidated sessions: ${s.invalidated}`,
    `  Sessions in other states: ${s.other}`,
    `Maximum-sessions: ${MAXIMUM_SESSIONS[model] ?? 262144}`,
    '',
  ].join('\n');
}
