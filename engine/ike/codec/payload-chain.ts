// The chain of payloads after the header: each generic header names the type of the
// payload that follows it, and the header's next-payload names the first one.

import { PayloadType } from './constants.ts';
import { decodeError, type DecodeError } from './decode-error.ts';
import { encodeGenericHeader, readGenericHeader } from './generic-header.ts';
import { decodePayloadBody, encodePayloadBody, type Payload } from './payloads.ts';
import { err, ok, type Result } from './result.ts';

export interface EncodedChain {
  /** The type of the first payload, for the header's next-payload field. */
  firstPayloadType: number;
  bytes: Buffer;
}

export function encodePayloadChain(payloads: readonly Payload[]): EncodedChain {
  const bytes = Buffer.concat(
    payloads.map((p, i) => encodeGenericHeader(payloads[i + 1]?.type ?? PayloadType.None, encodePayloadBody(p))),
  );
  return { firstPayloadType: payloads[0]?.type ?? PayloadType.None, bytes };
}

export interface ChainOptions {
  /**
   * Ignore bytes after the last payload. A decrypted IKEv1 body is padded to the cipher
   * block size (RFC 2409 5.3), and some peers pad with more than zeros.
   */
  allowTrailingPadding?: boolean;
  /** Added to error offsets, e.g. the header length when `bytes` follows a header. */
  baseOffset?: number;
}

export function decodePayloadChain(firstPayloadType: number, bytes: Buffer, options: ChainOptions = {}): Result<Payload[], DecodeError> {
  const base = options.baseOffset ?? 0;
  const payloads: Payload[] = [];
  let type = firstPayloadType;
  let offset = 0;
  while (type !== PayloadType.None) {
    const header = readGenericHeader(bytes, offset, base);
    if (!header.ok) return header;
    const payload = decodePayloadBody(type, bytes.subarray(offset + 4, offset + header.value.length), base + offset + 4);
    if (!payload.ok) return payload;
    payloads.push(payload.value);
    type = header.value.nextPayload;
    offset += header.value.length;
  }
  if (offset !== bytes.length && !options.allowTrailingPadding) {
    return err(decodeError('trailing-bytes', base + offset, `${bytes.length - offset} bytes after the last payload`));
  }
  return ok(payloads);
}
