// CBC block ciphers for the IKEv1 SA and for ESP, with no automatic padding (IKEv1 and
// ESP pad for themselves).
//
// Single DES is absent from Node 20's OpenSSL 3 default provider. DES-EDE3 with the same
// key three times is E_k(D_k(E_k(x))) = E_k(x), i.e. exactly DES; the classic vector
// (key 133457799BBCDFF1, 0123456789ABCDEF -> 85E813540F0AB405) is in the tests.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { fail, ok, type CryptoResult } from './result.ts';

export type CbcCipherAlgorithm = 'des-cbc' | '3des-cbc' | 'aes-128-cbc' | 'aes-192-cbc' | 'aes-256-cbc';

export interface CbcCipherSpec {
  readonly algorithm: CbcCipherAlgorithm;
  /** Key length in bytes as IKE/ESP negotiate it (8 for DES, 24 for 3DES). */
  readonly keyLength: number;
  readonly blockSize: number;
  /** node:crypto cipher actually used. */
  readonly nodeCipher: string;
}

export const CBC_CIPHERS: Readonly<Record<CbcCipherAlgorithm, CbcCipherSpec>> = {
  'des-cbc': { algorithm: 'des-cbc', keyLength: 8, blockSize: 8, nodeCipher: 'des-ede3-cbc' },
  '3des-cbc': { algorithm: '3des-cbc', keyLength: 24, blockSize: 8, nodeCipher: 'des-ede3-cbc' },
  'aes-128-cbc': { algorithm: 'aes-128-cbc', keyLength: 16, blockSize: 16, nodeCipher: 'aes-128-cbc' },
  'aes-192-cbc': { algorithm: 'aes-192-cbc', keyLength: 24, blockSize: 16, nodeCipher: 'aes-192-cbc' },
  'aes-256-cbc': { algorithm: 'aes-256-cbc', keyLength: 32, blockSize: 16, nodeCipher: 'aes-256-cbc' },
};

function nodeKey(spec: CbcCipherSpec, key: Buffer): Buffer {
  if (key.length !== spec.keyLength) {
    throw new RangeError(`${spec.algorithm} key must be ${spec.keyLength} bytes, got ${key.length}`);
  }
  return spec.algorithm === 'des-cbc' ? Buffer.concat([key, key, key]) : key;
}

function checkIv(spec: CbcCipherSpec, iv: Buffer): void {
  if (iv.length !== spec.blockSize) {
    throw new RangeError(`${spec.algorithm} IV must be ${spec.blockSize} bytes, got ${iv.length}`);
  }
}

function checkAligned(spec: CbcCipherSpec, data: Buffer): CryptoResult<void> {
  if (data.length % spec.blockSize !== 0) {
    return fail('invalid-length', `${spec.algorithm} data length ${data.length} is not a multiple of ${spec.blockSize}`);
  }
  return ok(undefined);
}

/** CBC-encrypt block-aligned data (error value if it is not aligned). */
export function cbcEncrypt(alg: CbcCipherAlgorithm, key: Buffer, iv: Buffer, plaintext: Buffer): CryptoResult<Buffer> {
  const spec = CBC_CIPHERS[alg];
  checkIv(spec, iv);
  const aligned = checkAligned(spec, plaintext);
  if (!aligned.ok) return aligned;
  const cipher = createCipheriv(spec.nodeCipher, nodeKey(spec, key), iv);
  cipher.setAutoPadding(false);
  return ok(Buffer.concat([cipher.update(plaintext), cipher.final()]));
}

/** CBC-decrypt block-aligned data (error value if it is not aligned). */
export function cbcDecrypt(alg: CbcCipherAlgorithm, key: Buffer, iv: Buffer, ciphertext: Buffer): CryptoResult<Buffer> {
  const spec = CBC_CIPHERS[alg];
  checkIv(spec, iv);
  const aligned = checkAligned(spec, ciphertext);
  if (!aligned.ok) return aligned;
  const decipher = createDecipheriv(spec.nodeCipher, nodeKey(spec, key), iv);
  decipher.setAutoPadding(false);
  return ok(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
}
