// UDP datagrams (RFC 768) with the IPv4 pseudo-header checksum.
import { parseIpv4 } from '../config/value-type.ts';
import { internetChecksum } from './checksum.ts';
import { Protocol } from './ipv4.ts';

export interface UdpDatagram {
  srcPort: number;
  dstPort: number;
  payload: Buffer;
}

function pseudoHeader(src: string, dst: string, length: number): Buffer {
  const b = Buffer.alloc(12);
  b.writeUInt32BE(parseIpv4(src)!, 0);
  b.writeUInt32BE(parseIpv4(dst)!, 4);
  b[9] = Protocol.UDP;
  b.writeUInt16BE(length, 10);
  return b;
}

export function encodeUdp(d: UdpDatagram, src: string, dst: string): Buffer {
  const b = Buffer.alloc(8 + d.payload.length);
  b.writeUInt16BE(d.srcPort, 0);
  b.writeUInt16BE(d.dstPort, 2);
  b.writeUInt16BE(b.length, 4);
  d.payload.copy(b, 8);
  // A computed zero is sent as all ones (RFC 768).
  b.writeUInt16BE(internetChecksum(pseudoHeader(src, dst, b.length), b) || 0xffff, 6);
  return b;
}

export type UdpDecode = { ok: true; datagram: UdpDatagram } | { ok: false; error: string };

export function decodeUdp(b: Buffer, src: string, dst: string): UdpDecode {
  if (b.length < 8) return { ok: false, error: 'truncated UDP header' };
  const length = b.readUInt16BE(4);
  if (length < 8 || length > b.length) return { ok: false, error: 'bad UDP length' };
  const body = b.subarray(0, length);
  if (b.readUInt16BE(6) !== 0 && internetChecksum(pseudoHeader(src, dst, length), body) !== 0) return { ok: false, error: 'bad UDP checksum' };
  return { ok: true, datagram: { srcPort: b.readUInt16BE(0), dstPort: b.readUInt16BE(2), payload: Buffer.from(body.subarray(8)) } };
}
