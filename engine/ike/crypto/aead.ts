// AES-GCM for ESP (RFC 4106). The KEYMAT for a GCM SA is key | 4-byte salt; the nonce is
// salt | 8-byte explicit IV carried in the packet; the ICV is 8, 12 or 16 bytes
// (ESP transform IDs 18, 19, 20). IKEv1 cannot use GCM for the IKE SA itself.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { fail, ok, type CryptoResult } from './result.ts';

export type AeadAlgorithm = 'aes-128-gcm' | 'aes-192-gcm' | 'aes-256-gcm';
export type GcmIcvLength = 8 | 12 | 16;

export interface AeadSpec {
  readonly algorithm: AeadAlgorithm;
  readonly keyLength: number;
  readonly saltLength: 4;
  readonly ivLength: 8;
}

export const AEAD_CIPHERS: Readonly<Record<AeadAlgorithm, AeadSpec>> = {
  'aes-128-gcm': { algorithm: 'aes-128-gcm', keyLength: 16, saltLength: 4, ivLength: 8 },
  'aes-192-gcm': { algorithm: 'aes-192-gcm', keyLength: 24, saltLength: 4, ivLength: 8 },
  'aes-256-gcm': { algorithm: 'aes-256-gcm', keyLength: 32, saltLength: 4, ivLength: 8 },
};

export interface AeadKey {
  readonly key: Buffer;
  readonly salt: Buffer;
}

export interface AeadSealed {
  readonly ciphertext: Buffer;
  readonly icv: Buffer;
}

function nonce(spec: AeadSpec, k: AeadKey, iv: Buffer): Buffer {
  if (k.key.length !== spec.keyLength) throw new RangeError(`${spec.algorithm} key must be ${spec.keyLength} bytes`);
  if (k.salt.length !== spec.saltLength) throw new RangeError(`${spec.algorithm} salt must be 4 bytes`);
  if (iv.length !== spec.ivLength) throw new RangeError(`${spec.algorithm} IV must be 8 bytes`);
  return Buffer.concat([k.salt, iv]);
}

/** Split ESP KEYMAT (key | salt) for a GCM SA. */
export function aeadKeyFromKeymat(alg: AeadAlgorithm, keymat: Buffer): AeadKey {
  const spec = AEAD_CIPHERS[alg];
  if (keymat.length !== spec.keyLength + spec.saltLength) throw new RangeError(`${alg} KEYMAT must be ${spec.keyLength + 4} bytes`);
  return { key: Buffer.from(keymat.subarray(0, spec.keyLength)), salt: Buffer.from(keymat.subarray(spec.keyLength)) };
}

export function aeadEncrypt(
  alg: AeadAlgorithm,
  k: AeadKey,
  iv: Buffer,
  aad: Buffer,
  plaintext: Buffer,
  icvLength: GcmIcvLength = 16,
): AeadSealed {
  const spec = AEAD_CIPHERS[alg];
  const cipher = createCipheriv(alg, k.key, nonce(spec, k, iv), { authTagLength: icvLength });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext, icv: cipher.getAuthTag() };
}

/** Decrypt and verify; a wrong ICV is an error value ('authentication-failed'), not a throw. */
export function aeadDecrypt(
  alg: AeadAlgorithm,
  k: AeadKey,
  iv: Buffer,
  aad: Buffer,
  ciphertext: Buffer,
  icv: Buffer,
): CryptoResult<Buffer> {
  const spec = AEAD_CIPHERS[alg];
  if (icv.length !== 8 && icv.length !== 12 && icv.length !== 16) {
    return fail('invalid-length', `${alg} ICV must be 8, 12 or 16 bytes, got ${icv.length}`);
  }
  const decipher = createDecipheriv(alg, k.key, nonce(spec, k, iv), { authTagLength: icv.length });
  decipher.setAAD(aad);
  decipher.setAuthTag(icv);
  const plaintext = decipher.update(ciphertext);
  try {
    return ok(Buffer.concat([plaintext, decipher.final()]));
  } catch {
    return fail('authentication-failed', `${alg} ICV mismatch`);
  }
}
