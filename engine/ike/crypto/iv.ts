// IKEv1 CBC initialisation vectors (RFC 2409 Appendix B). Bugs here are the #1 IKEv1
// interop trap, so the rules are spelled out:
//  - Phase 1: IV = hash(g^xi | g^xr) truncated to the block size; afterwards each message
//    uses the last ciphertext block of the previous message (see message-crypto.ts).
//  - Each phase-2 (Quick Mode) or informational exchange, identified by its M-ID:
//    IV = hash(last phase-1 CBC output block | M-ID) truncated to the block size, then
//    chained within that exchange like phase 1. "Last phase-1 CBC output block" is the
//    IV state after the final phase-1 message, i.e. the last ciphertext block of it. If
//    no phase-1 message was encrypted (Aggressive Mode with a clear third message), it is
//    the phase-1 IV itself, since the CBC state never advanced.
// `hash` is the negotiated hash itself, not the HMAC prf.
import { fourBytes } from './bytes.ts';
import { hash, type HashAlgorithm } from './prf.ts';

function truncate(digest: Buffer, blockSize: number): Buffer {
  if (digest.length < blockSize) throw new RangeError(`hash output ${digest.length} shorter than block size ${blockSize}`);
  return Buffer.from(digest.subarray(0, blockSize));
}

export function phase1Iv(alg: HashAlgorithm, initiatorPublic: Buffer, responderPublic: Buffer, blockSize: number): Buffer {
  return truncate(hash(alg, initiatorPublic, responderPublic), blockSize);
}

/** First IV of a Quick Mode or informational exchange; `messageId` as a number or 4 bytes. */
export function phase2Iv(alg: HashAlgorithm, lastPhase1Block: Buffer, messageId: number | Buffer, blockSize: number): Buffer {
  return truncate(hash(alg, lastPhase1Block, fourBytes(messageId, 'message ID')), blockSize);
}
