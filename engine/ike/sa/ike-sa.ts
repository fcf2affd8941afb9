// One IKE (ISAKMP) SA in the engine's database: its phase-1 negotiation, the Quick Modes
// running under it, timers, DPD and counters, plus the read-only snapshot shown by
// `show security ike security-associations`.
import type { TimerHandle } from '../../runtime/clock.ts';
import type { GatewayConfig } from '../policy/types.ts';
import type { DeadPeerDetection } from '../v1/dead-peer-detection.ts';
import type { NatKeepalive } from '../v1/nat-keepalive.ts';
import type { NatDetection } from '../v1/nat-traversal.ts';
import { formatIdentification, formatIdentity } from '../v1/identity.ts';
import type { Phase1Negotiation } from '../v1/phase1-negotiation.ts';
import type { QuickModeNegotiation } from '../v1/quick-mode.ts';
import type { Retransmission } from '../v1/retransmission.ts';
import type { Peer, Role } from './events.ts';

/** Duplicate detection: the last message accepted in an exchange and what we answered. */
export interface ExchangeMemory {
  lastReceived?: Buffer;
  lastResponse?: Buffer;
  retransmission?: Retransmission;
}

export interface QuickModeEntry extends ExchangeMemory {
  negotiation: QuickModeNegotiation;
  startedAt: number;
  lastPeerNotify?: string;
  cleanup?: TimerHandle;
}

export interface TrafficCounters {
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsOut: number;
}

export class IkeSa implements ExchangeMemory {
  state: 'negotiating' | 'established' = 'negotiating';
  establishedAt?: number;
  expiresAt?: number;
  /** Last phase-1 CBC block: base of every phase-2/informational IV. */
  phase1Iv?: Buffer;
  readonly quickModes = new Map<number, QuickModeEntry>();
  readonly pendingVpns = new Set<string>();
  readonly timers: TimerHandle[] = [];
  readonly counters: TrafficCounters = { bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0 };
  lastReceived?: Buffer;
  lastResponse?: Buffer;
  retransmission?: Retransmission;
  dpd?: DeadPeerDetection;
  natKeepalive?: NatKeepalive;
  lastPeerNotify?: string;
  /** Established IKE SA this one replaces once it is up (rekey). */
  replaces?: IkeSa;

  /**
   * @param peer the peer's address and port as we send to it; with NAT traversal it moves
   *   (float to 4500, the peer's NAT remapping), and so does `localPort` (500 -> 4500).
   */
  constructor(
    readonly index: number,
    readonly gateway: GatewayConfig,
    public peer: Peer,
    public localPort: number,
    readonly negotiation: Phase1Negotiation,
    readonly createdAt: number,
  ) {}

  get role(): Role {
    return this.negotiation.role;
  }

  get key(): string {
    return this.negotiation.cookieI.toString('hex');
  }

  cancelTimers(): void {
    this.retransmission?.cancel();
    this.dpd?.stop();
    this.natKeepalive?.stop();
    for (const t of this.timers.splice(0)) t.cancel();
    for (const qm of this.quickModes.values()) {
      qm.retransmission?.cancel();
      qm.cleanup?.cancel();
    }
  }
}

export interface IkeSaSnapshot {
  index: number;
  gateway: string;
  remoteAddress: string;
  remotePort: number;
  localAddress: string;
  /** 500, or 4500 once NAT traversal floated. */
  localPort: number;
  /** What NAT discovery showed (absent without NAT-T on both ends, or before NAT-D). */
  nat?: NatDetection;
  /** "UP" once established, "DOWN" while negotiating (as Junos shows half-open SAs). */
  state: 'UP' | 'DOWN';
  initiatorCookie: string;
  responderCookie: string;
  mode: 'Main' | 'Aggressive';
  role: Role;
  authenticationMethod?: string;
  encryptionAlgorithm?: string;
  authenticationAlgorithm?: string;
  dhGroup?: string;
  lifetimeSeconds?: number;
  remainingSeconds?: number;
  establishedAt?: number;
  localIdentity: string;
  remoteIdentity?: string;
  counters: TrafficCounters;
  ipsecSaPairs: number;
  dpdOutstanding?: number;
}

export function snapshotIkeSa(sa: IkeSa, now: number, ipsecSaPairs: number): IkeSaSnapshot {
  const n = sa.negotiation;
  const s = n.suite;
  return {
    index: sa.index,
    gateway: sa.gateway.name,
    remoteAddress: sa.peer.address,
    remotePort: sa.peer.port,
    localAddress: sa.gateway.localAddress,
    localPort: sa.localPort,
    ...(n.natT?.detection ? { nat: { ...n.natT.detection } } : {}),
    state: sa.state === 'established' ? 'UP' : 'DOWN',
    initiatorCookie: n.cookieI.toString('hex'),
    responderCookie: n.cookieR.toString('hex'),
    mode: n.mode === 'main' ? 'Main' : 'Aggressive',
    role: n.role,
    authenticationMethod: s?.authenticationMethod,
    encryptionAlgorithm: s?.encryption.junos,
    authenticationAlgorithm: s?.hash.junos,
    dhGroup: s ? `group${s.dhGroup}` : undefined,
    lifetimeSeconds: s?.lifetimeSeconds,
    remainingSeconds: sa.expiresAt === undefined ? undefined : Math.max(0, Math.ceil((sa.expiresAt - now) / 1000)),
    establishedAt: sa.establishedAt,
    localIdentity: formatIdentity(n.localId),
    remoteIdentity: n.peerId ? formatIdentification(n.peerId) : undefined,
    counters: { ...sa.counters },
    ipsecSaPairs,
    dpdOutstanding: sa.dpd?.outstanding,
  };
}
