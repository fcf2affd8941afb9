// What the engine reports, as data, and its kmd-style one-line rendering. The device
// writes `message` to `show log kmd` (and traceoptions files); `event` keeps the
// structure (a failure's FailureReason names the exact cause).
import { describeFailure, type FailureReason } from '../v1/failure.ts';

export interface Peer {
  address: string;
  port: number;
}

export type Role = 'initiator' | 'responder';
export type DeleteCause = 'expired' | 'peer-delete' | 'cleared' | 'dpd' | 'reconfigured' | 'rekeyed' | 'initial-contact' | 'negotiation-timeout';

export type IkeEvent =
  | { type: 'phase1-started'; gateway: string; peer: Peer; local: string; role: Role; mode: 'main' | 'aggressive' }
  | { type: 'phase1-up'; gateway: string; peer: Peer; local: string; role: Role; mode: 'main' | 'aggressive'; index: number; initiatorCookie: string; responderCookie: string; localId: string; remoteId: string }
  | { type: 'phase1-failed'; gateway?: string; peer: Peer; local?: string; role: Role; reason: FailureReason }
  | { type: 'phase2-started'; vpn: string; gateway: string; peer: Peer; messageId: number }
  | { type: 'phase2-up'; vpn: string; gateway: string; peer: Peer; role: Role; index: number; inboundSpi: number; outboundSpi: number; algorithm: string; localProxy: string; remoteProxy: string }
  | { type: 'phase2-failed'; vpn?: string; gateway: string; peer: Peer; role: Role; reason: FailureReason }
  | { type: 'ike-sa-deleted'; gateway: string; peer: Peer; index: number; cause: DeleteCause }
  | { type: 'ipsec-sa-deleted'; vpn: string; gateway: string; peer: Peer; index: number; inboundSpi: number; outboundSpi: number; cause: DeleteCause }
  | { type: 'dpd-dead'; gateway: string; peer: Peer; unanswered: number; interval: number }
  | { type: 'nat-detected'; gateway: string; peer: Peer; local: Peer; localBehindNat: boolean; peerBehindNat: boolean }
  /** NAT-T moved the IKE SA: `floated` to port 4500, else the peer's NAT changed its mapping. */
  | { type: 'peer-moved'; gateway: string; peer: Peer; previous: Peer; local: Peer; floated: boolean }
  | { type: 'notify-received'; peer: Peer; notify: string; authenticated: boolean }
  | { type: 'packet-dropped'; peer: Peer; reason: string };

export interface IkeLogEntry {
  /** Clock time in ms. */
  time: number;
  level: 'info' | 'warning' | 'error';
  event: IkeEvent;
  /** kmd-style line, e.g. "IKE Phase-1 Negotiation: Failed: proposal mismatch: ...". */
  message: string;
}

const behindNat = (e: { localBehindNat: boolean; peerBehindNat: boolean }) =>
  e.localBehindNat && e.peerBehindNat ? 'local and peer behind NAT' : e.localBehindNat ? 'local behind NAT' : 'peer behind NAT';
const hex8 = (spi: number) => `0x${spi.toString(16).padStart(8, '0')}`;
const at = (p: Peer) => `${p.address}:${p.port}`;

export function formatEvent(e: IkeEvent): string {
  switch (e.type) {
    case 'phase1-started':
      return `IKE Phase-1 Negotiation: Started: gateway ${e.gateway}, local ${e.local}, remote ${at(e.peer)}, role ${e.role}, mode ${e.mode}`;
    case 'phase1-up':
      return `IKE Phase-1 Negotiation: Succeeded: gateway ${e.gateway}, local ${e.local}, remote ${at(e.peer)}, role ${e.role}, mode ${e.mode}, index ${e.index}, cookies ${e.initiatorCookie}/${e.responderCookie}, local ID ${e.localId}, remote ID ${e.remoteId}`;
    case 'phase1-failed':
      return `IKE Phase-1 Negotiation: Failed: ${describeFailure(e.reason)} [gateway ${e.gateway ?? '-'}, remote ${at(e.peer)}, role ${e.role}]`;
    case 'phase2-started':
      return `IKE Phase-2 Negotiation: Started: vpn ${e.vpn}, gateway ${e.gateway}, remote ${at(e.peer)}, message ID ${hex8(e.messageId)}`;
    case 'phase2-up':
      return `IKE Phase-2 Negotiation: Succeeded: vpn ${e.vpn}, gateway ${e.gateway}, remote ${at(e.peer)}, role ${e.role}, tunnel ${e.index}, ${e.algorithm}, inbound SPI ${hex8(e.inboundSpi)}, outbound SPI ${hex8(e.outboundSpi)}, proxy ID local ${e.localProxy} remote ${e.remoteProxy}`;
    case 'phase2-failed':
      return `IKE Phase-2 Negotiation: Failed: ${describeFailure(e.reason)} [vpn ${e.vpn ?? '-'}, gateway ${e.gateway}, remote ${at(e.peer)}, role ${e.role}]`;
    case 'ike-sa-deleted':
      return `IKE SA deleted: gateway ${e.gateway}, remote ${at(e.peer)}, index ${e.index}, cause ${e.cause}`;
    case 'ipsec-sa-deleted':
      return `IPsec SA deleted: vpn ${e.vpn}, gateway ${e.gateway}, remote ${at(e.peer)}, tunnel ${e.index}, inbound SPI ${hex8(e.inboundSpi)}, outbound SPI ${hex8(e.outboundSpi)}, cause ${e.cause}`;
    case 'nat-detected':
      return `IKE negotiation: NAT detected, ${behindNat(e)} [gateway ${e.gateway}, local ${at(e.local)}, remote ${at(e.peer)}]`;
    case 'peer-moved':
      return e.floated
        ? `IKE negotiation: NAT-T float, local ${at(e.local)}, remote ${at(e.peer)} [gateway ${e.gateway}]`
        : `IKE peer ${e.peer.address}: NAT mapping changed, remote port ${e.previous.port} -> ${e.peer.port} [gateway ${e.gateway}]`;
    case 'dpd-dead':
      return `DPD: peer ${e.peer.address} declared dead: ${e.unanswered} R-U-THERE requests unanswered (interval ${e.interval} s) [gateway ${e.gateway}]`;
    case 'notify-received':
      return `IKE notify ${e.notify} received from ${at(e.peer)}${e.authenticated ? '' : ' (unauthenticated)'}`;
    case 'packet-dropped':
      return `IKE packet from ${at(e.peer)} dropped: ${e.reason}`;
  }
}

export function levelOf(e: IkeEvent): IkeLogEntry['level'] {
  switch (e.type) {
    case 'phase1-failed':
    case 'phase2-failed':
    case 'dpd-dead':
      return 'error';
    case 'packet-dropped':
    case 'notify-received':
      return 'warning';
    default:
      return 'info';
  }
}
