// The per-direction state of an IPsec SA on the data path: what protects it, the next
// sequence number (outbound) or the replay window (inbound), and the counters behind
// `show security ipsec statistics`. protect() turns a packet into the outer IPv4 datagram;
// unprotect() turns a received datagram back into the packet, or says why not.
//
// A UDP-encapsulated SA (NAT traversal, RFC 3948) puts its ESP inside UDP and accepts only
// ESP that came that way; the ports are the caller's, as the peer's NAT may move them.
//
// Byte counters count the packets the tunnel carries (the inner datagram in tunnel mode,
// the whole unprotected datagram in transport mode), so the encrypted bytes on one end
// equal the decrypted bytes on the other whatever the cipher's overhead.
import { Protocol, decodeIpv4, encodeIpv4, type Ipv4Packet } from '../net/ipv4.ts';
import type { Random } from '../runtime/random.ts';
import { ahDecapsulate, ahEncapsulate, type OuterHeader } from './ah.ts';
import { espDecapsulate, espEncapsulate } from './esp.ts';
import { ReplayWindow } from './replay-window.ts';
import { encapsulateEspInUdp, espInUdp, type UdpPorts } from './udp-encapsulation.ts';
import { failure, type AhSa, type Decapsulation, type EspSa, type IpsecFailure } from './transform.ts';

export type IpsecMode = 'tunnel' | 'transport';

export type SaProtection = ({ readonly protocol: 'esp' } & EspSa) | ({ readonly protocol: 'ah' } & AhSa);

export interface SaParams {
  readonly mode: IpsecMode;
  readonly protection: SaProtection;
  /** ESP inside UDP (RFC 3948), as Quick Mode's UDP-Tunnel encapsulation asks. */
  readonly udpEncapsulated?: boolean;
}

export interface TrafficCount {
  packets: number;
  bytes: number;
}

export type Unprotected = { readonly ok: true; readonly inner: Buffer; readonly seq: number } | { readonly ok: false; readonly reason: IpsecFailure };

/** TTL of the tunnel header we add (the inner packet's TTL is the inner network's business). */
const TUNNEL_TTL = 64;
const MAX_SEQUENCE = 0xffffffff;

function decodeOwnPacket(packet: Buffer): Ipv4Packet {
  const decoded = decodeIpv4(packet);
  // The packet comes from our own stack: a bad one is a bug, not traffic to count.
  if (!decoded.ok) throw new RangeError(`cannot protect a malformed IPv4 packet: ${decoded.error}`);
  return decoded.packet;
}

export class OutboundSa {
  readonly traffic: TrafficCount = { packets: 0, bytes: 0 };
  /** RFC 4303 3.3.3: the first packet carries 1; the counter never cycles. */
  private nextSequence = 1;

  constructor(
    readonly params: SaParams,
    private readonly random: Random,
  ) {}

  get spi(): number {
    return this.params.protection.spi;
  }

  /**
   * The outer IPv4 datagram for `innerPacket`. Tunnel mode: a new header outerSrc ->
   * outerDst around the whole packet, copying its TOS and DF (RFC 4301 5.1.2.1). Transport
   * mode: the packet's own header, which must already be addressed outerSrc -> outerDst.
   * A UDP-encapsulated SA needs the `udp` ports (and only it takes them).
   * Throws RangeError for our own mistakes (malformed packet, wrong transport addresses,
   * ports missing or misplaced) and when 2^32 - 1 packets have been sent: the SA must have
   * been rekeyed before that.
   */
  protect(innerPacket: Buffer, outerSrc: string, outerDst: string, udp?: UdpPorts): Buffer {
    if (this.nextSequence > MAX_SEQUENCE) throw new RangeError(`SA ${this.spi}: sequence numbers exhausted, rekey`);
    if (Boolean(this.params.udpEncapsulated) !== (udp !== undefined)) throw new RangeError(`SA ${this.spi}: UDP ports ${udp ? 'given to an SA without' : 'missing for'} UDP encapsulation`);
    const inner = decodeOwnPacket(innerPacket);
    const tunnel = this.params.mode === 'tunnel';
    if (!tunnel && (inner.src !== outerSrc || inner.dst !== outerDst)) throw new RangeError(`transport-mode packet ${inner.src} -> ${inner.dst} is not between the SA endpoints`);
    const seq = this.nextSequence++;
    let outer: OuterHeader;
    let nextHeader: number;
    let payload: Buffer;
    if (tunnel) {
      outer = { src: outerSrc, dst: outerDst, ttl: TUNNEL_TTL, id: seq & 0xffff, df: inner.df, tos: inner.tos };
      nextHeader = 4; // IP-in-IP
      payload = innerPacket;
    } else {
      outer = { src: inner.src, dst: inner.dst, ttl: inner.ttl, id: inner.id, df: inner.df, tos: inner.tos };
      nextHeader = inner.protocol;
      payload = inner.payload;
    }
    const p = this.params.protection;
    let datagram: Buffer;
    if (p.protocol === 'esp') {
      const esp = espEncapsulate(p, seq, nextHeader, payload, this.random);
      datagram = udp ? encodeIpv4({ ...outer, protocol: Protocol.UDP, payload: encapsulateEspInUdp(esp, udp) }) : encodeIpv4({ ...outer, protocol: Protocol.ESP, payload: esp });
    } else {
      datagram = ahEncapsulate(p, seq, outer, nextHeader, payload);
    }
    this.traffic.packets++;
    this.traffic.bytes += innerPacket.length;
    return datagram;
  }
}

export class InboundSa {
  readonly traffic: TrafficCount = { packets: 0, bytes: 0 };
  readonly errors: Record<IpsecFailure, number> = {
    'unknown-spi': 0,
    replay: 0,
    'auth-failed': 0,
    'decrypt-failed': 0,
    'bad-header': 0,
    'bad-trailer': 0,
  };
  private readonly window = new ReplayWindow();

  constructor(readonly params: SaParams) {}

  get spi(): number {
    return this.params.protection.spi;
  }

  /** The packet carried by `outerDatagram`, or why it was dropped (and counted). Never throws. */
  unprotect(outerDatagram: Buffer): Unprotected {
    const result = this.open(outerDatagram);
    if (!result.ok) this.errors[result.reason]++;
    else {
      this.traffic.packets++;
      this.traffic.bytes += result.inner.length;
    }
    return result;
  }

  private open(outerDatagram: Buffer): Unprotected {
    const decoded = decodeIpv4(outerDatagram);
    if (!decoded.ok) return failure('bad-header');
    const outer = decoded.packet;
    const p = this.params.protection;
    let opened: Decapsulation;
    if (p.protocol === 'esp') {
      const esp = this.params.udpEncapsulated ? espInUdp(outer) : outer.protocol === Protocol.ESP ? outer.payload : undefined;
      if (!esp) return failure('bad-header');
      opened = espDecapsulate(p, esp, this.window);
    } else {
      opened = ahDecapsulate(p, outerDatagram, this.window);
    }
    if (!opened.ok) return opened;
    if (this.params.mode === 'tunnel') {
      // Next Header sits in ESP's encrypted trailer, hence "bad trailer"; AH has no trailer.
      if (opened.nextHeader !== 4) return failure(p.protocol === 'esp' ? 'bad-trailer' : 'bad-header');
      return { ok: true, inner: opened.payload, seq: opened.seq };
    }
    const inner = encodeIpv4({ ...outer, protocol: opened.nextHeader, payload: opened.payload });
    return { ok: true, inner, seq: opened.seq };
  }
}

/**
 * Which inbound SA a received datagram asks for: its protocol and SPI, read without any
 * verification (that is the SA's job). Undefined when it is not a readable ESP/AH datagram:
 * the caller drops it as a bad header.
 */
export function inboundSelector(datagram: Buffer): { protocol: 'esp' | 'ah'; spi: number } | undefined {
  const decoded = decodeIpv4(datagram);
  if (!decoded.ok) return undefined;
  const { protocol, payload } = decoded.packet;
  // The SPI is ESP's first word (also inside UDP) and AH's second.
  if (protocol === Protocol.ESP && payload.length >= 4) return { protocol: 'esp', spi: payload.readUInt32BE(0) };
  const udpEsp = espInUdp(decoded.packet);
  if (udpEsp) return { protocol: 'esp', spi: udpEsp.readUInt32BE(0) };
  if (protocol === Protocol.AH && payload.length >= 8) return { protocol: 'ah', spi: payload.readUInt32BE(4) };
  return undefined;
}
