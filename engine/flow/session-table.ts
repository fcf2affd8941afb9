// The flow session table (the seed's "Traffic Processing" step: a permitted first packet
// creates a session; later packets of either direction match it before any policy lookup).
// A session has two wings, as Junos shows them: `In` (the initiator's packets, as they
// arrive) and `Out` (the replies, as they arrive). Sessions expire after their inactivity
// timeout on the device Clock; every packet of either wing restarts it.
import type { Clock, TimerHandle } from '../runtime/clock.ts';
import { IP_PROTOCOL, type FlowTuple } from './tuple.ts';

/** What identifies one direction of a flow: Junos's session key. */
export interface WingKey {
  source: string;
  destination: string;
  protocol: number;
  /**
   * TCP/UDP ports. ICMP query messages use the sequence number and identifier, as a 12.x
   * SRX shows them: the request wing is `src/SEQ --> dst/ID`, its reply `dst/ID --> src/SEQ`,
   * so every echo request is a session of its own. Other protocols use 0.
   */
  sourcePort: number;
  destinationPort: number;
}

export interface SessionWing extends WingKey {
  /** The interface the wing's packets arrive on (`.local..0` for the device itself). */
  interface: string;
  packets: number;
  bytes: number;
}

/** Which wing of a session a packet belongs to. */
export type WingName = 'in' | 'out';

export interface SessionPolicy {
  /** `TunnelA-out`, or the device's own `self-traffic-policy`. */
  name: string;
  index: number;
}

export interface FlowSession {
  readonly id: number;
  readonly policy: SessionPolicy;
  readonly in: SessionWing;
  readonly out: SessionWing;
  /** Inactivity timeout in seconds (the application's, else the protocol default). */
  timeout: number;
  /** Clock ms at which the session ends unless a packet arrives first. */
  expiresAt: number;
  readonly createdAt: number;
  /**
   * The IPsec VPNs the session is tied to: `in` is the VPN the initiator's packets arrive
   * through (its replies are encrypted into it), `out` the VPN they leave through (the
   * replies arrive decrypted from it).
   */
  readonly tunnel: { in?: string; out?: string };
  /** An ICMP echo session whose reply has been seen: it closes shortly after. */
  answered?: boolean;
}

/** The interface name Junos shows for the device itself as a session end. */
export const LOCAL_INTERFACE = '.local..0';

/** The device's own policy for traffic to and from itself, as a 12.x SRX names it. */
export const SELF_TRAFFIC_POLICY: SessionPolicy = { name: 'self-traffic-policy', index: 1 };

/** The default policy's name when `default-policy permit-all` admits a flow [memory]. */
export const DEFAULT_PERMIT_POLICY: SessionPolicy = { name: 'default-policy', index: 2 };

/**
 * Seconds an ICMP echo session lives after its reply. A 12.x SRX closes answered echo
 * sessions within a few seconds (its output shows `Timeout: 4`, then `Timeout: 2`, for
 * sessions whose replies have passed); we keep them 4 s.
 */
export const ICMP_ANSWERED_TIMEOUT = 4;

const ICMP_ECHO_REPLY = 0;
const ICMP_ECHO_REQUEST = 8;

/** One packet's session key, from its addresses, protocol and first bytes of payload. */
export function wingKeyOf(p: { src: string; dst: string; protocol: number; payload: Buffer }): WingKey {
  const k: WingKey = { source: p.src, destination: p.dst, protocol: p.protocol, sourcePort: 0, destinationPort: 0 };
  if ((p.protocol === IP_PROTOCOL.tcp || p.protocol === IP_PROTOCOL.udp) && p.payload.length >= 4) {
    k.sourcePort = p.payload.readUInt16BE(0);
    k.destinationPort = p.payload.readUInt16BE(2);
  } else if (p.protocol === IP_PROTOCOL.icmp && p.payload.length >= 8) {
    const type = p.payload[0];
    const id = p.payload.readUInt16BE(4);
    const seq = p.payload.readUInt16BE(6);
    if (type === ICMP_ECHO_REQUEST) [k.sourcePort, k.destinationPort] = [seq, id];
    else if (type === ICMP_ECHO_REPLY) [k.sourcePort, k.destinationPort] = [id, seq];
  }
  return k;
}

/** Whether a packet is an ICMP echo reply (which closes its session soon after). */
export function isEchoReply(p: { protocol: number; payload: Buffer }): boolean {
  return p.protocol === IP_PROTOCOL.icmp && p.payload.length >= 8 && p.payload[0] === ICMP_ECHO_REPLY;
}

/** The key of the replies to a wing. */
export function reverseKey(k: WingKey): WingKey {
  return { source: k.destination, destination: k.source, protocol: k.protocol, sourcePort: k.destinationPort, destinationPort: k.sourcePort };
}

export function keyTuple(k: WingKey): FlowTuple {
  return { source: k.source, destination: k.destination, protocol: k.protocol, sourcePort: k.sourcePort, destinationPort: k.destinationPort };
}

const keyString = (k: WingKey) => `${k.source}|${k.destination}|${k.protocol}|${k.sourcePort}|${k.destinationPort}`;

export interface NewSession {
  policy: SessionPolicy;
  /** The first packet's key. */
  key: WingKey;
  /** Where the initiator's packets arrive, and where the replies will. */
  inInterface: string;
  outInterface: string;
  timeout: number;
  tunnel?: { in?: string; out?: string };
}

export interface SessionTableHooks {
  /** A session ended (timed out or cleared). */
  closed?(session: FlowSession, reason: 'timeout' | 'clear'): void;
}

/** What `show security flow session summary` counts. */
export interface SessionSummary {
  unicast: number;
  multicast: number;
  failed: number;
  valid: number;
  pending: number;
  invalidated: number;
  other: number;
}

export class SessionTable {
  private readonly byKey = new Map<string, { session: FlowSession; wing: WingName }>();
  private readonly sessions = new Map<number, FlowSession>();
  private readonly timers = new Map<number, TimerHandle>();
  private nextId = 1;
  /** First packets that found no session and were not admitted (kept for the summary). */
  failed = 0;

  constructor(
    private readonly clock: Clock,
    private readonly hooks: SessionTableHooks = {},
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  /** The live session a packet with this key belongs to, and which wing; expired ones are gone. */
  lookup(key: WingKey): { session: FlowSession; wing: WingName } | undefined {
    const hit = this.byKey.get(keyString(key));
    if (!hit) return undefined;
    if (this.clock.now() >= hit.session.expiresAt) {
      this.remove(hit.session, 'timeout');
      return undefined;
    }
    return hit;
  }

  /**
   * A first packet was admitted: the new session, with the packet counted on its In wing.
   * Undefined when either wing's key already belongs to a live session.
   */
  create(n: NewSession, bytes: number): FlowSession | undefined {
    const reply = reverseKey(n.key);
    if (this.lookup(n.key) || this.lookup(reply)) return undefined;
    const now = this.clock.now();
    const session: FlowSession = {
      id: this.nextId++,
      policy: n.policy,
      in: { ...n.key, interface: n.inInterface, packets: 0, bytes: 0 },
      out: { ...reply, interface: n.outInterface, packets: 0, bytes: 0 },
      timeout: n.timeout,
      expiresAt: now + n.timeout * 1000,
      createdAt: now,
      tunnel: { ...n.tunnel },
    };
    this.sessions.set(session.id, session);
    this.byKey.set(keyString(session.in), { session, wing: 'in' });
    this.byKey.set(keyString(session.out), { session, wing: 'out' });
    this.count(session, 'in', bytes);
    this.arm(session);
    return session;
  }

  /** A packet of a session's wing passed: count it and restart the inactivity timeout. */
  count(session: FlowSession, wing: WingName, bytes: number, opts: { echoReply?: boolean } = {}): void {
    const w = session[wing];
    w.packets++;
    w.bytes += bytes;
    if (opts.echoReply) session.answered = true;
    const seconds = session.answered ? Math.min(session.timeout, ICMP_ANSWERED_TIMEOUT) : session.timeout;
    session.expiresAt = this.clock.now() + seconds * 1000;
  }

  /** The live sessions by id, with the seconds each has left (what `Timeout:` shows). */
  list(): { session: FlowSession; remaining: number }[] {
    const now = this.clock.now();
    for (const s of [...this.sessions.values()]) if (now >= s.expiresAt) this.remove(s, 'timeout');
    return [...this.sessions.values()].sort((a, b) => a.id - b.id).map((session) => ({ session, remaining: Math.ceil((session.expiresAt - now) / 1000) }));
  }

  summary(): SessionSummary {
    const valid = this.list().length;
    return { unicast: valid, multicast: 0, failed: this.failed, valid, pending: 0, invalidated: 0, other: 0 };
  }

  /** `clear security flow session all`: every session ends; returns how many. */
  clear(): number {
    const all = [...this.sessions.values()];
    for (const s of all) this.remove(s, 'clear');
    return all.length;
  }

  /** Removes one session (and its timer). */
  remove(session: FlowSession, reason: 'timeout' | 'clear'): void {
    if (!this.sessions.delete(session.id)) return;
    this.byKey.delete(keyString(session.in));
    this.byKey.delete(keyString(session.out));
    this.timers.get(session.id)?.cancel();
    this.timers.delete(session.id);
    this.hooks.closed?.(session, reason);
  }

  /** One timer per session: when it fires early (the session was refreshed) it re-arms. */
  private arm(session: FlowSession): void {
    const wait = Math.max(0, session.expiresAt - this.clock.now());
    this.timers.set(
      session.id,
      this.clock.setTimer(wait, () => {
        this.timers.delete(session.id);
        if (!this.sessions.has(session.id)) return;
        if (this.clock.now() >= session.expiresAt) this.remove(session, 'timeout');
        else this.arm(session);
      }),
    );
  }
}
