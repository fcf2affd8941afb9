// ICMP echo (RFC 792): what ping and the lab's end hosts exchange.
import { internetChecksum } from './checksum.ts';

export const IcmpType = { ECHO_REPLY: 0, UNREACHABLE: 3, ECHO_REQUEST: 8, TIME_EXCEEDED: 11 } as const;

export interface IcmpMessage {
  type: number;
  code: number;
  /** Identifier and sequence for echo messages; the rest-of-header word otherwise. */
  id: number;
  seq: number;
  data: Buffer;
}

export function encodeIcmp(m: IcmpMessage): Buffer {
  const b = Buffer.alloc(8 + m.data.length);
  b[0] = m.type;
  b[1] = m.code;
  b.writeUInt16BE(m.id, 4);
  b.writeUInt16BE(m.seq, 6);
  m.data.copy(b, 8);
  b.writeUInt16BE(internetChecksum(b), 2);
  return b;
}

export type IcmpDecode = { ok: true; message: IcmpMessage } | { ok: false; error: string };

export function decodeIcmp(b: Buffer): IcmpDecode {
  if (b.length < 8) return { ok: false, error: 'truncated ICMP header' };
  if (internetChecksum(b) !== 0) return { ok: false, error: 'bad ICMP checksum' };
  return { ok: true, message: { type: b[0]!, code: b[1]!, id: b.readUInt16BE(4), seq: b.readUInt16BE(6), data: Buffer.from(b.subarray(8)) } };
}
