// AH datagrams (RFC 4302): IPv4 header (protocol 51) | Next Header | Payload Len | Reserved
// | SPI | Sequence Number | ICV | payload. The ICV covers the whole datagram with the ICV
// field zeroed and the IPv4 fields routers may change in transit zeroed too (3.3.3.1.1.1:
// TOS, flags and fragment offset, TTL, header checksum), so a hop that decrements the TTL
// does not break authentication while any change to addresses, ID, length, the AH header or
// the payload does. We send no IPv4 options and drop received ones as bad headers rather
// than classify each option as mutable or not.
import { INTEGRITY_ALGORITHMS, computeIcv, verifyIcv } from '../ike/crypto/index.ts';
import { Protocol, decodeIpv4, encodeIpv4, type Ipv4Packet } from '../net/ipv4.ts';
import type { ReplayWindow } from './replay-window.ts';
import { failure, type AhSa, type Decapsulation } from './transform.ts';

const IP_HEADER = 20;
const AH_FIXED = 12;

/** The datagram with its mutable IPv4 fields and the ICV zeroed: what the ICV is computed over. */
function icvInput(datagram: Buffer, icvLength: number): Buffer {
  const copy = Buffer.from(datagram);
  copy[1] = 0; // TOS (DSCP/ECN)
  copy.writeUInt16BE(0, 6); // flags, fragment offset
  copy[8] = 0; // TTL
  copy.writeUInt16BE(0, 10); // header checksum
  copy.fill(0, IP_HEADER + AH_FIXED, IP_HEADER + AH_FIXED + icvLength);
  return copy;
}

/** Everything of the outer IPv4 header but what AH fixes itself (protocol, payload). */
export type OuterHeader = Omit<Ipv4Packet, 'protocol' | 'payload'>;

/** The whole AH-protected IPv4 datagram carrying `payload` (an IPv4 packet in tunnel mode). */
export function ahEncapsulate(sa: AhSa, seq: number, outer: OuterHeader, nextHeader: number, payload: Buffer): Buffer {
  const { algorithm, key } = sa.integrity;
  const icvLength = INTEGRITY_ALGORITHMS[algorithm].icvLength;
  const ah = Buffer.alloc(AH_FIXED + icvLength);
  ah[0] = nextHeader;
  ah[1] = (AH_FIXED + icvLength) / 4 - 2; // Payload Len: AH length in 32-bit words, minus 2
  ah.writeUInt32BE(sa.spi, 4);
  ah.writeUInt32BE(seq, 8);
  const datagram = encodeIpv4({ ...outer, protocol: Protocol.AH, payload: Buffer.concat([ah, payload]) });
  // The ICV sits in the payload, so writing it leaves the header checksum valid.
  computeIcv(algorithm, key, icvInput(datagram, icvLength)).copy(datagram, IP_HEADER + AH_FIXED);
  return datagram;
}

/** Verify an AH datagram for `sa`; the window moves only if the ICV verifies. Never throws. */
export function ahDecapsulate(sa: AhSa, datagram: Buffer, window: ReplayWindow): Decapsulation {
  const decoded = decodeIpv4(datagram);
  if (!decoded.ok || decoded.packet.protocol !== Protocol.AH) return failure('bad-header');
  if ((datagram[0]! & 0x0f) * 4 !== IP_HEADER) return failure('bad-header');
  const ah = decoded.packet.payload;
  if (ah.length < AH_FIXED) return failure('bad-header');
  if (ah.readUInt32BE(4) !== sa.spi) return failure('unknown-spi');
  const { algorithm, key } = sa.integrity;
  const icvLength = INTEGRITY_ALGORITHMS[algorithm].icvLength;
  const ahLength = AH_FIXED + icvLength;
  if ((ah[1]! + 2) * 4 !== ahLength || ah.length < ahLength) return failure('bad-header');
  const seq = ah.readUInt32BE(8);
  if (!window.check(seq)) return failure('replay');
  // Only the datagram's own bytes: a frame may be longer than its IPv4 total length.
  const own = datagram.subarray(0, IP_HEADER + ah.length);
  const icv = ah.subarray(AH_FIXED, ahLength);
  if (!verifyIcv(algorithm, key, icv, icvInput(own, icvLength))) return failure('auth-failed');
  window.accept(seq);
  return { ok: true, seq, nextHeader: ah[0]!, payload: Buffer.from(ah.subarray(ahLength)) };
}
