// Encryption of an IKEv1 message body: everything after the 28-byte ISAKMP header when the
// E flag is set (RFC 2408 3.1, RFC 2409 Appendix B). CBC with the exchange's current IV;
// the plaintext is zero-padded to the block size (receivers rely on the payload lengths,
// not on the padding, as strongSwan's encrypt_v1 does); the IV for the next message of the
// same exchange is the last ciphertext block (on both sending and receiving side).
// Callers must only adopt `nextIv` once the message is accepted (a message that fails to
// decrypt or to authenticate must not advance the IV).
import { CBC_CIPHERS, cbcDecrypt, cbcEncrypt, type CbcCipherAlgorithm } from './cipher.ts';
import { fail, ok, type CryptoResult } from './result.ts';

export interface EncryptedBody {
  readonly ciphertext: Buffer;
  readonly nextIv: Buffer;
}

export interface DecryptedBody {
  /** Plaintext including any padding; the payload chain's lengths say where it ends. */
  readonly plaintext: Buffer;
  readonly nextIv: Buffer;
}

/** Zero-pad to a multiple of the block size (no padding when already aligned). */
export function padToBlock(plaintext: Buffer, blockSize: number): Buffer {
  const remainder = plaintext.length % blockSize;
  if (remainder === 0) return plaintext;
  return Buffer.concat([plaintext, Buffer.alloc(blockSize - remainder)]);
}

function lastBlock(ciphertext: Buffer, blockSize: number): Buffer {
  return Buffer.from(ciphertext.subarray(ciphertext.length - blockSize));
}

export function encryptMessageBody(alg: CbcCipherAlgorithm, key: Buffer, iv: Buffer, plaintext: Buffer): EncryptedBody {
  const { blockSize } = CBC_CIPHERS[alg];
  // An empty body still yields one block so that there is a "last ciphertext block".
  const padded = plaintext.length === 0 ? Buffer.alloc(blockSize) : padToBlock(plaintext, blockSize);
  const sealed = cbcEncrypt(alg, key, iv, padded);
  if (!sealed.ok) throw new Error(`unreachable: ${sealed.error.detail}`);
  return { ciphertext: sealed.value, nextIv: lastBlock(sealed.value, blockSize) };
}

export function decryptMessageBody(
  alg: CbcCipherAlgorithm,
  key: Buffer,
  iv: Buffer,
  ciphertext: Buffer,
): CryptoResult<DecryptedBody> {
  const { blockSize } = CBC_CIPHERS[alg];
  if (ciphertext.length === 0 || ciphertext.length % blockSize !== 0) {
    return fail('invalid-length', `encrypted body of ${ciphertext.length} bytes is not a positive multiple of ${blockSize}`);
  }
  const opened = cbcDecrypt(alg, key, iv, ciphertext);
  if (!opened.ok) return opened;
  return ok({ plaintext: opened.value, nextIv: lastBlock(ciphertext, blockSize) });
}
