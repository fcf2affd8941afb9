// A device's IPv4 stack on the lab wire: local delivery (UDP sockets, ICMP echo), host-inbound
// checks, route lookup for what the device sends itself, and per-interface counters.
// Forwarding transit traffic belongs to the data plane.
import type { ConfigObject } from '../config/view.ts';
import type { Endpoint } from '../lab/wire.ts';
import { espInUdp } from '../ipsec/udp-encapsulation.ts';
import { decodeIcmp, encodeIcmp, IcmpType } from './icmp.ts';
import { hostInboundAllows } from './host-inbound.ts';
import { inSubnet, interfaceTable, type LogicalInterface } from './interface-table.ts';
import { decodeIpv4, encodeIpv4, Protocol, type Ipv4Packet } from './ipv4.ts';
import { lookup, routingTable, type Route } from './routing-table.ts';
import { decodeUdp, encodeUdp } from './udp.ts';

export interface UdpEndpoint {
  address: string;
  port: number;
}

export type UdpHandler = (payload: Buffer, from: UdpEndpoint, to: UdpEndpoint, ingress: string) => void;

export const routeKey = (r: Route) => `${r.prefix}/${r.prefixLength} ${r.protocol} ${r.via ?? r.action} ${r.nextHop ?? ''}`;

export interface EchoReply {
  from: string;
  seq: number;
  ttl: number;
  /** ICMP message size (header and data), as ping reports it. */
  bytes: number;
}

/**
 * A logical interface's traffic: totals, and the part to or from the device itself (Junos's
 * "Local statistics"; transit is the difference). On st0 units the bytes are the clear
 * (inner) datagrams: encrypted into the unit is output, decrypted out of it is input.
 */
export interface InterfaceCounters {
  inputPackets: number;
  inputBytes: number;
  outputPackets: number;
  outputBytes: number;
  localInputPackets: number;
  localInputBytes: number;
  localOutputPackets: number;
  localOutputBytes: number;
}

/** Junos's "Flow error statistics (Packets dropped due to):" list, in its order: key and label. */
export const FLOW_ERRORS = [
  ['addressSpoofing', 'Address spoofing:'],
  ['authenticationFailed', 'Authentication failed:'],
  ['incomingNatErrors', 'Incoming NAT errors:'],
  ['invalidZone', 'Invalid zone received packet:'],
  ['multipleUserAuthentications', 'Multiple user authentications:'],
  ['multipleIncomingNat', 'Multiple incoming NAT:'],
  ['noParentForGate', 'No parent for a gate:'],
  ['noOneInterestedInSelf', 'No one interested in self packets:'],
  ['noMinorSession', 'No minor session:'],
  ['noMoreSessions', 'No more sessions:'],
  ['noNatGate', 'No NAT gate:'],
  ['noRoute', 'No route present:'],
  ['noSaForSpi', 'No SA for incoming SPI:'],
  ['noTunnel', 'No tunnel found:'],
  ['noSessionForGate', 'No session for a gate:'],
  ['noZone', 'No zone or NULL zone binding'],
  ['policyDenied', 'Policy denied:'],
  ['saNotActive', 'Security association not active:'],
  ['tcpOutOfWindow', 'TCP sequence number out of window:'],
  ['synAttack', 'Syn-attack protection:'],
  ['userAuthenticationErrors', 'User authentication errors:'],
] as const;

export type FlowError = (typeof FLOW_ERRORS)[number][0];

/** A logical interface's flow statistics, counted where flow handles its packets. */
export interface FlowCounters {
  /** Packets received on the interface for the device itself (ESP/AH count as VPN packets). */
  selfPackets: number;
  /** ICMP packets received on the interface that flow handled (transit or for the device). */
  icmpPackets: number;
  /** ESP and AH packets received on the interface for the device's tunnels. */
  vpnPackets: number;
  multicastPackets: number;
  /** Bytes (IP datagrams) of packets arriving on the interface that a policy or session let through. */
  bytesPermitted: number;
  /** Sessions created for traffic arriving on the interface. */
  connections: number;
  outputMulticastPackets: number;
  /** Bytes of permitted transit packets leaving through the interface. */
  outputBytesPermitted: number;
  /** Drops, attributed to the ingress logical interface. */
  errors: Record<FlowError, number>;
}

/** Per physical interface: frames lost before any logical interface took them. */
export interface PhysicalErrors {
  /** Undecodable frames (bad header, checksum). */
  inputErrors: number;
  /** Frames for no configured (enabled, addressed) logical interface. */
  inputDrops: number;
  /** Frames that could not be sent (the interface has no port). */
  outputDrops: number;
}

/** Services named as host-inbound-traffic system-services, by UDP port. */
const UDP_SERVICES: Record<number, string> = { 500: 'ike', 4500: 'ike' };

export class NetworkStack {
  interfaces: LogicalInterface[] = [];
  routes: Route[] = [];
  readonly counters = new Map<string, InterfaceCounters>();
  /** Flow statistics by logical interface name. */
  readonly flow = new Map<string, FlowCounters>();
  /** Error counters by physical interface name (`show interfaces extensive`). */
  readonly physicalErrors = new Map<string, PhysicalErrors>();

  /** Packets dropped, by reason (`bad header checksum`, `no route`, `host-inbound`...). */
  readonly drops = new Map<string, number>();
  private config: ConfigObject = {};
  /** Transit traffic and IPsec addressed to us go to the data plane, once one is attached. */
  dataPlane:
    | {
        forward(p: Ipv4Packet, ingress: LogicalInterface): void;
        decapsulate(frame: Buffer, ingress: LogicalInterface): void;
        /** Encrypts a packet the device originates when its route leads into a tunnel. */
        originate(p: Ipv4Packet): boolean | undefined;
      }
    | undefined;
  private readonly ports = new Map<string, Endpoint>();
  private readonly udp = new Map<number, UdpHandler>();
  private nextId = 1;

  /** When each route was installed (clock ms), for the age `show route` prints. */
  readonly routeSince = new Map<string, number>();

  /** Takes a new committed configuration: interfaces, zones and routes. Unchanged routes keep their age. */
  reconfigure(config: ConfigObject, now: number): void {
    this.config = config;
    this.interfaces = interfaceTable(config);
    this.routes = routingTable(config, this.interfaces);
    const keys = new Set(this.routes.map(routeKey));
    for (const k of [...this.routeSince.keys()]) if (!keys.has(k)) this.routeSince.delete(k);
    for (const k of keys) if (!this.routeSince.has(k)) this.routeSince.set(k, now);
  }

  attach(physical: string, endpoint: Endpoint): void {
    this.ports.set(physical, endpoint);
    endpoint.receive = (frame) => this.receive(physical, frame);
  }

  /** Whether the physical interface is cabled to a lab segment (its link is up). */
  hasPort(physical: string): boolean {
    return this.ports.get(physical)?.up === true;
  }

  bindUdp(port: number, handler: UdpHandler): void {
    this.udp.set(port, handler);
  }

  localAddresses(): string[] {
    return this.interfaces.flatMap((i) => i.addresses.map((a) => a.address));
  }

  /** Sends a UDP datagram from `from` to `to`; false when there is no route. */
  sendUdp(from: UdpEndpoint, to: UdpEndpoint, payload: Buffer): boolean {
    const udp = encodeUdp({ srcPort: from.port, dstPort: to.port, payload }, from.address, to.address);
    return this.send({ src: from.address, dst: to.address, protocol: Protocol.UDP, ttl: 64, id: this.nextId++ & 0xffff, df: false, tos: 0, payload: udp });
  }

  /** Routes a packet the device originates; false when there is no usable route. */
  send(packet: Ipv4Packet): boolean {
    return this.dataPlane?.originate(packet) ?? this.transmitTo(encodeIpv4(packet), packet.dst, true);
  }

  /** Puts a whole datagram on the wire towards `dst` (by route lookup); `local` when the device originated it. */
  transmitTo(frame: Buffer, dst: string, local = false): boolean {
    const route = lookup(this.routes, dst);
    const egress = route?.via ? this.interfaces.find((i) => i.name === route.via) : undefined;
    if (!route || route.action || !egress) {
      this.drop('no route');
      return false;
    }
    return this.transmit(frame, egress, local);
  }

  /** Sends on `egress`'s port (the lab wire needs no next-hop resolution); st0 has no port. */
  transmit(frame: Buffer, egress: LogicalInterface, local = false): boolean {
    const port = this.ports.get(egress.device);
    if (!port) {
      this.physical(egress.device).outputDrops++;
      this.drop('no route');
      return false;
    }
    this.count(egress.name, 'output', frame.length, local);
    port.send(frame);
    return true;
  }

  /** The address the device sends from towards `dst`: its egress interface's. */
  sourceFor(dst: string): string | undefined {
    const route = lookup(this.routes, dst);
    return this.interfaces.find((i) => i.name === route?.via)?.addresses[0]?.address;
  }

  private receive(physical: string, frame: Buffer): void {
    const decoded = decodeIpv4(frame);
    if (!decoded.ok) {
      this.physical(physical).inputErrors++;
      return this.drop(decoded.error);
    }
    const p = decoded.packet;
    const ingress = this.interfaces.find((i) => i.device === physical && !i.disabled && i.addresses.length > 0);
    if (!ingress) {
      this.physical(physical).inputDrops++;
      return this.drop('no logical interface');
    }
    // On a shared segment every frame reaches every port: a router takes what is routed through it.
    const local = this.localAddresses().includes(p.dst);
    if (!local && (!this.dataPlane || this.onLink(ingress, p.dst))) return;
    // ESP-in-UDP on the NAT-T port (RFC 3948) is ESP too; marked IKE and keepalives there are not.
    const ipsec = this.dataPlane !== undefined && local && (p.protocol === Protocol.ESP || p.protocol === Protocol.AH || espInUdp(p) !== undefined);
    // ESP and AH for our tunnels are flow's (transit) work; the rest for us is local traffic.
    this.count(ingress.name, 'input', frame.length, local && !ipsec);
    if (!local) return this.dataPlane!.forward(p, ingress);
    const flow = this.flowCounters(ingress.name);
    if (ipsec) {
      flow.vpnPackets++;
      return this.dataPlane!.decapsulate(frame, ingress);
    }
    flow.selfPackets++;
    if (p.protocol === Protocol.ICMP) flow.icmpPackets++;
    this.deliver(p, ingress);
  }

  /** Local delivery of a packet for one of our addresses (also after decryption). */
  deliver(p: Ipv4Packet, ingress: LogicalInterface): void {
    if (p.protocol === Protocol.UDP) return this.receiveUdp(p, ingress);
    if (p.protocol === Protocol.ICMP) return this.receiveIcmp(p, ingress);
    this.flowError(ingress.name, 'noOneInterestedInSelf');
    this.drop('protocol not handled');
  }

  /** A destination on the ingress interface's own subnet is not ours to route (its owner answers). */
  private onLink(ingress: LogicalInterface, dst: string): boolean {
    return ingress.addresses.some((a) => inSubnet(dst, a.address, a.prefixLength));
  }

  private receiveUdp(p: Ipv4Packet, ingress: LogicalInterface): void {
    const d = decodeUdp(p.payload, p.src, p.dst);
    if (!d.ok) return this.drop(d.error);
    const service = UDP_SERVICES[d.datagram.dstPort];
    const handler = this.udp.get(d.datagram.dstPort);
    if (!handler || !service) {
      this.flowError(ingress.name, 'noOneInterestedInSelf');
      return this.drop('host-inbound');
    }
    if (!hostInboundAllows(this.config, ingress.zone, ingress.name, service)) return this.drop('host-inbound');
    handler(d.datagram.payload, { address: p.src, port: d.datagram.srcPort }, { address: p.dst, port: d.datagram.dstPort }, ingress.name);
  }

  /** Echo replies to the device's own pings, by ICMP identifier. */
  private readonly echoWaiters = new Map<number, (reply: EchoReply) => void>();

  /** Sends one echo request; false when there is no route. Replies go to `onReply`. */
  ping(dst: string, opts: { id: number; seq: number; size: number; source?: string }, onReply: (reply: EchoReply) => void): boolean {
    const route = lookup(this.routes, dst);
    const egress = this.interfaces.find((i) => i.name === route?.via);
    const src = opts.source ?? egress?.addresses[0]?.address;
    if (!src) {
      this.drop('no route');
      return false;
    }
    this.echoWaiters.set(opts.id, onReply);
    const icmp = encodeIcmp({ type: IcmpType.ECHO_REQUEST, code: 0, id: opts.id, seq: opts.seq, data: Buffer.alloc(opts.size, 0x5a) });
    return this.send({ src, dst, protocol: Protocol.ICMP, ttl: 64, id: this.nextId++ & 0xffff, df: false, tos: 0, payload: icmp });
  }

  endPing(id: number): void {
    this.echoWaiters.delete(id);
  }

  private receiveIcmp(p: Ipv4Packet, ingress: LogicalInterface): void {
    const m = decodeIcmp(p.payload);
    if (!m.ok) return this.drop(m.error);
    if (m.message.type === IcmpType.ECHO_REPLY) {
      this.echoWaiters.get(m.message.id)?.({ from: p.src, seq: m.message.seq, ttl: p.ttl, bytes: m.message.data.length + 8 });
      return;
    }
    if (m.message.type !== IcmpType.ECHO_REQUEST) return;
    if (!hostInboundAllows(this.config, ingress.zone, ingress.name, 'ping')) return this.drop('host-inbound');
    const reply = encodeIcmp({ ...m.message, type: IcmpType.ECHO_REPLY, code: 0 });
    this.send({ src: p.dst, dst: p.src, protocol: Protocol.ICMP, ttl: 64, id: this.nextId++ & 0xffff, df: false, tos: 0, payload: reply });
  }

  /** Counts a packet on a logical interface (`local`: to or from the device itself). */
  count(ifName: string, dir: 'input' | 'output', bytes: number, local = false): void {
    const c = this.counters.get(ifName) ?? { inputPackets: 0, inputBytes: 0, outputPackets: 0, outputBytes: 0, localInputPackets: 0, localInputBytes: 0, localOutputPackets: 0, localOutputBytes: 0 };
    if (dir === 'input') {
      c.inputPackets++;
      c.inputBytes += bytes;
      if (local) {
        c.localInputPackets++;
        c.localInputBytes += bytes;
      }
    } else {
      c.outputPackets++;
      c.outputBytes += bytes;
      if (local) {
        c.localOutputPackets++;
        c.localOutputBytes += bytes;
      }
    }
    this.counters.set(ifName, c);
  }

  /** The flow statistics of a logical interface (created at zero on first use). */
  flowCounters(ifName: string): FlowCounters {
    let f = this.flow.get(ifName);
    if (!f) {
      const errors = Object.fromEntries(FLOW_ERRORS.map(([k]) => [k, 0])) as Record<FlowError, number>;
      f = { selfPackets: 0, icmpPackets: 0, vpnPackets: 0, multicastPackets: 0, bytesPermitted: 0, connections: 0, outputMulticastPackets: 0, outputBytesPermitted: 0, errors };
      this.flow.set(ifName, f);
    }
    return f;
  }

  flowError(ifName: string, error: FlowError): void {
    this.flowCounters(ifName).errors[error]++;
  }

  private physical(name: string): PhysicalErrors {
    let e = this.physicalErrors.get(name);
    if (!e) this.physicalErrors.set(name, (e = { inputErrors: 0, inputDrops: 0, outputDrops: 0 }));
    return e;
  }

  private drop(reason: string): void {
    this.drops.set(reason, (this.drops.get(reason) ?? 0) + 1);
  }
}
