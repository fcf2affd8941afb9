// The fixed 28-byte ISAKMP header (RFC 2408 3.1).

import { HeaderFlag, ISAKMP_MAJOR_VERSION, ISAKMP_MINOR_VERSION, NotifyType } from './constants.ts';
import { decodeError, type DecodeError } from './decode-error.ts';
import { err, ok, type Result } from './result.ts';

export const HEADER_LENGTH = 28;
export const COOKIE_LENGTH = 8;

export interface HeaderFlags {
  encrypted: boolean;
  commit: boolean;
  authenticationOnly: boolean;
}

/** What the sender chooses; next-payload and length follow from the body. */
export interface Header {
  initiatorCookie: Buffer;
  responderCookie: Buffer;
  exchangeType: number;
  flags: HeaderFlags;
  messageId: number;
}

export interface DecodedHeader extends Header {
  nextPayload: number;
  /** The whole message, header included; equal to the datagram length. */
  length: number;
}

const KNOWN_FLAGS = HeaderFlag.Encryption | HeaderFlag.Commit | HeaderFlag.AuthenticationOnly;

export function encodeHeader(header: Header, nextPayload: number, bodyLength: number): Buffer {
  if (header.initiatorCookie.length !== COOKIE_LENGTH || header.responderCookie.length !== COOKIE_LENGTH) {
    throw new RangeError('ISAKMP cookies are 8 bytes');
  }
  const out = Buffer.alloc(HEADER_LENGTH);
  header.initiatorCookie.copy(out, 0);
  header.responderCookie.copy(out, 8);
  out.writeUInt8(nextPayload, 16);
  out.writeUInt8((ISAKMP_MAJOR_VERSION << 4) | ISAKMP_MINOR_VERSION, 17);
  out.writeUInt8(header.exchangeType, 18);
  const { encrypted, commit, authenticationOnly } = header.flags;
  out.writeUInt8(
    (encrypted ? HeaderFlag.Encryption : 0) | (commit ? HeaderFlag.Commit : 0) | (authenticationOnly ? HeaderFlag.AuthenticationOnly : 0),
    19,
  );
  out.writeUInt32BE(header.messageId, 20);
  out.writeUInt32BE(HEADER_LENGTH + bodyLength, 24);
  return out;
}

/** Decode the header of a whole datagram; its length field must match the datagram. */
export function decodeHeader(buf: Buffer): Result<DecodedHeader, DecodeError> {
  if (buf.length < HEADER_LENGTH) return err(decodeError('truncated', 0, `${buf.length} bytes is shorter than an ISAKMP header`));
  const major = buf[17] >> 4;
  const minor = buf[17] & 0x0f;
  if (major !== ISAKMP_MAJOR_VERSION) {
    return err(decodeError('unsupported-version', 17, `major version ${major}`, NotifyType.InvalidMajorVersion));
  }
  if (minor !== ISAKMP_MINOR_VERSION) {
    return err(decodeError('unsupported-version', 17, `minor version ${minor}`, NotifyType.InvalidMinorVersion));
  }
  const flags = buf[19];
  if (flags & ~KNOWN_FLAGS) return err(decodeError('invalid-flags', 19, `reserved flag bits 0x${flags.toString(16)}`));
  const length = buf.readUInt32BE(24);
  if (length !== buf.length) return err(decodeError('bad-length', 24, `header length ${length} but datagram is ${buf.length} bytes`));
  return ok({
    initiatorCookie: Buffer.from(buf.subarray(0, 8)),
    responderCookie: Buffer.from(buf.subarray(8, 16)),
    nextPayload: buf[16],
    exchangeType: buf[18],
    flags: {
      encrypted: (flags & HeaderFlag.Encryption) !== 0,
      commit: (flags & HeaderFlag.Commit) !== 0,
      authenticationOnly: (flags & HeaderFlag.AuthenticationOnly) !== 0,
    },
    messageId: buf.readUInt32BE(20),
    length,
  });
}
