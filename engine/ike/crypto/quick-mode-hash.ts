// Authentication hashes of IKEv1 phase-2 exchanges (RFC 2409 sections 5.5 and 5.7).
// "rest" is the raw bytes of every payload that follows the HASH payload in the message,
// generic payload headers included, exactly as sent/received (before padding). Nonce
// values Ni_b/Nr_b are the nonce payload bodies.
import { fourBytes } from './bytes.ts';
import { prf, type HashAlgorithm } from './prf.ts';

type MessageId = number | Buffer;

/** HASH(1) = prf(SKEYID_a, M-ID | SA | Ni [| KE] [| IDci | IDcr]) */
export function quickModeHash1(alg: HashAlgorithm, skeyidA: Buffer, messageId: MessageId, rest: Buffer): Buffer {
  return prf(alg, skeyidA, fourBytes(messageId, 'message ID'), rest);
}

/** HASH(2) = prf(SKEYID_a, M-ID | Ni_b | SA | Nr [| KE] [| IDci | IDcr]) */
export function quickModeHash2(alg: HashAlgorithm, skeyidA: Buffer, messageId: MessageId, nonceI: Buffer, rest: Buffer): Buffer {
  return prf(alg, skeyidA, fourBytes(messageId, 'message ID'), nonceI, rest);
}

/** HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b) */
export function quickModeHash3(alg: HashAlgorithm, skeyidA: Buffer, messageId: MessageId, nonceI: Buffer, nonceR: Buffer): Buffer {
  return prf(alg, skeyidA, Buffer.from([0]), fourBytes(messageId, 'message ID'), nonceI, nonceR);
}

/** Informational exchange HASH(1) = prf(SKEYID_a, M-ID | N/D) (Notify or Delete payload, header included). */
export function informationalHash(alg: HashAlgorithm, skeyidA: Buffer, messageId: MessageId, rest: Buffer): Buffer {
  return prf(alg, skeyidA, fourBytes(messageId, 'message ID'), rest);
}
