// Building and opening ISAKMP messages, in the clear or encrypted under the IKE SA
// (RFC 2409 5.3, Appendix B). The caller owns the IV state: it passes the current IV in
// and adopts `nextIv` only once the message has been accepted (authenticated).
import { decodeHeader, encodeHeader, HEADER_LENGTH, type DecodedHeader, type Header } from '../codec/header.ts';
import { encodeMessage } from '../codec/message.ts';
import { decodePayloadChain, encodePayloadChain } from '../codec/payload-chain.ts';
import type { Payload } from '../codec/payloads.ts';
import type { CbcCipherAlgorithm } from '../crypto/cipher.ts';
import { decryptMessageBody, encryptMessageBody } from '../crypto/message-crypto.ts';
import type { HashAlgorithm } from '../crypto/prf.ts';

export interface Phase1Keys {
  prf: HashAlgorithm;
  cipher: CbcCipherAlgorithm;
  blockSize: number;
  encryptionKey: Buffer;
  skeyid: Buffer;
  skeyidD: Buffer;
  skeyidA: Buffer;
  skeyidE: Buffer;
}

export type MessageHeader = Omit<Header, 'flags'>;

export function buildClear(header: MessageHeader, payloads: readonly Payload[]): Buffer {
  return encodeMessage({ header: { ...header, flags: { encrypted: false, commit: false, authenticationOnly: false } }, payloads: [...payloads] });
}

export function buildEncrypted(header: MessageHeader, payloads: readonly Payload[], keys: Phase1Keys, iv: Buffer): { datagram: Buffer; nextIv: Buffer } {
  const chain = encodePayloadChain(payloads);
  const sealed = encryptMessageBody(keys.cipher, keys.encryptionKey, iv, chain.bytes);
  const head = encodeHeader({ ...header, flags: { encrypted: true, commit: false, authenticationOnly: false } }, chain.firstPayloadType, sealed.ciphertext.length);
  return { datagram: Buffer.concat([head, sealed.ciphertext]), nextIv: sealed.nextIv };
}

export interface OpenedMessage {
  header: DecodedHeader;
  payloads: Payload[];
  /** The payload chain bytes (plaintext; padding included when it was encrypted). */
  chain: Buffer;
  /** The IV after this message, to adopt once it is accepted (equals the input IV in the clear). */
  nextIv?: Buffer;
}

export type OpenResult = { ok: true; value: OpenedMessage } | { ok: false; detail: string; stage: 'header' | 'decrypt' | 'payloads' };

/** Decode a datagram; with `keys`/`iv` an encrypted body is decrypted first. */
export function openMessage(datagram: Buffer, crypt?: { keys: Phase1Keys; iv: Buffer }): OpenResult {
  const header = decodeHeader(datagram);
  if (!header.ok) return { ok: false, stage: 'header', detail: header.error.detail };
  let chain = datagram.subarray(HEADER_LENGTH);
  let nextIv: Buffer | undefined;
  if (header.value.flags.encrypted) {
    if (!crypt) return { ok: false, stage: 'decrypt', detail: 'encrypted message before keys exist' };
    const opened = decryptMessageBody(crypt.keys.cipher, crypt.keys.encryptionKey, crypt.iv, chain);
    if (!opened.ok) return { ok: false, stage: 'decrypt', detail: opened.error.detail };
    chain = opened.value.plaintext;
    nextIv = opened.value.nextIv;
  }
  const payloads = decodePayloadChain(header.value.nextPayload, chain, { allowTrailingPadding: header.value.flags.encrypted });
  if (!payloads.ok) return { ok: false, stage: 'payloads', detail: `${payloads.error.kind}: ${payloads.error.detail}` };
  return { ok: true, value: { header: header.value, payloads: payloads.value, chain: Buffer.from(chain), nextIv } };
}
