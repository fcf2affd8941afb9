// Transit traffic, following the seed's "Traffic Processing" steps: route lookup → egress
// zone → security policy (first match) → for a policy-based VPN the policy's tunnel, for a
// route-based one the st0 interface's VPN → ESP with the SA's real keys → the wire; and
// inbound: SPI lookup → integrity → anti-replay → decryption → route → policy → delivery.
// A permitted first packet creates a flow session (engine/flow/session-table.ts); later
// packets of either direction match it before any policy lookup, and replies follow the
// session's tunnel: replies arriving in clear to a flow that came out of a tunnel go back in.
// With NAT traversal an SA's ESP travels inside UDP between the IKE SA's NAT-T ports (RFC
// 3948); the stack hands such datagrams to decapsulate() like raw ESP.
import { object, objects, type ConfigObject } from '../config/view.ts';
import type { IkeEngine } from '../ike/sa/engine.ts';
import type { IpsecSaSnapshot } from '../ike/sa/ipsec-sa.ts';
import { saStatesFromSnapshot } from '../ipsec/from-snapshot.ts';
import { manualTunnels, type ManualTunnel } from './manual-sas.ts';
import { inboundSelector, type InboundSa, type OutboundSa } from '../ipsec/sa-state.ts';
import type { UdpPorts } from '../ipsec/udp-encapsulation.ts';
import { ipsecStatistics, type IpsecStatistics } from '../ipsec/statistics.ts';
import { PolicyCounters, PolicyTable, type SecurityPolicy } from '../flow/policy.ts';
import { DEFAULT_PERMIT_POLICY, isEchoReply, keyTuple, LOCAL_INTERFACE, SELF_TRAFFIC_POLICY, SessionTable, wingKeyOf, type FlowSession, type WingName } from '../flow/session-table.ts';
import { defaultInactivityTimeout, type FlowTuple } from '../flow/tuple.ts';
import type { Clock } from '../runtime/clock.ts';
import type { Random } from '../runtime/random.ts';
import { hostInboundAllows } from '../net/host-inbound.ts';
import { decodeIcmp, encodeIcmp, IcmpType } from '../net/icmp.ts';
import { decodeIpv4, encodeIpv4, Protocol, type Ipv4Packet } from '../net/ipv4.ts';
import type { LogicalInterface } from '../net/interface-table.ts';
import { lookup } from '../net/routing-table.ts';
import type { FlowError, NetworkStack } from '../net/stack.ts';

interface Tunnel {
  peer: string;
  outbound: OutboundSa;
  /** UDP-encapsulated SAs: our NAT-T port and the peer's, as the IKE SA knows them now. */
  udp?: UdpPorts;
}

const udpPortsOf = (p: IpsecSaSnapshot): UdpPorts | undefined => (p.udpEncapsulated ? { sourcePort: p.localPort, destinationPort: p.port } : undefined);

/** Why transit packets were dropped (the flow error statistics). */
export type DropReason = 'no route' | 'policy deny' | 'policy reject' | 'no zone' | 'ttl exceeded' | 'no SA' | 'no tunnel' | 'unknown SPI' | 'bad inner packet' | `ipsec ${string}`;

/**
 * The interface flow error each drop counts as, on the ingress logical interface. IPsec
 * integrity/replay/format failures are not flow errors: they show in
 * `show security ipsec statistics` (so "Authentication failed" stays 0 here).
 */
const FLOW_ERROR_OF: Partial<Record<DropReason, FlowError>> = {
  'no route': 'noRoute',
  'policy deny': 'policyDenied',
  'policy reject': 'policyDenied',
  'no zone': 'noZone',
  'no SA': 'saNotActive',
  'no tunnel': 'noTunnel',
  'unknown SPI': 'noSaForSpi',
};

export class Forwarder {
  policies: PolicyTable = PolicyTable.fromConfig({});
  readonly policyCounters = new PolicyCounters();
  readonly drops = new Map<DropReason, number>();
  private config: ConfigObject = {};
  private readonly inbound = new Map<number, { sa: InboundSa; vpn: string }>();
  private readonly tunnels = new Map<string, Tunnel>();
  /** Manual-key VPNs, from the configuration rather than from IKE. */
  private manual: ManualTunnel[] = [];
  /** SA states of deleted SAs: their counters still count in the statistics. */
  private readonly retired: (InboundSa | OutboundSa)[] = [];
  /** The flow sessions (`show security flow session`). */
  readonly sessions: SessionTable;

  constructor(
    private readonly stack: NetworkStack,
    private readonly ike: IkeEngine,
    private readonly random: Random,
    clock: Clock,
  ) {
    this.sessions = new SessionTable(clock, { closed: (s) => this.sessionClosed(s) });
  }

  /** Takes a new committed configuration; returns why any manual-key VPN could not be installed. */
  reconfigure(config: ConfigObject): string[] {
    this.config = config;
    this.policies = PolicyTable.fromConfig(config, this.policies);
    this.policyCounters.reconcile(this.policies);
    const manual = manualTunnels(config, this.random);
    const kept = new Map(this.manual.map((m) => [m.identity, m]));
    const next = manual.tunnels.map((m) => kept.get(m.identity) ?? m);
    this.retired.push(...this.manual.filter((m) => !next.includes(m)).flatMap((m) => [m.inbound, m.outbound]));
    this.manual = next;
    return manual.problems;
  }

  /** Follows the IKE engine's SA table: new pairs get packet states, deleted ones retire, moved peers (NAT) are followed. */
  syncSas(pairs: readonly IpsecSaSnapshot[]): void {
    const live = new Set(pairs.map((p) => p.inbound.spi));
    for (const [spi, entry] of this.inbound) {
      if (live.has(spi)) continue;
      this.inbound.delete(spi);
      this.retired.push(entry.sa);
    }
    for (const [vpn, t] of this.tunnels) {
      if (pairs.some((p) => p.vpn === vpn && p.outbound.spi === t.outbound.spi)) continue;
      this.tunnels.delete(vpn);
      this.retired.push(t.outbound);
    }
    for (const p of pairs) {
      const tunnel = this.tunnels.get(p.vpn);
      if (tunnel?.outbound.spi === p.outbound.spi) tunnel.udp = udpPortsOf(p);
      if (this.inbound.has(p.inbound.spi)) continue;
      const { inbound, outbound } = saStatesFromSnapshot(p, 'tunnel', this.random);
      this.inbound.set(p.inbound.spi, { sa: inbound, vpn: p.vpn });
      this.tunnels.set(p.vpn, { peer: p.remoteAddress, outbound, udp: udpPortsOf(p) });
    }
  }

  statistics(): IpsecStatistics {
    return ipsecStatistics([
      ...[...this.inbound.values()].map((e) => e.sa),
      ...[...this.tunnels.values()].map((t) => t.outbound),
      ...this.manual.flatMap((m) => [m.inbound, m.outbound]),
      ...this.retired,
    ]);
  }

  /** The inbound SA for an SPI: negotiated ones first, then manual keys. */
  private inboundFor(spi: number): { sa: InboundSa; vpn: string } | undefined {
    const m = this.manual.find((t) => t.inbound.spi === spi);
    return this.inbound.get(spi) ?? (m && { sa: m.inbound, vpn: m.vpn });
  }

  private tunnelFor(vpn: string): Tunnel | undefined {
    const m = this.manual.find((t) => t.vpn === vpn);
    return this.tunnels.get(vpn) ?? (m && { peer: m.peer, outbound: m.outbound });
  }

  /**
   * A packet arriving on `ingress` for an address that is not ours; `fromVpn` names the VPN it
   * was decrypted from.
   */
  forward(p: Ipv4Packet, ingress: LogicalInterface, fromVpn?: string): void {
    const at = ingress.name;
    if (p.protocol === Protocol.ICMP) this.stack.flowCounters(at).icmpPackets++;
    if (!ingress.zone) return this.drop('no zone', at);
    if (p.ttl <= 1) return this.drop('ttl exceeded', at);
    const route = lookup(this.stack.routes, p.dst);
    const egress = this.stack.interfaces.find((i) => i.name === route?.via);
    if (!route || route.action || !egress) return this.drop('no route', at);
    if (!egress.zone) return this.drop('no zone', at);
    const next = { ...p, ttl: p.ttl - 1 };
    const key = wingKeyOf(p);
    const hit = this.sessions.lookup(key);
    if (hit) {
      // An existing flow: no policy lookup; the session's tunnel, else the route's.
      this.countPacket(hit.session, hit.wing, p);
      this.permitted(p, at, egress.name);
      const tied = this.sessionVpn(hit.session, hit.wing);
      const vpn = (tied !== fromVpn ? tied : undefined) ?? this.boundVpn(egress.name);
      if (vpn) return void this.encrypt(vpn, next, at);
      return void this.stack.transmit(encodeIpv4(next), egress);
    }
    const decision = this.policies.lookup(ingress.zone, egress.zone, tupleOf(p), this.policyCounters);
    if (decision.action.kind === 'deny') return this.failed('policy deny', at);
    if (decision.action.kind === 'reject') {
      this.rejectWithIcmp(p, ingress);
      return this.failed('policy reject', at);
    }
    // Policy-based VPN: the policy names the tunnel (traffic already out of it is delivered).
    const tunnelled = decision.action.kind === 'permit' ? decision.action.tunnel?.ipsecVpn : undefined;
    // A tunnel policy encrypts toward its gateway; clear traffic matching it from the other
    // side (the pair policy's direction) should have come out of the tunnel: it is dropped.
    if (tunnelled && !fromVpn && egress.name !== this.externalInterface(tunnelled)) return this.failed('no tunnel', at);
    const vpn = (!fromVpn && tunnelled) || this.boundVpn(egress.name);
    const session = this.sessions.create(
      {
        policy: 'policy' in decision ? { name: decision.policy.name, index: decision.policy.index } : DEFAULT_PERMIT_POLICY,
        key,
        inInterface: ingress.name,
        outInterface: egress.name,
        timeout: 'policy' in decision ? this.policies.applications.inactivityTimeout(decision.policy.applications, keyTuple(key)) : defaultInactivityTimeout(p.protocol),
        tunnel: { ...(fromVpn ? { in: fromVpn } : {}), ...(vpn ? { out: vpn } : {}) },
      },
      packetBytes(p),
    );
    this.permitted(p, at, egress.name);
    if (session) this.stack.flowCounters(at).connections++;
    if (session && 'policy' in decision) {
      this.sessionPolicies.set(session.id, decision.policy);
      const stats = this.policyCounters.mutable(decision.policy);
      stats.sessionsCreated++;
      stats.activeSessions++;
      stats.inputPackets++;
      stats.inputBytes += packetBytes(p);
    }
    if (vpn) return void this.encrypt(vpn, next, at);
    this.stack.transmit(encodeIpv4(next), egress);
  }

  /** A transit packet a policy or session let through: bytes permitted in and out. */
  private permitted(p: Ipv4Packet, ingress: string, egress: string): void {
    this.stack.flowCounters(ingress).bytesPermitted += packetBytes(p);
    this.stack.flowCounters(egress).outputBytesPermitted += packetBytes(p);
  }

  /** A packet the device itself sends: into the tunnel when its route is a bound st0 unit. */
  originate(p: Ipv4Packet): boolean | undefined {
    const hit = this.sessions.lookup(wingKeyOf(p));
    if (hit) {
      // A reply to a flow that reached us (or more of one we started): its tunnel, else the route's.
      this.countPacket(hit.session, hit.wing, p);
      const vpn = this.sessionVpn(hit.session, hit.wing) ?? this.boundVpn(lookup(this.stack.routes, p.dst)?.via ?? '');
      return vpn ? this.encrypt(vpn, p, undefined) : undefined;
    }
    const via = lookup(this.stack.routes, p.dst)?.via ?? '';
    const vpn = this.boundVpn(via);
    if (!vpn) return undefined;
    // Only flows the data plane sees both ways get sessions: the tunnel's (plaintext host
    // traffic is delivered by the stack without passing here).
    this.sessions.create({ policy: SELF_TRAFFIC_POLICY, key: wingKeyOf(p), inInterface: LOCAL_INTERFACE, outInterface: via, timeout: defaultInactivityTimeout(p.protocol), tunnel: { out: vpn } }, packetBytes(p));
    return this.encrypt(vpn, p, undefined);
  }

  /** An ESP (raw or in UDP) or AH datagram addressed to us: decapsulate, then forward or deliver the inner packet. */
  decapsulate(frame: Buffer, ingress: LogicalInterface): void {
    const selector = inboundSelector(frame);
    const entry = selector && this.inboundFor(selector.spi);
    if (!entry) return this.drop('unknown SPI', ingress.name);
    const r = entry.sa.unprotect(frame);
    if (!r.ok) return this.drop(`ipsec ${r.reason}`);
    this.ike.recordIpsecTraffic(entry.sa.spi, 'inbound', r.inner.length);
    const inner = decodeIpv4(r.inner);
    if (!inner.ok) return this.drop('bad inner packet');
    // Route-based tunnels deliver as if received on their st0 unit (and its zone).
    const st0 = this.bindInterface(entry.vpn);
    const from = (st0 && this.stack.interfaces.find((i) => i.name === st0)) || ingress;
    const local = this.stack.localAddresses().includes(inner.packet.dst);
    if (from !== ingress) this.stack.count(from.name, 'input', r.inner.length, local);
    if (local) {
      if (from !== ingress) {
        const flow = this.stack.flowCounters(from.name);
        flow.selfPackets++;
        if (inner.packet.protocol === Protocol.ICMP) flow.icmpPackets++;
      }
      this.localSession(inner.packet, from, entry.vpn);
      return this.stack.deliver(inner.packet, from);
    }
    this.forward(inner.packet, from, entry.vpn);
  }

  /** A decrypted packet for the device itself: its session, or a new one when host-inbound admits it. */
  private localSession(p: Ipv4Packet, from: LogicalInterface, vpn: string): void {
    const key = wingKeyOf(p);
    const hit = this.sessions.lookup(key);
    if (hit) return this.countPacket(hit.session, hit.wing, p);
    const service = hostService(p, key.destinationPort);
    if (!service || !hostInboundAllows(this.config, from.zone, from.name, service)) return;
    this.sessions.create({ policy: SELF_TRAFFIC_POLICY, key, inInterface: from.name, outInterface: LOCAL_INTERFACE, timeout: defaultInactivityTimeout(p.protocol), tunnel: { in: vpn } }, packetBytes(p));
  }

  /** The VPN a packet of this wing must be encrypted into, when the session is tied to one. */
  private sessionVpn(s: FlowSession, wing: WingName): string | undefined {
    return wing === 'in' ? s.tunnel.out : s.tunnel.in;
  }

  private countPacket(s: FlowSession, wing: WingName, p: Ipv4Packet): void {
    const bytes = packetBytes(p);
    this.sessions.count(s, wing, bytes, { echoReply: wing === 'out' && isEchoReply(p) });
    const stats = this.liveStats(s);
    if (!stats) return;
    if (wing === 'in') {
      stats.inputPackets++;
      stats.inputBytes += bytes;
    } else {
      stats.outputPackets++;
      stats.outputBytes += bytes;
    }
  }

  /** Configured policies behind live sessions, by session id (for their counters). */
  private readonly sessionPolicies = new Map<number, SecurityPolicy>();

  /** The counters of the session's policy, while the committed table still has it unchanged. */
  private liveStats(s: FlowSession) {
    const policy = this.sessionPolicies.get(s.id);
    if (!policy || this.policies.find(policy.fromZone, policy.toZone, policy.name)?.identity !== policy.identity) return undefined;
    return this.policyCounters.mutable(policy);
  }

  private sessionClosed(s: FlowSession): void {
    const stats = this.liveStats(s);
    this.sessionPolicies.delete(s.id);
    if (!stats) return;
    stats.activeSessions = Math.max(0, stats.activeSessions - 1);
    stats.sessionDeletions++;
  }

  /**
   * `then reject`: unlike deny, the sender hears about it — an ICMP destination unreachable,
   * administratively prohibited (type 3, code 13), quoting the refused packet's header and
   * first 8 bytes (RFC 792). ICMP errors are never answered with errors.
   */
  private rejectWithIcmp(p: Ipv4Packet, ingress: LogicalInterface): void {
    const from = ingress.addresses[0]?.address;
    if (!from || (p.protocol === Protocol.ICMP && decodeIcmp(p.payload).ok && ![0, 8].includes(p.payload[0]!))) return;
    const quoted = encodeIpv4(p).subarray(0, 28);
    const icmp = encodeIcmp({ type: IcmpType.UNREACHABLE, code: 13, id: 0, seq: 0, data: quoted });
    this.stack.send({ src: from, dst: p.src, protocol: Protocol.ICMP, ttl: 64, id: 0, df: false, tos: 0, payload: icmp });
  }

  /** A first packet the policy refused: dropped, and counted as a failed session. */
  private failed(reason: DropReason, ingress: string): void {
    this.sessions.failed++;
    this.drop(reason, ingress);
  }

  /**
   * Encrypts into `vpn`'s tunnel. `ingress` names the interface a transit packet arrived on
   * (its flow errors); undefined for what the device itself sends. A route-based VPN's st0
   * unit counts the clear datagram as output (local when the device originated it).
   */
  private encrypt(vpn: string, inner: Ipv4Packet, ingress: string | undefined): boolean {
    const t = this.tunnelFor(vpn);
    if (!t) {
      // No SA yet: an on-traffic VPN starts IKE now, and this packet is dropped.
      this.ike.initiate(vpn);
      this.drop('no SA', ingress);
      return false;
    }
    const local = this.stack.sourceFor(t.peer);
    if (!local) {
      this.drop('no route', ingress);
      return false;
    }
    const plain = encodeIpv4(inner);
    const st0 = this.bindInterface(vpn);
    if (st0) this.stack.count(st0, 'output', plain.length, ingress === undefined);
    const outer = t.outbound.protect(plain, local, t.peer, t.udp);
    this.ike.recordIpsecTraffic(t.outbound.spi, 'outbound', plain.length);
    return this.stack.transmitTo(outer, t.peer);
  }

  private bindInterface(vpn: string): string | undefined {
    const vpns = (((this.config.security ?? {}) as ConfigObject).ipsec as ConfigObject | undefined)?.vpn;
    const v = (Array.isArray(vpns) ? (vpns as ConfigObject[]) : []).find((x) => x.name === vpn);
    return typeof v?.['bind-interface'] === 'string' ? v['bind-interface'] : undefined;
  }

  /** The external interface a VPN's gateway (or manual SA) uses. */
  private externalInterface(vpn: string): string | undefined {
    const security = object(this.config.security);
    const v = objects(object(security.ipsec).vpn).find((x) => x.name === vpn);
    if (!v) return undefined;
    if (v.manual !== undefined) return object(v.manual)['external-interface'] as string | undefined;
    const gateway = objects(object(security.ike).gateway).find((g) => g.name === object(v.ike).gateway);
    return gateway?.['external-interface'] as string | undefined;
  }

  private boundVpn(ifName: string): string | undefined {
    const vpns = (((this.config.security ?? {}) as ConfigObject).ipsec as ConfigObject | undefined)?.vpn;
    const v = (Array.isArray(vpns) ? (vpns as ConfigObject[]) : []).find((x) => x['bind-interface'] === ifName);
    return typeof v?.name === 'string' ? v.name : undefined;
  }

  /** Counts a drop by reason, and as its flow error on the ingress logical interface when known. */
  private drop(reason: DropReason, ingress?: string): void {
    this.drops.set(reason, (this.drops.get(reason) ?? 0) + 1);
    const error = FLOW_ERROR_OF[reason];
    if (ingress && error) this.stack.flowError(ingress, error);
  }
}

/** A packet's size as a session counts it: the (inner) IP datagram. */
function packetBytes(p: Ipv4Packet): number {
  return 20 + p.payload.length;
}

/** The host-inbound service a packet for the device needs (the ones the stack answers). */
function hostService(p: Ipv4Packet, destinationPort: number): string | undefined {
  if (p.protocol === Protocol.ICMP) return p.payload[0] === 8 ? 'ping' : undefined;
  if (p.protocol === Protocol.UDP && (destinationPort === 500 || destinationPort === 4500)) return 'ike';
  return undefined;
}

function tupleOf(p: Ipv4Packet): FlowTuple {
  const t: FlowTuple = { source: p.src, destination: p.dst, protocol: p.protocol };
  if ((p.protocol === Protocol.TCP || p.protocol === Protocol.UDP) && p.payload.length >= 4) {
    t.sourcePort = p.payload.readUInt16BE(0);
    t.destinationPort = p.payload.readUInt16BE(2);
  } else if (p.protocol === Protocol.ICMP) {
    const m = decodeIcmp(p.payload);
    if (m.ok) {
      t.icmpType = m.message.type;
      t.icmpCode = m.message.code;
    }
  }
  return t;
}
