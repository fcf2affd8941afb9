// Two IkeEngines back to back through an in-memory queue, on a VirtualClock with
// SeededRandom: the fixture for the ike-v1-* tests.
import { VirtualClock } from '../engine/runtime/clock.ts';
import { SeededRandom } from '../engine/runtime/random.ts';
import { IkeEngine, type IkeLogEntry, type Peer } from '../engine/ike/sa/index.ts';
import type { GatewayConfig, Phase1Policy, Phase1Proposal, Phase2Policy, Phase2Proposal, VpnConfig } from '../engine/ike/policy/index.ts';
import type { RetransmitPolicy } from '../engine/ike/v1/retransmission.ts';

export const A_ADDRESS = '10.0.0.1';
export const B_ADDRESS = '10.0.0.2';

export type Side = 'A' | 'B';

export interface WireRecord {
  time: number;
  from: Side;
  to: Side;
  datagram: Buffer;
  delivered: boolean;
}

export interface LabOptions {
  seed?: string;
  retransmit?: RetransmitPolicy;
}

export class Lab {
  readonly clock = new VirtualClock();
  readonly wire: WireRecord[] = [];
  readonly logs: Record<Side, IkeLogEntry[]> = { A: [], B: [] };
  readonly A: IkeEngine;
  readonly B: IkeEngine;
  /** Return false to drop a datagram on the wire. */
  filter: (record: WireRecord) => boolean = () => true;
  private queue: WireRecord[] = [];

  constructor(options: LabOptions = {}) {
    const seed = options.seed ?? 'lab';
    this.A = this.engine('A', seed, options.retransmit);
    this.B = this.engine('B', seed, options.retransmit);
  }

  private engine(side: Side, seed: string, retransmit?: RetransmitPolicy): IkeEngine {
    const other: Side = side === 'A' ? 'B' : 'A';
    return new IkeEngine({
      clock: this.clock,
      random: new SeededRandom(`${seed}-${side}`),
      retransmit,
      send: (datagram: Buffer, peer: Peer) => {
        const expected = other === 'A' ? A_ADDRESS : B_ADDRESS;
        if (peer.address !== expected) throw new Error(`${side} sent to unknown peer ${peer.address}`);
        this.queue.push({ time: this.clock.now(), from: side, to: other, datagram: Buffer.from(datagram), delivered: false });
      },
      log: (entry) => this.logs[side].push(entry),
    });
  }

  /** Deliver queued datagrams until the wire is quiet. */
  run(limit = 1000): void {
    for (let i = 0; this.queue.length > 0; i++) {
      if (i > limit) throw new Error('wire never went quiet');
      const record = this.queue.shift()!;
      record.delivered = this.filter(record);
      this.wire.push(record);
      if (!record.delivered) continue;
      const engine = record.to === 'A' ? this.A : this.B;
      engine.receive(record.datagram, { address: record.from === 'A' ? A_ADDRESS : B_ADDRESS, port: 500 });
    }
  }

  /** Advance virtual time, delivering whatever each timer sends as it fires. */
  advance(ms: number): void {
    advanceDelivering(this.clock, ms, () => this.run());
  }

  messages(side: Side): string[] {
    return this.logs[side].map((e) => e.message);
  }

  sent(from: Side): WireRecord[] {
    return this.wire.filter((r) => r.from === from);
  }
}

/** Lets `ms` of virtual time pass timer by timer, running `deliver` after each (and first). */
export function advanceDelivering(clock: VirtualClock, ms: number, deliver: () => void): void {
  const end = clock.now() + ms;
  deliver();
  for (;;) {
    const next = clock.nextDue();
    if (next === undefined || next > end) break;
    clock.advance(next - clock.now());
    deliver();
  }
  clock.advance(end - clock.now());
}

export const PSK = Buffer.from('juniper123', 'ascii');

export function p1(overrides: Partial<Phase1Proposal> = {}): Phase1Proposal {
  return { name: 'ike-phase1-proposal', authenticationMethod: 'pre-shared-keys', dhGroup: 'group2', authenticationAlgorithm: 'md5', encryptionAlgorithm: '3des-cbc', lifetimeSeconds: 600, ...overrides };
}

export function p2(overrides: Partial<Phase2Proposal> = {}): Phase2Proposal {
  return { name: 'ike-phase2-proposal', protocol: 'esp', authenticationAlgorithm: 'hmac-md5-96', encryptionAlgorithm: '3des-cbc', lifetimeSeconds: 3200, ...overrides };
}

export interface SideConfig {
  phase1?: Partial<Phase1Policy>;
  phase2?: Partial<Phase2Policy>;
  establish?: VpnConfig['establishTunnels'];
  vpnName?: string;
}

/** The seed's policy-based example (3des/md5, group2, PFS group2), seen from `side`. */
export function config(side: Side, c: SideConfig = {}): { gateways: GatewayConfig[]; vpns: VpnConfig[] } {
  const local = side === 'A' ? A_ADDRESS : B_ADDRESS;
  const remote = side === 'A' ? B_ADDRESS : A_ADDRESS;
  const gateway: GatewayConfig = {
    name: 'ike-phase1-gateway',
    address: remote,
    localAddress: local,
    externalInterface: 'ge-0/0/0.0',
    policy: { mode: 'main', proposals: [p1()], preSharedKey: PSK, ...c.phase1 },
  };
  const vpn: VpnConfig = {
    name: c.vpnName ?? 'TunnelA',
    gateway: gateway.name,
    policy: { proposals: [p2()], pfsGroup: 'group2', ...c.phase2 },
    establishTunnels: c.establish ?? (side === 'A' ? 'immediately' : 'on-traffic'),
  };
  return { gateways: [gateway], vpns: [vpn] };
}

export function configureBoth(lab: Lab, a: SideConfig = {}, b: SideConfig = {}): void {
  const bc = config('B', b);
  lab.B.configure(bc.gateways, bc.vpns);
  const ac = config('A', a);
  lab.A.configure(ac.gateways, ac.vpns);
  lab.run();
}
