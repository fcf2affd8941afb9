// The 4-byte generic payload header (RFC 2408 3.2) that precedes every payload,
// and every proposal and transform substructure inside an SA payload.

import { decodeError, type DecodeError } from './decode-error.ts';
import { err, ok, type Result } from './result.ts';

export const GENERIC_HEADER_LENGTH = 4;

export interface GenericHeader {
  nextPayload: number;
  /** The whole item, generic header included. */
  length: number;
}

export function encodeGenericHeader(nextPayload: number, body: Buffer): Buffer {
  const head = Buffer.alloc(GENERIC_HEADER_LENGTH);
  head.writeUInt8(nextPayload, 0);
  head.writeUInt16BE(GENERIC_HEADER_LENGTH + body.length, 2);
  return Buffer.concat([head, body]);
}

/** Read the generic header at `offset`, checking that the item fits in `bytes`. */
export function readGenericHeader(bytes: Buffer, offset: number, base: number): Result<GenericHeader, DecodeError> {
  if (offset + GENERIC_HEADER_LENGTH > bytes.length) {
    return err(decodeError('truncated', base + offset, 'generic payload header cut short'));
  }
  if (bytes[offset + 1] !== 0) return err(decodeError('reserved-not-zero', base + offset + 1, 'generic header RESERVED'));
  const length = bytes.readUInt16BE(offset + 2);
  if (length < GENERIC_HEADER_LENGTH) return err(decodeError('bad-length', base + offset + 2, `payload length ${length}`));
  if (offset + length > bytes.length) {
    return err(decodeError('truncated', base + offset + 2, `payload length ${length} overruns by ${offset + length - bytes.length}`));
  }
  return ok({ nextPayload: bytes[offset], length });
}
