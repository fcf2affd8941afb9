// The IKEv1 hash and pseudo-random function. IKEv1 has no separate PRF attribute in
// practice: the negotiated hash H is used as HMAC-H for prf() (RFC 2409 section 4) and
// plainly for the phase-1 IV (RFC 2409 Appendix B).
import { createHash, createHmac } from 'node:crypto';

export type HashAlgorithm = 'md5' | 'sha1' | 'sha256' | 'sha384' | 'sha512';

export const HASH_OUTPUT_LENGTH: Readonly<Record<HashAlgorithm, number>> = {
  md5: 16,
  sha1: 20,
  sha256: 32,
  sha384: 48,
  sha512: 64,
};

/** H(part1 | part2 | ...). */
export function hash(alg: HashAlgorithm, ...parts: readonly Buffer[]): Buffer {
  const h = createHash(alg);
  for (const part of parts) h.update(part);
  return h.digest();
}

/** prf(key, part1 | part2 | ...) = HMAC-H. */
export function prf(alg: HashAlgorithm, key: Buffer, ...parts: readonly Buffer[]): Buffer {
  const h = createHmac(alg, key);
  for (const part of parts) h.update(part);
  return h.digest();
}

/**
 * The IKEv1 chaining expansion used by both Appendix B (cipher keys from SKEYID_e) and
 * section 5.5 (KEYMAT): K1 = prf(key, seed1), Kn = prf(key, K(n-1) | rest), output
 * K1 | K2 | ... truncated to `length`.
 */
export function prfChain(
  alg: HashAlgorithm,
  key: Buffer,
  first: readonly Buffer[],
  rest: readonly Buffer[],
  length: number,
): Buffer {
  const blocks: Buffer[] = [];
  let produced = 0;
  let previous = prf(alg, key, ...first);
  blocks.push(previous);
  produced += previous.length;
  while (produced < length) {
    previous = prf(alg, key, previous, ...rest);
    blocks.push(previous);
    produced += previous.length;
  }
  return Buffer.concat(blocks).subarray(0, length);
}
