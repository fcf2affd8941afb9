// Two IkeEngines joined by a transport that behaves like a port-translating NAT in front
// of one of them (the "inside" side): its datagrams leave from the NAT's public address,
// each inside port mapped to an outside port (500 -> 31000, 4500 -> 31001); datagrams to
// a mapped outside port go back in, others are dropped, as a real NAT does (a responder
// behind the NAT gets port forwarding: 500 -> 500, 4500 -> 4500). Without a NAT
// both sides talk directly. VirtualClock + SeededRandom: the fixture for ike-nat-t tests.
import { VirtualClock } from '../engine/runtime/clock.ts';
import { SeededRandom } from '../engine/runtime/random.ts';
import { IkeEngine, type IkeLogEntry, type Peer } from '../engine/ike/sa/index.ts';
import type { GatewayConfig, Phase1Policy, VpnConfig } from '../engine/ike/policy/index.ts';
import { advanceDelivering, p1, p2, PSK } from './ike-v1-lab.ts';

export type Side = 'A' | 'B';

/** A datagram as it left its sender (before any NAT). */
export interface Sent {
  time: number;
  from: Side;
  kind: 'ike' | 'keepalive';
  source: Peer;
  destination: Peer;
  message: Buffer;
}

export interface NatLabOptions {
  /** Which side sits behind the NAT, if any. */
  behindNat?: Side;
  /** The NAT's port mappings, inside port -> outside port (default FIRST_MAPPING). */
  mapping?: Record<number, number>;
  /** Phase-1 settings per side (NAT-T is on unless told otherwise). */
  A?: Partial<Phase1Policy>;
  B?: Partial<Phase1Policy>;
  seed?: string;
}

export const INSIDE_ADDRESS = '192.168.1.2';
/** The sides' public addresses (the NAT's, for the side behind it). */
export const PUBLIC_A = '198.51.100.7';
export const PUBLIC_B = '203.0.113.9';
/** The NAT's first mappings: inside port -> outside port. */
export const FIRST_MAPPING: Record<number, number> = { 500: 31000, 4500: 31001 };

export class NatLab {
  readonly clock = new VirtualClock();
  readonly sent: Sent[] = [];
  readonly logs: Record<Side, IkeLogEntry[]> = { A: [], B: [] };
  readonly A: IkeEngine;
  readonly B: IkeEngine;
  /** The NAT's port mappings (inside port -> outside port); tests may remap to simulate a rebinding. */
  readonly mapping: Map<number, number>;
  /** Lets a test alter a message on its way (clear phase-1 messages carry VIDs and NAT-D unprotected). */
  rewrite: (d: Sent) => Buffer = (d) => d.message;
  /** What the NAT dropped (datagrams to an outside port it has no mapping for). */
  readonly natDropped: Sent[] = [];
  private queue: Sent[] = [];

  constructor(readonly options: NatLabOptions = {}) {
    this.mapping = new Map(Object.entries(options.mapping ?? FIRST_MAPPING).map(([k, v]) => [Number(k), v]));
    this.A = this.engine('A');
    this.B = this.engine('B');
  }

  /** The address a side has on its own interface. */
  address(side: Side): string {
    if (side === this.options.behindNat) return INSIDE_ADDRESS;
    return side === 'A' ? PUBLIC_A : PUBLIC_B;
  }

  /** The address the other side sends to (the NAT's public one for the inside side). */
  publicAddress(side: Side): string {
    return side === 'A' ? PUBLIC_A : PUBLIC_B;
  }

  private engine(side: Side): IkeEngine {
    const record = (kind: Sent['kind'], message: Buffer, peer: Peer, localPort: number) =>
      this.queue.push({ time: this.clock.now(), from: side, kind, source: { address: this.address(side), port: localPort }, destination: { ...peer }, message: Buffer.from(message) });
    return new IkeEngine({
      clock: this.clock,
      random: new SeededRandom(`${this.options.seed ?? 'nat'}-${side}`),
      send: (message, peer, localPort) => record('ike', message, peer, localPort),
      sendNatKeepalive: (peer, localPort) => record('keepalive', Buffer.alloc(0), peer, localPort),
      log: (entry) => this.logs[side].push(entry),
    });
  }

  configure(vpn: Partial<VpnConfig['policy']> = {}): void {
    for (const side of ['B', 'A'] as const) {
      const other: Side = side === 'A' ? 'B' : 'A';
      const gateway: GatewayConfig = {
        name: 'gw',
        address: this.publicAddress(other),
        localAddress: this.address(side),
        policy: { mode: 'main', proposals: [p1()], preSharedKey: PSK, natTraversal: true, natKeepalive: 5, ...this.options[side] },
      };
      const vpns: VpnConfig[] = [{ name: 'vpn', gateway: 'gw', policy: { proposals: [p2()], pfsGroup: 'group2', ...vpn }, establishTunnels: side === 'A' ? 'immediately' : 'on-traffic' }];
      (side === 'A' ? this.A : this.B).configure([gateway], vpns);
    }
    this.run();
  }

  /** Deliver queued datagrams (through the NAT) until the wire is quiet. */
  run(limit = 1000): void {
    for (let i = 0; this.queue.length > 0; i++) {
      if (i > limit) throw new Error('wire never went quiet');
      const d = this.queue.shift()!;
      this.sent.push(d);
      if (d.kind === 'keepalive') continue;
      const to: Side = d.from === 'A' ? 'B' : 'A';
      const delivered = this.translate(d, to);
      if (!delivered) {
        this.natDropped.push(d);
        continue;
      }
      (to === 'A' ? this.A : this.B).receive(this.rewrite(d), delivered.from, delivered.localPort);
    }
  }

  /** What the receiver sees: the source as the NAT rewrote it and the port it arrived on. */
  private translate(d: Sent, to: Side): { from: Peer; localPort: number } | undefined {
    const nat = this.options.behindNat;
    if (nat === d.from) {
      const outside = this.mapping.get(d.source.port);
      return outside === undefined ? undefined : { from: { address: this.publicAddress(nat), port: outside }, localPort: d.destination.port };
    }
    if (nat === to) {
      const inside = [...this.mapping].find(([, outside]) => outside === d.destination.port)?.[0];
      return inside === undefined ? undefined : { from: d.source, localPort: inside };
    }
    return { from: d.source, localPort: d.destination.port };
  }

  /** Advance virtual time, delivering whatever each timer sends as it fires. */
  advance(ms: number): void {
    advanceDelivering(this.clock, ms, () => this.run());
  }

  messages(side: Side): string[] {
    return this.logs[side].map((e) => e.message);
  }

  ike(from: Side): Sent[] {
    return this.sent.filter((d) => d.from === from && d.kind === 'ike');
  }
}
