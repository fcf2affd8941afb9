// IkeEngine: the IKEv1 side of one device. It owns the IKE and IPsec SA databases, runs
// the exchanges of engine/ike/v1 over datagrams handed to receive() and emitted through
// send() (UDP 500, or 4500 once NAT traversal floated), and keeps time only through the
// injected Clock (retransmissions, lifetimes, rekeys, DPD, NAT keepalives) and randomness
// only through the injected Random (cookies, SPIs, nonces, DH private values, message
// IDs), so a lab replays byte for byte.
import { ExchangeType, NotifyType, ProtocolId } from '../codec/constants.ts';
import { decodeHeader, type DecodedHeader } from '../codec/header.ts';
import { IKE_PORT, NAT_T_PORT } from '../codec/nat-t-framing.ts';
import type { DeletePayload, NotifyPayload } from '../codec/payloads.ts';
import { phase2Iv } from '../crypto/iv.ts';
import type { Clock } from '../../runtime/clock.ts';
import type { Random } from '../../runtime/random.ts';
import type { GatewayConfig, VpnConfig } from '../policy/types.ts';
import { aggressiveModeProcess, aggressiveModeStart } from '../v1/aggressive-mode.ts';
import { DeadPeerDetection } from '../v1/dead-peer-detection.ts';
import type { FailureReason } from '../v1/failure.ts';
import { ANY_PROXY_IDENTITY, formatIdentification, formatIdentity } from '../v1/identity.ts';
import { resolveVpn } from '../v1/vpn-selection.ts';
import { buildClearNotify, buildInformational, deleteIkeSa, deleteIpsecSas, dpdNotify, ipsecNotify, isakmpNotify, notifyName, openInformational, type InformationalContext } from '../v1/informational.ts';
import { mainModeProcess, mainModeStart } from '../v1/main-mode.ts';
import { NatKeepalive } from '../v1/nat-keepalive.ts';
import { natDetected, type NatDetection } from '../v1/nat-traversal.ts';
import { preSharedKeyAuthenticator, type Phase1Authenticator } from '../v1/phase1-auth.ts';
import type { Phase1Negotiation, Phase1Step } from '../v1/phase1-negotiation.ts';
import { quickModeComplete, quickModeFinish, quickModeRespond, quickModeStart, type QuickModeContext, type QuickModeResult, type QuickModeStep, type VpnResolver } from '../v1/quick-mode.ts';
import { giveUpAfterMs, JUNOS_RETRANSMIT, Retransmission, type RetransmitPolicy } from '../v1/retransmission.ts';
import { formatEvent, levelOf, type DeleteCause, type IkeEvent, type IkeLogEntry, type Peer } from './events.ts';
import { IkeSa, snapshotIkeSa, type IkeSaSnapshot, type QuickModeEntry } from './ike-sa.ts';
import { algorithmLabel, snapshotIpsecSa, type IpsecSaPair, type IpsecSaSnapshot } from './ipsec-sa.ts';
import { emptyStatistics, type IkeStatistics } from './statistics.ts';
import { stableJson } from './stable-json.ts';

export interface IkeEngineOptions {
  clock: Clock;
  random: Random;
  /**
   * Put one ISAKMP message on the wire towards `peer`, from our UDP port `localPort`: 500,
   * or 4500 once NAT traversal floated the IKE SA (the sender adds the non-ESP marker there).
   */
  send(message: Buffer, peer: Peer, localPort: number): void;
  /** Send a NAT keepalive (RFC 3948 2.3) from `localPort`; engines without one send none. */
  sendNatKeepalive?(peer: Peer, localPort: number): void;
  log?(entry: IkeLogEntry): void;
  retransmit?: RetransmitPolicy;
  /** Fraction of a lifetime after which the SA's original initiator rekeys (default 0.9). */
  rekeyAt?: number;
  /** First IKE SA index (default 1); indexes only grow. */
  firstIkeSaIndex?: number;
  /** Tunnel index of the first configured VPN (default 2, as in the seed's output). */
  firstTunnelIndex?: number;
}

const ZERO_COOKIE = Buffer.alloc(8);
/** Junos's `nat-keepalive` default, in seconds. */
const DEFAULT_NAT_KEEPALIVE = 5;

const ipv4Number = (a: string) => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);

export class IkeEngine {
  private readonly clock: Clock;
  private readonly random: Random;
  private readonly retransmitPolicy: RetransmitPolicy;
  private readonly rekeyAt: number;
  private gateways = new Map<string, GatewayConfig>();
  private vpns = new Map<string, VpnConfig>();
  private readonly tunnelIndexes = new Map<string, number>();
  private nextTunnelIndex: number;
  private nextIkeIndex: number;
  private readonly ikeSaTable = new Map<string, IkeSa>();
  private readonly ipsecSaTable = new Map<number, IpsecSaPair>();
  private readonly stats = emptyStatistics();

  constructor(private readonly options: IkeEngineOptions) {
    this.clock = options.clock;
    this.random = options.random;
    this.retransmitPolicy = options.retransmit ?? JUNOS_RETRANSMIT;
    this.rekeyAt = options.rekeyAt ?? 0.9;
    this.nextIkeIndex = options.firstIkeSaIndex ?? 1;
    this.nextTunnelIndex = options.firstTunnelIndex ?? 2;
  }

  // ---- configuration ------------------------------------------------------------------

  /** Reconcile with a new committed configuration (engine/ike/sa/README.md, "Reconcile"). */
  configure(gateways: readonly GatewayConfig[], vpns: readonly VpnConfig[]): void {
    const newGateways = new Map(gateways.map((g) => [g.name, g]));
    const newVpns = new Map(vpns.map((v) => [v.name, v]));
    for (const [name, old] of this.vpns) {
      const next = newVpns.get(name);
      const gatewayChanged = stableJson(this.gateways.get(old.gateway)) !== stableJson(newGateways.get(old.gateway));
      if (next && stableJson(next) === stableJson(old) && !gatewayChanged) continue;
      for (const pair of this.pairsOf((p) => p.vpn === name)) this.deleteIpsecPair(pair, 'reconfigured', true);
      this.abandonQuickModes(name);
    }
    for (const [name, old] of this.gateways) {
      const next = newGateways.get(name);
      if (next && stableJson(next) === stableJson(old)) continue;
      for (const pair of this.pairsOf((p) => p.gateway === name)) this.deleteIpsecPair(pair, 'reconfigured', true);
      for (const sa of this.sasOf((s) => s.gateway.name === name)) this.deleteIkeSa(sa, 'reconfigured', { notifyPeer: true });
    }
    this.gateways = newGateways;
    this.vpns = newVpns;
    for (const name of newVpns.keys()) if (!this.tunnelIndexes.has(name)) this.tunnelIndexes.set(name, this.nextTunnelIndex++);
    for (const vpn of newVpns.values()) if (vpn.establishTunnels === 'immediately') this.establish(vpn.name, false);
  }

  /** Bring a VPN up now (establish-tunnels on-traffic: the device calls this on traffic). */
  initiate(vpnName: string): boolean {
    return this.establish(vpnName, false);
  }

  // ---- operational commands -----------------------------------------------------------

  ikeSas(): IkeSaSnapshot[] {
    const now = this.clock.now();
    return [...this.ikeSaTable.values()]
      .sort((a, b) => a.index - b.index)
      .map((sa) => snapshotIkeSa(sa, now, this.pairsOf((p) => p.gateway === sa.gateway.name).length));
  }

  ipsecSas(): IpsecSaSnapshot[] {
    const now = this.clock.now();
    return [...this.ipsecSaTable.values()].sort((a, b) => a.index - b.index || a.establishedAt - b.establishedAt).map((p) => snapshotIpsecSa(p, now));
  }

  /**
   * Read-only: the phase-1 encryption key of every IKE SA that has derived one, for a lab's
   * Wireshark key export (engine/lab/key-export.ts). Never shown on the CLI.
   */
  ikeSaEncryptionKeys(): { initiatorCookie: Buffer; responderCookie: Buffer; encryptionKey: Buffer }[] {
    return [...this.ikeSaTable.values()].flatMap(({ negotiation: n }) =>
      n.keys ? [{ initiatorCookie: Buffer.from(n.cookieI), responderCookie: Buffer.from(n.cookieR), encryptionKey: Buffer.from(n.keys.encryptionKey) }] : [],
    );
  }

  statistics(): IkeStatistics {
    return { ...this.stats };
  }

  /** `clear security ike security-associations [address]`: Delete sent, IPsec SAs kept. */
  clearIke(peerAddress?: string): number {
    const victims = this.sasOf((sa) => peerAddress === undefined || sa.peer.address === peerAddress);
    for (const sa of victims) this.deleteIkeSa(sa, 'cleared', { notifyPeer: true });
    return victims.length;
  }

  /** `clear security ipsec security-associations [index N]`; immediate VPNs come back up. */
  clearIpsec(index?: number): number {
    const victims = this.pairsOf((p) => index === undefined || p.index === index);
    for (const pair of victims) this.deleteIpsecPair(pair, 'cleared', true);
    for (const vpn of new Set(victims.map((p) => p.vpn))) if (this.vpns.get(vpn)?.establishTunnels === 'immediately') this.establish(vpn, false);
    return victims.length;
  }

  /** ESP/AH datapath accounting by SPI (inbound or outbound); drives kilobyte lifetimes and DPD. */
  recordIpsecTraffic(spi: number, direction: 'inbound' | 'outbound', bytes: number): void {
    const pair = direction === 'inbound' ? this.ipsecSaTable.get(spi) : [...this.ipsecSaTable.values()].find((p) => p.outboundSpi === spi);
    if (!pair) return;
    if (direction === 'inbound') {
      pair.counters.bytesIn += bytes;
      pair.counters.packetsIn++;
      for (const sa of this.sasOf((s) => s.gateway.name === pair.gateway)) sa.dpd?.heardFromPeer();
    } else {
      pair.counters.bytesOut += bytes;
      pair.counters.packetsOut++;
      for (const sa of this.sasOf((s) => s.gateway.name === pair.gateway)) sa.dpd?.sentToPeer();
    }
    const limit = pair.suite.lifetimeKilobytes;
    if (limit === undefined) return;
    const usedKb = Math.max(pair.counters.bytesIn, pair.counters.bytesOut) / 1024;
    if (usedKb >= limit) this.expirePair(pair);
    else if (usedKb >= limit * this.rekeyAt && pair.role === 'initiator' && !pair.rekeying) {
      pair.rekeying = true;
      this.establish(pair.vpn, true);
    }
  }

  // ---- receive ------------------------------------------------------------------------

  /**
   * One ISAKMP message from `from` that arrived on our UDP port `localPort` (the non-ESP
   * marker already removed). Never throws: bad input is dropped and counted.
   */
  receive(datagram: Buffer, from: Peer, localPort: number = IKE_PORT): void {
    this.stats.packetsReceived++;
    try {
      this.dispatch(datagram, from, localPort);
    } catch (error) {
      this.stats.internalErrors++;
      this.emit({ type: 'packet-dropped', peer: from, reason: `internal error: ${(error as Error).message}` });
    }
  }

  private dispatch(datagram: Buffer, from: Peer, localPort: number): void {
    const decoded = decodeHeader(datagram);
    if (!decoded.ok) return this.malformed(from, decoded.error.detail);
    const header = decoded.value;
    const sa = this.ikeSaTable.get(header.initiatorCookie.toString('hex'));
    if (sa && !header.responderCookie.equals(ZERO_COOKIE) && !sa.negotiation.cookieR.equals(ZERO_COOKIE) && !sa.negotiation.cookieR.equals(header.responderCookie)) {
      return this.drop(from, 'responder cookie does not match the IKE SA');
    }
    if (sa) {
      sa.counters.packetsIn++;
      sa.counters.bytesIn += datagram.length;
    }
    switch (header.exchangeType) {
      case ExchangeType.Main:
      case ExchangeType.Aggressive:
        return sa ? this.continuePhase1(sa, datagram, header, from, localPort) : this.respondPhase1(datagram, header, from, localPort);
      case ExchangeType.Quick:
        return sa ? this.quickMode(sa, datagram, header, from, localPort) : this.drop(from, 'Quick Mode for an unknown IKE SA');
      case ExchangeType.Informational:
        return this.informational(sa, datagram, header, from, localPort);
      default:
        return this.drop(from, `unsupported exchange type ${header.exchangeType}`);
    }
  }

  // ---- phase 1 ------------------------------------------------------------------------

  private authenticatorFor(gateway: GatewayConfig): Phase1Authenticator | undefined {
    return gateway.policy.preSharedKey ? preSharedKeyAuthenticator(gateway.policy.preSharedKey) : undefined;
  }

  private negotiation(gateway: GatewayConfig, role: 'initiator' | 'responder', cookieI: Buffer, auth: Phase1Authenticator, peer: Peer, localPort: number): Phase1Negotiation {
    return {
      role,
      mode: gateway.policy.mode,
      cookieI,
      cookieR: role === 'initiator' ? ZERO_COOKIE : this.newCookie(),
      policy: gateway.policy,
      localId: gateway.policy.localId ?? { type: 'ipv4', address: gateway.localAddress },
      auth,
      sendInitialContact: role === 'initiator' && this.sasOf((s) => s.gateway.name === gateway.name && s.state === 'established').length === 0,
      peerVendorIds: new Set(),
      peerInitialContact: false,
      local: { address: gateway.localAddress, port: localPort },
      peer: { ...peer },
      expect: role === 'initiator' ? 0 : 1,
    };
  }

  private startPhase1(gateway: GatewayConfig, replaces?: IkeSa): IkeSa | undefined {
    const peer = { address: gateway.address, port: gateway.port ?? IKE_PORT };
    const auth = this.authenticatorFor(gateway);
    if (!auth) {
      this.stats.phase1Failed++;
      this.emit({ type: 'phase1-failed', gateway: gateway.name, peer, local: gateway.localAddress, role: 'initiator', reason: { code: 'missing-secret', gateway: gateway.name } });
      return undefined;
    }
    const n = this.negotiation(gateway, 'initiator', this.newCookie(), auth, peer, IKE_PORT);
    const sa = new IkeSa(this.nextIkeIndex++, gateway, peer, IKE_PORT, n, this.clock.now());
    sa.replaces = replaces;
    this.ikeSaTable.set(sa.key, sa);
    this.stats.phase1Started++;
    this.emit({ type: 'phase1-started', gateway: gateway.name, peer, local: gateway.localAddress, role: 'initiator', mode: n.mode });
    this.applyPhase1Step(sa, n.mode === 'main' ? mainModeStart(n) : aggressiveModeStart(n, this.random));
    return sa;
  }

  private respondPhase1(datagram: Buffer, header: DecodedHeader, from: Peer, localPort: number): void {
    if (!header.responderCookie.equals(ZERO_COOKIE) || header.messageId !== 0) return this.drop(from, 'phase-1 message for an unknown IKE SA');
    const gateway = [...this.gateways.values()].find((g) => g.address === from.address);
    if (!gateway) {
      this.stats.phase1Failed++;
      this.emit({ type: 'phase1-failed', peer: from, role: 'responder', reason: { code: 'no-gateway', peer: from.address } });
      return this.drop(from, `no gateway for ${from.address}`);
    }
    // Both ends initiating at once (`establish-tunnels immediately` on both): the end with the
    // higher address keeps its own exchange and ignores the peer's; the other abandons its own
    // and answers, so exactly one IKE SA (and one Quick Mode) results.
    const own = this.sasOf((s) => s.gateway.name === gateway.name && s.role === 'initiator' && s.state === 'negotiating');
    if (own.length > 0) {
      if (ipv4Number(gateway.localAddress) > ipv4Number(from.address)) return this.drop(from, 'simultaneous initiation: keeping our own exchange');
      for (const sa of own) this.removeIkeSa(sa);
    }
    const peerMode = header.exchangeType === ExchangeType.Main ? 'main' : 'aggressive';
    const auth = this.authenticatorFor(gateway);
    const fail = (reason: FailureReason, notify?: number, cookieR = this.newCookie()) => {
      this.stats.phase1Failed++;
      this.emit({ type: 'phase1-failed', gateway: gateway.name, peer: from, local: gateway.localAddress, role: 'responder', reason });
      if (notify !== undefined) this.sendClearNotify(from, localPort, header.initiatorCookie, cookieR, notify);
    };
    if (gateway.policy.mode !== peerMode) return fail({ code: 'proposal-mismatch', phase: 1, mismatches: [{ attribute: 'mode', local: gateway.policy.mode, peer: peerMode }] }, NotifyType.NoProposalChosen);
    if (!auth) return fail({ code: 'missing-secret', gateway: gateway.name });
    const n = this.negotiation(gateway, 'responder', header.initiatorCookie, auth, from, localPort);
    const step = peerMode === 'main' ? mainModeProcess(n, datagram, this.random) : aggressiveModeProcess(n, datagram, this.random);
    if (step.failure) return fail(step.failure, step.notify, n.cookieR);
    const sa = new IkeSa(this.nextIkeIndex++, gateway, { ...from }, localPort, n, this.clock.now());
    sa.counters.packetsIn++;
    sa.counters.bytesIn += datagram.length;
    this.ikeSaTable.set(sa.key, sa);
    this.stats.phase1Started++;
    // A Main Mode responder does not retransmit (the initiator does); a half-open SA times out.
    if (!step.awaitReply) {
      sa.timers.push(this.clock.setTimer(giveUpAfterMs(this.retransmitPolicy), () => {
        if (sa.state === 'negotiating') this.failPhase1(sa, { code: 'no-response', transmissions: sa.counters.packetsOut, lastPeerNotify: sa.lastPeerNotify });
      }));
    }
    this.applyPhase1Step(sa, step, datagram);
  }

  private continuePhase1(sa: IkeSa, datagram: Buffer, header: DecodedHeader, from: Peer, localPort: number): void {
    if (this.isDuplicate(sa, datagram, sa)) return;
    const expectedType = sa.negotiation.mode === 'main' ? ExchangeType.Main : ExchangeType.Aggressive;
    if (header.exchangeType !== expectedType || header.messageId !== 0) return this.drop(from, 'phase-1 message of the wrong exchange');
    if (sa.state !== 'negotiating') return this.drop(from, 'phase-1 message for an established IKE SA');
    if (sa.role === 'initiator' && sa.negotiation.expect === 2 && header.responderCookie.equals(ZERO_COOKIE)) return this.drop(from, 'reply without a responder cookie');
    const n = sa.negotiation;
    const step = n.mode === 'main' ? mainModeProcess(n, datagram, this.random) : aggressiveModeProcess(n, datagram, this.random);
    if (!step.failure) {
      if (step.natDetection) this.natDiscovered(sa, step.natDetection);
      this.followPeer(sa, from, localPort);
    }
    this.applyPhase1Step(sa, step, datagram);
  }

  private applyPhase1Step(sa: IkeSa, step: Phase1Step, received?: Buffer): void {
    if (step.failure) return this.failPhase1(sa, step.failure, step.notify);
    if (received) {
      sa.lastReceived = received;
      sa.lastResponse = step.send;
    }
    sa.retransmission?.cancel();
    sa.retransmission = undefined;
    if (step.send) {
      if (step.awaitReply) {
        sa.retransmission = this.retransmit(step.send, sa, (count) =>
          this.failPhase1(sa, { code: 'no-response', transmissions: count, lastPeerNotify: sa.lastPeerNotify }),
        );
      } else this.transmitOn(sa, step.send);
    }
    if (step.established) this.phase1Established(sa);
  }

  private failPhase1(sa: IkeSa, reason: FailureReason, notify?: number): void {
    if (this.ikeSaTable.get(sa.key) !== sa) return;
    this.stats.phase1Failed++;
    this.emit({ type: 'phase1-failed', gateway: sa.gateway.name, peer: sa.peer, local: sa.gateway.localAddress, role: sa.role, reason });
    if (notify !== undefined) this.sendClearNotify(sa.peer, sa.localPort, sa.negotiation.cookieI, sa.negotiation.cookieR, notify);
    this.removeIkeSa(sa);
  }

  /** NAT-D compared: log what it showed; an initiator behind or facing a NAT floats to 4500. */
  private natDiscovered(sa: IkeSa, detection: NatDetection): void {
    if (!natDetected(detection)) return;
    this.emit({ type: 'nat-detected', gateway: sa.gateway.name, peer: sa.peer, local: { address: sa.gateway.localAddress, port: sa.localPort }, ...detection });
    if (sa.role !== 'initiator' || sa.localPort === NAT_T_PORT) return;
    // RFC 3947 4: a peer still on 500 is addressed on 4500; another port was its NAT's doing.
    this.movePeer(sa, { ...sa.peer, port: sa.peer.port === IKE_PORT ? NAT_T_PORT : sa.peer.port }, NAT_T_PORT);
  }

  /**
   * NAT-T: answer where the peer's messages come from now (its float to 4500, or its NAT's
   * new mapping), for the IKE SA and the IPsec SAs of its gateway. Only messages that passed
   * the exchange's checks get here; another address is not followed.
   */
  private followPeer(sa: IkeSa, from: Peer, localPort: number): void {
    if (!sa.negotiation.natT || from.address !== sa.peer.address) return;
    if (sa.localPort === NAT_T_PORT && localPort !== NAT_T_PORT) return; // a late message from before the float
    if (from.port !== sa.peer.port || localPort !== sa.localPort) this.movePeer(sa, { ...from }, localPort);
  }

  private movePeer(sa: IkeSa, peer: Peer, localPort: number): void {
    const previous = sa.peer;
    const floated = localPort !== sa.localPort;
    sa.peer = peer;
    sa.localPort = localPort;
    for (const pair of this.pairsOf((p) => p.gateway === sa.gateway.name)) {
      pair.peer = { ...peer };
      pair.localPort = localPort;
    }
    this.emit({ type: 'peer-moved', gateway: sa.gateway.name, peer, previous, local: { address: sa.gateway.localAddress, port: localPort }, floated });
  }

  private phase1Established(sa: IkeSa): void {
    const n = sa.negotiation;
    const now = this.clock.now();
    sa.state = 'established';
    sa.establishedAt = now;
    sa.phase1Iv = n.iv;
    const lifetimeMs = n.suite!.lifetimeSeconds * 1000;
    sa.expiresAt = now + lifetimeMs;
    for (const t of sa.timers.splice(0)) t.cancel();
    sa.timers.push(this.clock.setTimer(lifetimeMs, () => this.deleteIkeSa(sa, 'expired', { notifyPeer: true })));
    if (sa.role === 'initiator') sa.timers.push(this.clock.setTimer(lifetimeMs * this.rekeyAt, () => this.rekeyIke(sa)));
    this.stats.phase1Succeeded++;
    this.emit({
      type: 'phase1-up',
      gateway: sa.gateway.name,
      peer: sa.peer,
      local: sa.gateway.localAddress,
      role: sa.role,
      mode: n.mode,
      index: sa.index,
      initiatorCookie: n.cookieI.toString('hex'),
      responderCookie: n.cookieR.toString('hex'),
      localId: formatIdentity(n.localId),
      remoteId: n.peerId ? formatIdentification(n.peerId) : '-',
    });
    if (sa.replaces) this.deleteIkeSa(sa.replaces, 'rekeyed', { notifyPeer: true });
    for (const other of this.sasOf((s) => s !== sa && s.gateway.name === sa.gateway.name && s.state === 'negotiating' && s.role === 'initiator')) {
      for (const vpn of other.pendingVpns) sa.pendingVpns.add(vpn); // simultaneous initiation: keep one IKE SA
      this.removeIkeSa(other);
    }
    if (sa.role === 'responder' && n.peerInitialContact) {
      for (const pair of this.pairsOf((p) => p.gateway === sa.gateway.name)) this.deleteIpsecPair(pair, 'initial-contact', false);
      for (const other of this.sasOf((s) => s !== sa && s.gateway.name === sa.gateway.name)) this.deleteIkeSa(other, 'initial-contact', { notifyPeer: false });
    }
    if (n.natT?.detection?.localBehindNat && this.options.sendNatKeepalive) {
      const send = this.options.sendNatKeepalive;
      sa.natKeepalive = new NatKeepalive(this.clock, (sa.gateway.policy.natKeepalive ?? DEFAULT_NAT_KEEPALIVE) * 1000, () => send(sa.peer, sa.localPort));
    }
    const dpd = sa.gateway.policy.dpd;
    if (dpd && n.peerVendorIds.has('Dpd')) {
      sa.dpd = new DeadPeerDetection(this.clock, dpd, this.random.bytes(4).readUInt32BE(0) & 0x7fffffff, {
        sendRequest: (seq) => {
          this.stats.dpdRequestsSent++;
          this.sendInformational(sa, [dpdNotify(n, false, seq)]);
        },
        declareDead: (unanswered) => this.peerDead(sa, unanswered, dpd.interval),
      });
    }
    const pending = [...sa.pendingVpns];
    sa.pendingVpns.clear();
    for (const vpn of pending) this.startQuickMode(sa, vpn);
  }

  private rekeyIke(sa: IkeSa): void {
    if (this.ikeSaTable.get(sa.key) !== sa || !this.gateways.has(sa.gateway.name)) return;
    this.startPhase1(sa.gateway, sa);
  }

  private peerDead(sa: IkeSa, unanswered: number, interval: number): void {
    this.emit({ type: 'dpd-dead', gateway: sa.gateway.name, peer: sa.peer, unanswered, interval });
    const gateway = sa.gateway.name;
    for (const pair of this.pairsOf((p) => p.gateway === gateway)) this.deleteIpsecPair(pair, 'dpd', false);
    for (const other of this.sasOf((s) => s.gateway.name === gateway)) this.deleteIkeSa(other, 'dpd', { notifyPeer: false });
    for (const vpn of this.vpns.values()) if (vpn.gateway === gateway && vpn.establishTunnels === 'immediately') this.establish(vpn.name, false);
  }

  // ---- phase 2 ------------------------------------------------------------------------

  private establish(vpnName: string, rekey: boolean): boolean {
    const vpn = this.vpns.get(vpnName);
    const gateway = vpn && this.gateways.get(vpn.gateway);
    if (!vpn || !gateway) return false;
    if (!rekey && this.pairsOf((p) => p.vpn === vpnName).length > 0) return true;
    const sas = this.sasOf((s) => s.gateway.name === gateway.name);
    const established = sas.filter((s) => s.state === 'established').pop();
    if (established) {
      this.startQuickMode(established, vpnName);
      return true;
    }
    const negotiating = sas.find((s) => s.state === 'negotiating') ?? this.startPhase1(gateway);
    negotiating?.pendingVpns.add(vpnName);
    return negotiating !== undefined;
  }

  private quickContext(sa: IkeSa): QuickModeContext {
    const n = sa.negotiation;
    const nat = n.natT && natDetected(n.natT.detection) ? n.natT.version : undefined;
    return { keys: n.keys!, cookieI: n.cookieI, cookieR: n.cookieR, random: this.random, allocateSpi: () => this.allocateSpi(), nat };
  }

  private phase2IvFor(sa: IkeSa, messageId: number): Buffer {
    const keys = sa.negotiation.keys!;
    return phase2Iv(keys.prf, sa.phase1Iv!, messageId, keys.blockSize);
  }

  private startQuickMode(sa: IkeSa, vpnName: string): void {
    const vpn = this.vpns.get(vpnName);
    if (!vpn) return;
    if ([...sa.quickModes.values()].some((q) => q.negotiation.vpnName === vpnName && q.negotiation.expect !== 0)) return;
    const messageId = this.newMessageId(sa);
    const entry: QuickModeEntry = {
      startedAt: this.clock.now(),
      negotiation: { role: 'initiator', messageId, iv: this.phase2IvFor(sa, messageId), vpnName, policy: vpn.policy, proxy: vpn.policy.proxyIdentity ?? ANY_PROXY_IDENTITY, expect: 1 },
    };
    sa.quickModes.set(messageId, entry);
    this.stats.phase2Started++;
    this.emit({ type: 'phase2-started', vpn: vpnName, gateway: sa.gateway.name, peer: sa.peer, messageId });
    this.applyQuickStep(sa, entry, quickModeStart(this.quickContext(sa), entry.negotiation));
  }

  private quickMode(sa: IkeSa, datagram: Buffer, header: DecodedHeader, from: Peer, localPort: number): void {
    if (sa.state !== 'established' || header.messageId === 0) return this.drop(from, 'Quick Mode before phase 1 completed');
    const entry = sa.quickModes.get(header.messageId);
    if (entry) {
      if (this.isDuplicate(entry, datagram, sa)) return;
      const n = entry.negotiation;
      const ctx = this.quickContext(sa);
      const step =
        n.role === 'initiator' && n.expect === 2 ? quickModeComplete(ctx, n, datagram) : n.role === 'responder' && n.expect === 3 ? quickModeFinish(ctx, n, datagram) : undefined;
      if (!step) return this.drop(from, 'Quick Mode message after the exchange completed');
      if (!step.failure) this.followPeer(sa, from, localPort);
      return this.applyQuickStep(sa, entry, step, datagram);
    }
    const entryNew: QuickModeEntry = {
      startedAt: this.clock.now(),
      negotiation: { role: 'responder', messageId: header.messageId, iv: this.phase2IvFor(sa, header.messageId), expect: 1 },
    };
    const step = quickModeRespond(this.quickContext(sa), entryNew.negotiation, datagram, this.vpnResolver(sa));
    if (step.failure?.code === 'malformed' || step.failure?.code === 'authentication-failed') {
      // Not proven to come from the peer: drop without creating state.
      this.stats.phase2Failed++;
      this.emit({ type: 'phase2-failed', gateway: sa.gateway.name, peer: sa.peer, role: 'responder', reason: step.failure });
      return this.malformed(from, step.failure.code === 'malformed' ? step.failure.detail : 'Quick Mode HASH(1) verification failed');
    }
    sa.dpd?.heardFromPeer();
    this.followPeer(sa, from, localPort);
    this.stats.phase2Started++;
    if (!step.failure) sa.quickModes.set(header.messageId, entryNew);
    this.applyQuickStep(sa, entryNew, step, datagram);
  }

  private vpnResolver(sa: IkeSa): VpnResolver {
    return (idci, idcr) => resolveVpn([...this.vpns.values()].filter((v) => v.gateway === sa.gateway.name), sa.gateway.name, idci, idcr);
  }

  private applyQuickStep(sa: IkeSa, entry: QuickModeEntry, step: QuickModeStep, received?: Buffer): void {
    if (received && !step.failure) sa.dpd?.heardFromPeer();
    if (step.failure) return this.failPhase2(sa, entry, step.failure, step.notify);
    if (received) {
      entry.lastReceived = received;
      entry.lastResponse = step.send;
    }
    entry.retransmission?.cancel();
    entry.retransmission = undefined;
    if (step.send) {
      if (step.awaitReply) {
        entry.retransmission = this.retransmit(step.send, sa, (count) =>
          this.failPhase2(sa, entry, { code: 'no-response', transmissions: count, lastPeerNotify: entry.lastPeerNotify }),
        );
      } else this.transmitOn(sa, step.send);
    }
    if (step.established) this.installIpsec(sa, entry, step.established);
  }

  private failPhase2(sa: IkeSa, entry: QuickModeEntry, reason: FailureReason, notify?: number): void {
    const n = entry.negotiation;
    entry.retransmission?.cancel();
    entry.cleanup?.cancel();
    sa.quickModes.delete(n.messageId);
    this.stats.phase2Failed++;
    this.emit({ type: 'phase2-failed', vpn: n.vpnName, gateway: sa.gateway.name, peer: sa.peer, role: n.role, reason });
    if (notify !== undefined && this.ikeSaTable.get(sa.key) === sa && sa.state === 'established') {
      const spi = n.outboundSpi ?? n.inboundSpi;
      const protocol = n.suite?.protocol === 'ah' ? ProtocolId.IpsecAh : ProtocolId.IpsecEsp;
      this.stats.notifiesSent++;
      this.sendInformational(sa, [spi ? ipsecNotify(protocol, spi, notify) : isakmpNotify(sa.negotiation.cookieI, sa.negotiation.cookieR, notify)]);
    }
  }

  private installIpsec(sa: IkeSa, entry: QuickModeEntry, result: QuickModeResult): void {
    const n = entry.negotiation;
    const vpnName = n.vpnName!;
    const now = this.clock.now();
    if (n.role === 'initiator') {
      for (const old of this.pairsOf((p) => p.vpn === vpnName && p.establishedAt <= entry.startedAt)) this.deleteIpsecPair(old, 'rekeyed', true);
    }
    const lifetimeMs = result.suite.lifetimeSeconds * 1000;
    const pair: IpsecSaPair = {
      index: this.tunnelIndexes.get(vpnName) ?? 0,
      vpn: vpnName,
      gateway: sa.gateway.name,
      peer: { ...sa.peer },
      localPort: sa.localPort,
      role: n.role,
      suite: result.suite,
      inboundSpi: result.inboundSpi.readUInt32BE(0),
      outboundSpi: result.outboundSpi.readUInt32BE(0),
      inboundKeys: result.inbound,
      outboundKeys: result.outbound,
      proxy: result.proxy,
      establishedAt: now,
      expiresAt: now + lifetimeMs,
      counters: { bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0 },
      timers: [],
      rekeying: false,
    };
    this.ipsecSaTable.set(pair.inboundSpi, pair);
    pair.timers.push(this.clock.setTimer(lifetimeMs, () => this.expirePair(pair)));
    if (n.role === 'initiator') {
      pair.timers.push(this.clock.setTimer(lifetimeMs * this.rekeyAt, () => {
        if (this.ipsecSaTable.get(pair.inboundSpi) !== pair || !this.vpns.has(pair.vpn)) return;
        pair.rekeying = true;
        this.establish(pair.vpn, true);
      }));
    }
    entry.cleanup = this.clock.setTimer(giveUpAfterMs(this.retransmitPolicy), () => sa.quickModes.delete(n.messageId));
    for (const other of this.ikeSaTable.values()) other.pendingVpns.delete(vpnName);
    this.stats.phase2Succeeded++;
    this.emit({
      type: 'phase2-up',
      vpn: vpnName,
      gateway: sa.gateway.name,
      peer: sa.peer,
      role: n.role,
      index: pair.index,
      inboundSpi: pair.inboundSpi,
      outboundSpi: pair.outboundSpi,
      algorithm: algorithmLabel(result.suite),
      localProxy: result.proxy.local,
      remoteProxy: result.proxy.remote,
    });
  }

  private expirePair(pair: IpsecSaPair): void {
    if (this.ipsecSaTable.get(pair.inboundSpi) !== pair) return;
    this.deleteIpsecPair(pair, 'expired', true);
    const vpn = this.vpns.get(pair.vpn);
    if (vpn?.establishTunnels === 'immediately') this.establish(vpn.name, false);
  }

  private abandonQuickModes(vpnName: string): void {
    for (const sa of this.ikeSaTable.values()) {
      sa.pendingVpns.delete(vpnName);
      for (const [mid, entry] of sa.quickModes) {
        if (entry.negotiation.vpnName !== vpnName) continue;
        entry.retransmission?.cancel();
        entry.cleanup?.cancel();
        sa.quickModes.delete(mid);
      }
    }
  }

  // ---- informational ------------------------------------------------------------------

  private informationalContext(sa: IkeSa): InformationalContext | undefined {
    const n = sa.negotiation;
    return sa.state === 'established' && n.keys && sa.phase1Iv ? { cookieI: n.cookieI, cookieR: n.cookieR, keys: n.keys, phase1Iv: sa.phase1Iv } : undefined;
  }

  private informational(sa: IkeSa | undefined, datagram: Buffer, header: DecodedHeader, from: Peer, localPort: number): void {
    const encrypted = header.flags.encrypted;
    const ctx = sa ? this.informationalContext(sa) : undefined;
    const opened = openInformational(datagram, encrypted, ctx, header.messageId);
    if (!opened.ok) return encrypted && !ctx ? this.drop(from, opened.detail) : this.malformed(from, opened.detail);
    if (!opened.authenticated) {
      for (const notify of opened.notifies) {
        this.stats.notifiesReceived++;
        const name = notifyName(notify.notifyType);
        this.emit({ type: 'notify-received', peer: from, notify: name, authenticated: false });
        if (sa && sa.state === 'negotiating') sa.lastPeerNotify = this.annotate(sa, name);
      }
      if (opened.deletes.length) this.drop(from, 'unauthenticated Delete ignored');
      return;
    }
    const live = sa!;
    live.dpd?.heardFromPeer();
    this.followPeer(live, from, localPort);
    for (const notify of opened.notifies) this.handleNotify(live, notify, from);
    for (const del of opened.deletes) this.handleDelete(live, del);
  }

  /** A clear error notify during Main Mode message 5/6 means the peer could not read us. */
  private annotate(sa: IkeSa, name: string): string {
    const n = sa.negotiation;
    return n.mode === 'main' && n.role === 'initiator' && n.expect === 6 && name !== 'NO-PROPOSAL-CHOSEN' ? `${name}: pre-shared key mismatch?` : name;
  }

  private handleNotify(sa: IkeSa, notify: NotifyPayload, from: Peer): void {
    if (notify.notifyType === NotifyType.RUThere || notify.notifyType === NotifyType.RUThereAck) {
      if (notify.data.length !== 4) return this.malformed(from, 'DPD notify without a 4-byte sequence number');
      const seq = notify.data.readUInt32BE(0);
      if (notify.notifyType === NotifyType.RUThere) {
        this.stats.dpdRequestsReceived++;
        this.stats.dpdAcksSent++;
        this.sendInformational(sa, [dpdNotify(sa.negotiation, true, seq)]);
      } else {
        this.stats.dpdAcksReceived++;
        sa.dpd?.acknowledge(seq);
      }
      return;
    }
    this.stats.notifiesReceived++;
    const name = notifyName(notify.notifyType);
    this.emit({ type: 'notify-received', peer: from, notify: name, authenticated: true });
    if (notify.notifyType >= 16384) return; // status notifies (INITIAL-CONTACT, RESPONDER-LIFETIME ...)
    const inProgress = [...sa.quickModes.values()].filter((q) => q.negotiation.role === 'initiator' && q.negotiation.expect === 2);
    const target = inProgress.find((q) => q.negotiation.inboundSpi?.equals(notify.spi)) ?? (inProgress.length === 1 ? inProgress[0] : undefined);
    if (target) this.failPhase2(sa, target, { code: 'peer-notify', notify: name });
  }

  private handleDelete(sa: IkeSa, del: DeletePayload): void {
    this.stats.deletesReceived++;
    if (del.protocolId === ProtocolId.Isakmp) {
      const own = Buffer.concat([sa.negotiation.cookieI, sa.negotiation.cookieR]);
      const target = del.spis.some((spi) => spi.equals(own)) ? sa : undefined;
      if (target) this.deleteIkeSa(target, 'peer-delete', { notifyPeer: false });
      return;
    }
    const reopen = new Set<string>();
    for (const spi of del.spis) {
      if (spi.length !== 4) continue;
      const value = spi.readUInt32BE(0);
      for (const pair of this.pairsOf((p) => p.gateway === sa.gateway.name && p.outboundSpi === value)) {
        this.deleteIpsecPair(pair, 'peer-delete', false);
        reopen.add(pair.vpn);
      }
    }
    for (const vpn of reopen) if (this.vpns.get(vpn)?.establishTunnels === 'immediately') this.establish(vpn, false);
  }

  // ---- deletion -----------------------------------------------------------------------

  private removeIkeSa(sa: IkeSa): void {
    sa.cancelTimers();
    if (this.ikeSaTable.get(sa.key) === sa) this.ikeSaTable.delete(sa.key);
  }

  private deleteIkeSa(sa: IkeSa, cause: DeleteCause, options: { notifyPeer: boolean }): void {
    if (this.ikeSaTable.get(sa.key) !== sa) return;
    if (options.notifyPeer && sa.state === 'established') {
      this.stats.deletesSent++;
      this.sendInformational(sa, [deleteIkeSa(sa.negotiation.cookieI, sa.negotiation.cookieR)]);
    }
    this.removeIkeSa(sa);
    this.emit({ type: 'ike-sa-deleted', gateway: sa.gateway.name, peer: sa.peer, index: sa.index, cause });
  }

  private deleteIpsecPair(pair: IpsecSaPair, cause: DeleteCause, notifyPeer: boolean): void {
    if (this.ipsecSaTable.get(pair.inboundSpi) !== pair) return;
    for (const t of pair.timers.splice(0)) t.cancel();
    this.ipsecSaTable.delete(pair.inboundSpi);
    const ike = this.sasOf((s) => s.gateway.name === pair.gateway && s.state === 'established').pop();
    if (notifyPeer && ike) {
      const spi = Buffer.alloc(4);
      spi.writeUInt32BE(pair.inboundSpi);
      this.stats.deletesSent++;
      this.sendInformational(ike, [deleteIpsecSas(pair.suite.protocol === 'esp' ? ProtocolId.IpsecEsp : ProtocolId.IpsecAh, [spi])]);
    }
    this.emit({ type: 'ipsec-sa-deleted', vpn: pair.vpn, gateway: pair.gateway, peer: pair.peer, index: pair.index, inboundSpi: pair.inboundSpi, outboundSpi: pair.outboundSpi, cause });
  }

  // ---- sending ------------------------------------------------------------------------

  private transmit(datagram: Buffer, peer: Peer, localPort: number): void {
    this.stats.packetsSent++;
    this.options.send(datagram, peer, localPort);
  }

  /** Sends on the IKE SA's current ports (they move when NAT traversal floats). */
  private transmitOn(sa: IkeSa, datagram: Buffer): void {
    sa.counters.packetsOut++;
    sa.counters.bytesOut += datagram.length;
    this.transmit(datagram, sa.peer, sa.localPort);
  }

  private retransmit(datagram: Buffer, sa: IkeSa, giveUp: (transmissions: number) => void): Retransmission {
    return new Retransmission(this.clock, this.retransmitPolicy, datagram, (d, again) => {
      if (again) this.stats.retransmissions++;
      this.transmitOn(sa, d);
    }, giveUp).start();
  }

  /** A retransmitted request: answer again with what we answered before. */
  private isDuplicate(memory: { lastReceived?: Buffer; lastResponse?: Buffer }, datagram: Buffer, sa: IkeSa): boolean {
    if (!memory.lastReceived?.equals(datagram)) return false;
    this.stats.duplicatesReceived++;
    if (memory.lastResponse) {
      this.stats.retransmissions++;
      this.transmit(memory.lastResponse, sa.peer, sa.localPort);
    }
    return true;
  }

  private sendInformational(sa: IkeSa, content: (NotifyPayload | DeletePayload)[]): void {
    const ctx = this.informationalContext(sa);
    if (!ctx) return;
    this.transmitOn(sa, buildInformational(ctx, this.newMessageId(sa), content));
  }

  private sendClearNotify(peer: Peer, localPort: number, cookieI: Buffer, cookieR: Buffer, notifyType: number): void {
    this.stats.notifiesSent++;
    this.transmit(buildClearNotify(cookieI, cookieR, notifyType), peer, localPort);
  }

  // ---- helpers ------------------------------------------------------------------------

  private emit(event: IkeEvent): void {
    this.options.log?.({ time: this.clock.now(), level: levelOf(event), event, message: formatEvent(event) });
  }

  private drop(peer: Peer, reason: string): void {
    this.stats.droppedReceived++;
    this.emit({ type: 'packet-dropped', peer, reason });
  }

  private malformed(peer: Peer, reason: string): void {
    this.stats.malformedReceived++;
    this.emit({ type: 'packet-dropped', peer, reason: `malformed: ${reason}` });
  }

  private sasOf(predicate: (sa: IkeSa) => boolean): IkeSa[] {
    return [...this.ikeSaTable.values()].filter(predicate);
  }

  private pairsOf(predicate: (p: IpsecSaPair) => boolean): IpsecSaPair[] {
    return [...this.ipsecSaTable.values()].filter(predicate);
  }

  private newCookie(): Buffer {
    for (;;) {
      const cookie = this.random.bytes(8);
      if (!cookie.equals(ZERO_COOKIE) && !this.ikeSaTable.has(cookie.toString('hex'))) return cookie;
    }
  }

  private newMessageId(sa: IkeSa): number {
    for (;;) {
      const id = this.random.bytes(4).readUInt32BE(0);
      if (id !== 0 && !sa.quickModes.has(id)) return id;
    }
  }

  private allocateSpi(): Buffer {
    for (;;) {
      const spi = this.random.bytes(4);
      const value = spi.readUInt32BE(0);
      if (value >= 256 && !this.ipsecSaTable.has(value)) return spi;
    }
  }
}


