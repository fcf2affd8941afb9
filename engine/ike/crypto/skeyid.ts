// RFC 2409 section 5: SKEYID and its derivatives, and the Appendix B expansion of
// SKEYID_e into the phase-1 cipher key.
//
// The SKEYID formula is the only thing that depends on the phase-1 authentication method,
// so it is chosen by a tagged union: adding rsa-signatures later means building a
// { method: 'signatures' } value, nothing here assumes a pre-shared key.
import { prf, prfChain, type HashAlgorithm, hash } from './prf.ts';

export type Phase1Authentication =
  /** SKEYID = prf(pre-shared-key, Ni_b | Nr_b) */
  | { readonly method: 'pre-shared-keys'; readonly preSharedKey: Buffer }
  /** RSA/DSA/ECDSA signatures: SKEYID = prf(Ni_b | Nr_b, g^xy) */
  | { readonly method: 'signatures' }
  /** Public key encryption (both variants): SKEYID = prf(hash(Ni_b | Nr_b), CKY-I | CKY-R) */
  | { readonly method: 'public-key-encryption' };

export interface SkeyidInput {
  /** The negotiated hash; prf is HMAC with it. */
  readonly prf: HashAlgorithm;
  readonly auth: Phase1Authentication;
  /** Nonce payload bodies (without the generic payload header). */
  readonly nonceI: Buffer;
  readonly nonceR: Buffer;
  /** g^xy, full group length. */
  readonly sharedSecret: Buffer;
  /** 8-byte ISAKMP cookies (SPIs). */
  readonly cookieI: Buffer;
  readonly cookieR: Buffer;
}

export interface Phase1KeyMaterial {
  readonly skeyid: Buffer;
  readonly skeyidD: Buffer;
  readonly skeyidA: Buffer;
  readonly skeyidE: Buffer;
}

function checkCookies(input: SkeyidInput): void {
  if (input.cookieI.length !== 8 || input.cookieR.length !== 8) throw new RangeError('ISAKMP cookies must be 8 bytes');
}

export function deriveSkeyid(input: SkeyidInput): Buffer {
  const nonces = Buffer.concat([input.nonceI, input.nonceR]);
  switch (input.auth.method) {
    case 'pre-shared-keys':
      return prf(input.prf, input.auth.preSharedKey, nonces);
    case 'signatures':
      return prf(input.prf, nonces, input.sharedSecret);
    case 'public-key-encryption':
      checkCookies(input);
      return prf(input.prf, hash(input.prf, nonces), input.cookieI, input.cookieR);
  }
}

/**
 * SKEYID_d = prf(SKEYID, g^xy | CKY-I | CKY-R | 0)
 * SKEYID_a = prf(SKEYID, SKEYID_d | g^xy | CKY-I | CKY-R | 1)
 * SKEYID_e = prf(SKEYID, SKEYID_a | g^xy | CKY-I | CKY-R | 2)
 */
export function derivePhase1KeyMaterial(input: SkeyidInput): Phase1KeyMaterial {
  checkCookies(input);
  const skeyid = deriveSkeyid(input);
  const tail = [input.sharedSecret, input.cookieI, input.cookieR] as const;
  const skeyidD = prf(input.prf, skeyid, ...tail, Buffer.from([0]));
  const skeyidA = prf(input.prf, skeyid, skeyidD, ...tail, Buffer.from([1]));
  const skeyidE = prf(input.prf, skeyid, skeyidA, ...tail, Buffer.from([2]));
  return { skeyid, skeyidD, skeyidA, skeyidE };
}

/**
 * The phase-1 cipher key (RFC 2409 Appendix B): the first `keyLength` bytes of SKEYID_e,
 * or, when SKEYID_e is too short, of Ka = K1 | K2 | ... with K1 = prf(SKEYID_e, 0) and
 * Kn = prf(SKEYID_e, K(n-1)). (3DES with MD5 or SHA1 and AES-192/256 with SHA1 expand.)
 */
export function phase1EncryptionKey(alg: HashAlgorithm, skeyidE: Buffer, keyLength: number): Buffer {
  if (keyLength <= skeyidE.length) return Buffer.from(skeyidE.subarray(0, keyLength));
  return prfChain(alg, skeyidE, [Buffer.from([0])], [], keyLength);
}
