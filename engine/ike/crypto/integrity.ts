// ESP/AH integrity algorithms: HMAC with the output truncated to the ICV length
// (RFC 2403 HMAC-MD5-96, RFC 2404 HMAC-SHA1-96, RFC 4868 HMAC-SHA-256-128 and friends).
// 'hmac-sha-256-96' is the pre-RFC 4868 truncation old Linux/racoon used; Junos offers it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { HashAlgorithm } from './prf.ts';

export type IntegrityAlgorithm =
  | 'hmac-md5-96'
  | 'hmac-sha1-96'
  | 'hmac-sha-256-96'
  | 'hmac-sha-256-128'
  | 'hmac-sha-384-192'
  | 'hmac-sha-512-256';

export interface IntegritySpec {
  readonly algorithm: IntegrityAlgorithm;
  readonly hash: HashAlgorithm;
  /** Key length in bytes taken from KEYMAT (the full hash output length). */
  readonly keyLength: number;
  /** Truncated ICV length in bytes. */
  readonly icvLength: number;
}

export const INTEGRITY_ALGORITHMS: Readonly<Record<IntegrityAlgorithm, IntegritySpec>> = {
  'hmac-md5-96': { algorithm: 'hmac-md5-96', hash: 'md5', keyLength: 16, icvLength: 12 },
  'hmac-sha1-96': { algorithm: 'hmac-sha1-96', hash: 'sha1', keyLength: 20, icvLength: 12 },
  'hmac-sha-256-96': { algorithm: 'hmac-sha-256-96', hash: 'sha256', keyLength: 32, icvLength: 12 },
  'hmac-sha-256-128': { algorithm: 'hmac-sha-256-128', hash: 'sha256', keyLength: 32, icvLength: 16 },
  'hmac-sha-384-192': { algorithm: 'hmac-sha-384-192', hash: 'sha384', keyLength: 48, icvLength: 24 },
  'hmac-sha-512-256': { algorithm: 'hmac-sha-512-256', hash: 'sha512', keyLength: 64, icvLength: 32 },
};

/** The truncated ICV over the concatenation of `parts`. */
export function computeIcv(alg: IntegrityAlgorithm, key: Buffer, ...parts: readonly Buffer[]): Buffer {
  const spec = INTEGRITY_ALGORITHMS[alg];
  if (key.length !== spec.keyLength) throw new RangeError(`${alg} key must be ${spec.keyLength} bytes, got ${key.length}`);
  const h = createHmac(spec.hash, key);
  for (const part of parts) h.update(part);
  return h.digest().subarray(0, spec.icvLength);
}

/** Constant-time check of a received ICV; false (never a throw) for a wrong length. */
export function verifyIcv(alg: IntegrityAlgorithm, key: Buffer, icv: Buffer, ...parts: readonly Buffer[]): boolean {
  const expected = computeIcv(alg, key, ...parts);
  return icv.length === expected.length && timingSafeEqual(icv, expected);
}
