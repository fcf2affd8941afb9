// A source-NAT (NAPT) router on the lab wire, as a consumer router without IPsec
// passthrough: it joins an inside and an outside segment, gives what leaves the inside its
// outside address and a port of its own, and lets back in only what comes to a mapped
// port. Real IPv4 bytes both ways, so what crosses it is what crosses a real NAT: IKE and
// ESP-in-UDP (RFC 3948) do; raw ESP and AH, which have no ports to translate, do not.
//
// Mappings and filtering are endpoint-independent (RFC 4787 REQ-1, REQ-8: one mapping per
// inside address and port whatever the destination, answerable by anyone), and a new
// mapping takes the first free port from `firstPort`, so a lab replays byte for byte. A
// mapping expires `idleTimeoutSeconds` after the last packet through it (RFC 4787 REQ-5
// recommends 5 minutes) rather than living as long as the lab: NAT keepalives and DPD exist
// to hold a NAT open, and a NAT that never forgot would hide a peer that fails to send them.
// Expiry is read off the lab's Clock whenever the router handles a packet or is asked
// about its mappings, so the router sets no timers of its own.
//
// The wire has no link layer and a segment delivers every frame to every endpoint: a frame
// is the router's when it is for one of its addresses, or comes from the inside for a
// destination off the inside subnet (the router is the inside's way out).
import { decodeIcmp, encodeIcmp, IcmpType, type IcmpMessage } from '../net/icmp.ts';
import { inSubnet } from '../net/interface-table.ts';
import { decodeIpv4, encodeIpv4, Protocol, type Ipv4Packet } from '../net/ipv4.ts';
import { decodeUdp, encodeUdp, type UdpDatagram } from '../net/udp.ts';
import type { Clock } from '../runtime/clock.ts';
import type { NatSpec } from './lab-file.ts';
import type { Endpoint } from './wire.ts';

export type NatProtocol = 'udp' | 'icmp';

export interface NatMapping {
  protocol: NatProtocol;
  insideAddress: string;
  /** The UDP source port, or the ICMP echo identifier. */
  insidePort: number;
  outsidePort: number;
  /** Clock ms of the last packet through the mapping, either way. */
  lastUsed: number;
}

export interface NatCounters {
  mappingsCreated: number;
  mappingsExpired: number;
  /** Packets translated from the inside out. */
  translatedOut: number;
  /** Packets translated from the outside in. */
  translatedIn: number;
}

const LAST_PORT = 65535;
const PORTLESS: Record<number, string> = { [Protocol.ESP]: 'ESP', [Protocol.AH]: 'AH' };
const TTL = 64;

export class NatRouter {
  readonly counters: NatCounters = { mappingsCreated: 0, mappingsExpired: 0, translatedOut: 0, translatedIn: 0 };
  /** Packets dropped, by reason (`ESP: no ports to translate`, `no mapping`, ...). */
  readonly drops = new Map<string, number>();
  private readonly byInside = new Map<string, NatMapping>();
  private readonly byOutside = new Map<string, NatMapping>();
  private nextId = 1;

  constructor(
    readonly spec: NatSpec,
    private readonly inside: Endpoint,
    private readonly outside: Endpoint,
    private readonly clock: Clock,
  ) {
    inside.receive = (frame) => this.fromInside(frame);
    outside.receive = (frame) => this.fromOutside(frame);
  }

  /** The live mappings, in order of creation. */
  mappings(): NatMapping[] {
    this.expire();
    return [...this.byInside.values()].map((m) => ({ ...m }));
  }

  /** The outside port (or echo identifier) an inside address and port are mapped to. */
  outsidePort(protocol: NatProtocol, insideAddress: string, insidePort: number): number | undefined {
    this.expire();
    return this.byInside.get(`${protocol} ${insideAddress}:${insidePort}`)?.outsidePort;
  }

  /** Forgets every mapping, as a NAT reboot does: the next packets get new ports. */
  clearMappings(): void {
    this.byInside.clear();
    this.byOutside.clear();
  }

  private fromInside(frame: Buffer): void {
    const p = this.decode(frame);
    if (!p) return;
    const { inside, outside } = this.spec;
    if (p.dst === inside.address || p.dst === outside.address) return this.local(p, this.inside);
    if (inSubnet(p.dst, inside.address, inside.prefixLength)) return;
    if (outside.gateway === undefined && !inSubnet(p.dst, outside.address, outside.prefixLength)) return this.drop('no route');
    if (p.protocol === Protocol.UDP) {
      const udp = this.udp(p);
      const m = udp && this.mapping('udp', p.src, udp.srcPort);
      if (udp && m) this.forward(this.outside, p, outside.address, p.dst, this.rewriteUdp(p, { ...udp, srcPort: m.outsidePort }, outside.address, p.dst), 'translatedOut');
    } else if (p.protocol === Protocol.ICMP) {
      const icmp = this.icmp(p);
      if (icmp && icmp.type !== IcmpType.ECHO_REQUEST) return this.drop(`ICMP type ${icmp.type} not translated`);
      const m = icmp && this.mapping('icmp', p.src, icmp.id);
      if (icmp && m) this.forward(this.outside, p, outside.address, p.dst, encodeIcmp({ ...icmp, id: m.outsidePort }), 'translatedOut');
    } else this.untranslatable(p);
  }

  private fromOutside(frame: Buffer): void {
    const p = this.decode(frame);
    if (!p) return;
    if (p.dst === this.spec.inside.address) return this.local(p, this.outside);
    // Anything else on the outside segment is someone else's to route.
    if (p.dst !== this.spec.outside.address) return;
    if (p.protocol === Protocol.UDP) {
      const udp = this.udp(p);
      const m = udp && this.mapped('udp', udp.dstPort);
      if (udp && m) this.forward(this.inside, p, p.src, m.insideAddress, this.rewriteUdp(p, { ...udp, dstPort: m.insidePort }, p.src, m.insideAddress), 'translatedIn');
    } else if (p.protocol === Protocol.ICMP) {
      const icmp = this.icmp(p);
      if (icmp?.type === IcmpType.ECHO_REQUEST) return this.local(p, this.outside);
      if (icmp && icmp.type !== IcmpType.ECHO_REPLY) return this.drop(`ICMP type ${icmp.type} not translated`);
      const m = icmp && this.mapped('icmp', icmp.id);
      if (icmp && m) this.forward(this.inside, p, p.src, m.insideAddress, encodeIcmp({ ...icmp, id: m.insidePort }), 'translatedIn');
    } else this.untranslatable(p);
  }

  /** A packet for the router itself: it answers pings and offers nothing else. */
  private local(p: Ipv4Packet, port: Endpoint): void {
    const icmp = p.protocol === Protocol.ICMP ? decodeIcmp(p.payload) : undefined;
    if (!icmp?.ok || icmp.message.type !== IcmpType.ECHO_REQUEST) return this.drop('for the router, not a ping');
    const reply = encodeIcmp({ ...icmp.message, type: IcmpType.ECHO_REPLY, code: 0 });
    port.send(encodeIpv4({ src: p.dst, dst: p.src, protocol: Protocol.ICMP, ttl: TTL, id: this.nextId++ & 0xffff, df: false, tos: 0, payload: reply }));
  }

  private untranslatable(p: Ipv4Packet): void {
    const name = PORTLESS[p.protocol];
    this.drop(name ? `${name}: no ports to translate` : `protocol ${p.protocol} not translated`);
  }

  /** The mapping for an inside address and port, made (first free port) when there is none. */
  private mapping(protocol: NatProtocol, insideAddress: string, insidePort: number): NatMapping | undefined {
    const key = `${protocol} ${insideAddress}:${insidePort}`;
    let m = this.byInside.get(key);
    if (!m) {
      let port = this.spec.firstPort;
      while (port <= LAST_PORT && this.byOutside.has(`${protocol} ${port}`)) port++;
      if (port > LAST_PORT) return void this.drop('no free port');
      m = { protocol, insideAddress, insidePort, outsidePort: port, lastUsed: 0 };
      this.byInside.set(key, m);
      this.byOutside.set(`${protocol} ${port}`, m);
      this.counters.mappingsCreated++;
    }
    m.lastUsed = this.clock.now();
    return m;
  }

  /** The mapping that owns an outside port (or identifier), refreshed; counted as a drop when none does. */
  private mapped(protocol: NatProtocol, outsidePort: number): NatMapping | undefined {
    const m = this.byOutside.get(`${protocol} ${outsidePort}`);
    if (!m) return void this.drop('no mapping');
    m.lastUsed = this.clock.now();
    return m;
  }

  private expire(): void {
    const oldest = this.clock.now() - this.spec.idleTimeoutSeconds * 1000;
    for (const [key, m] of this.byInside) {
      if (m.lastUsed > oldest) continue;
      this.byInside.delete(key);
      this.byOutside.delete(`${m.protocol} ${m.outsidePort}`);
      this.counters.mappingsExpired++;
    }
  }

  private decode(frame: Buffer): Ipv4Packet | undefined {
    this.expire();
    const d = decodeIpv4(frame);
    if (!d.ok) this.drop('malformed');
    return d.ok ? d.packet : undefined;
  }

  private udp(p: Ipv4Packet): UdpDatagram | undefined {
    const d = decodeUdp(p.payload, p.src, p.dst);
    if (!d.ok) this.drop('malformed');
    return d.ok ? d.datagram : undefined;
  }

  private icmp(p: Ipv4Packet): IcmpMessage | undefined {
    const d = decodeIcmp(p.payload);
    if (!d.ok) this.drop('malformed');
    return d.ok ? d.message : undefined;
  }

  /** The datagram with new addresses and ports: checksum recomputed, unless it had none. */
  private rewriteUdp(p: Ipv4Packet, d: UdpDatagram, src: string, dst: string): Buffer {
    const out = encodeUdp(d, src, dst);
    // Zero means "no checksum" (ESP-in-UDP sends it, RFC 3948 3.1.2); a NAT keeps it so.
    if (p.payload.readUInt16BE(6) === 0) out.writeUInt16BE(0, 6);
    return out;
  }

  private forward(port: Endpoint, p: Ipv4Packet, src: string, dst: string, payload: Buffer, counter: 'translatedOut' | 'translatedIn'): void {
    if (p.ttl <= 1) return this.drop('TTL exceeded');
    this.counters[counter]++;
    port.send(encodeIpv4({ ...p, src, dst, ttl: p.ttl - 1, payload }));
  }

  private drop(reason: string): void {
    this.drops.set(reason, (this.drops.get(reason) ?? 0) + 1);
  }
}
