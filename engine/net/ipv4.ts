// IPv4 datagrams (RFC 791) as the lab wire carries them: no options are generated, any
// received are skipped; the decoder returns an error value for anything malformed.
import { formatIpv4, parseIpv4 } from '../config/value-type.ts';
import { internetChecksum } from './checksum.ts';

export const Protocol = { ICMP: 1, TCP: 6, UDP: 17, ESP: 50, AH: 51 } as const;

export interface Ipv4Packet {
  src: string;
  dst: string;
  protocol: number;
  ttl: number;
  id: number;
  /** Don't Fragment. */
  df: boolean;
  tos: number;
  payload: Buffer;
}

export type Ipv4Decode = { ok: true; packet: Ipv4Packet } | { ok: false; error: string };

const addr = (text: string): number => {
  const n = parseIpv4(text);
  if (n === undefined) throw new RangeError(`not an IPv4 address: ${text}`);
  return n;
};

export function encodeIpv4(p: Ipv4Packet): Buffer {
  const header = Buffer.alloc(20);
  header[0] = 0x45;
  header[1] = p.tos;
  header.writeUInt16BE(20 + p.payload.length, 2);
  header.writeUInt16BE(p.id & 0xffff, 4);
  header.writeUInt16BE(p.df ? 0x4000 : 0, 6);
  header[8] = p.ttl;
  header[9] = p.protocol;
  header.writeUInt32BE(addr(p.src), 12);
  header.writeUInt32BE(addr(p.dst), 16);
  header.writeUInt16BE(internetChecksum(header), 10);
  return Buffer.concat([header, p.payload]);
}

export function decodeIpv4(frame: Buffer): Ipv4Decode {
  if (frame.length < 20) return { ok: false, error: 'truncated header' };
  if (frame[0]! >> 4 !== 4) return { ok: false, error: 'not IPv4' };
  const ihl = (frame[0]! & 0x0f) * 4;
  const total = frame.readUInt16BE(2);
  if (ihl < 20 || total < ihl || total > frame.length) return { ok: false, error: 'bad length' };
  if (internetChecksum(frame.subarray(0, ihl)) !== 0) return { ok: false, error: 'bad header checksum' };
  const flags = frame.readUInt16BE(6);
  if ((flags & 0x2000) !== 0 || (flags & 0x1fff) !== 0) return { ok: false, error: 'fragments are not supported' };
  return {
    ok: true,
    packet: {
      src: formatIpv4(frame.readUInt32BE(12)),
      dst: formatIpv4(frame.readUInt32BE(16)),
      protocol: frame[9]!,
      ttl: frame[8]!,
      id: frame.readUInt16BE(4),
      df: (flags & 0x4000) !== 0,
      tos: frame[1]!,
      payload: Buffer.from(frame.subarray(ihl, total)),
    },
  };
}
