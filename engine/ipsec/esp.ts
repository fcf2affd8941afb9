// ESP packets (RFC 4303): SPI | Sequence Number | IV | encrypted (payload | padding |
// pad length | next header) | ICV. The caller puts the result in an IPv4 datagram with
// protocol 50 and chooses the next header: 4 (IP-in-IP) for tunnel mode, the inner
// protocol for transport mode.
//
// CBC: IV of one block, padding to the block size, ICV = HMAC over SPI..ciphertext
// (encrypt-then-MAC, 3.3.4). AES-GCM (RFC 4106): 8-byte explicit IV, nonce = salt | IV,
// AAD = SPI | Sequence Number (32-bit sequence numbers), padding to 4 bytes, the tag is
// the ICV. NULL (RFC 2410): no IV, padding to 4 bytes, HMAC as for CBC.
//
// Receive order (3.4): SPI, sequence number against the replay window, ICV (before any
// decryption, so forged packets cost one HMAC and never reach the cipher), only then the
// window moves (3.4.3), then decryption and the trailer. Every failure is a value.
import {
  AEAD_CIPHERS,
  CBC_CIPHERS,
  INTEGRITY_ALGORITHMS,
  aeadDecrypt,
  aeadEncrypt,
  cbcDecrypt,
  cbcEncrypt,
  computeIcv,
  verifyIcv,
} from '../ike/crypto/index.ts';
import type { Random } from '../runtime/random.ts';
import type { ReplayWindow } from './replay-window.ts';
import { failure, type Decapsulation, type EspSa, type EspTransform } from './transform.ts';

const HEADER = 8;
/** RFC 4303 2.4: the Pad Length and Next Header fields end 4-byte aligned at least. */
const MIN_ALIGN = 4;

const ivLength = (t: EspTransform): number =>
  t.kind === 'cbc' ? CBC_CIPHERS[t.cipher].blockSize : t.kind === 'aead' ? AEAD_CIPHERS[t.cipher].ivLength : 0;

const icvLength = (t: EspTransform): number =>
  t.kind === 'aead' ? t.icvLength : t.integrity ? INTEGRITY_ALGORITHMS[t.integrity.algorithm].icvLength : 0;

const alignment = (t: EspTransform): number => (t.kind === 'cbc' ? CBC_CIPHERS[t.cipher].blockSize : MIN_ALIGN);

/** Anti-replay needs integrity (RFC 4303 3.4.3): without an ICV a sender could not be trusted on its sequence numbers. */
const hasIntegrity = (t: EspTransform): boolean => t.kind === 'aead' || t.integrity !== undefined;

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: { detail: string } }): T {
  if (!r.ok) throw new RangeError(r.error.detail);
  return r.value;
}

/** Self-describing padding 1, 2, 3, ... then Pad Length and Next Header (RFC 4303 2.4). */
function addTrailer(payload: Buffer, nextHeader: number, align: number): Buffer {
  const padLength = (align - ((payload.length + 2) % align)) % align;
  const trailer = Buffer.alloc(padLength + 2);
  for (let i = 0; i < padLength; i++) trailer[i] = i + 1;
  trailer[padLength] = padLength;
  trailer[padLength + 1] = nextHeader;
  return Buffer.concat([payload, trailer]);
}

function stripTrailer(plaintext: Buffer, seq: number): Decapsulation {
  if (plaintext.length < 2) return failure('bad-trailer');
  const padLength = plaintext[plaintext.length - 2]!;
  const nextHeader = plaintext[plaintext.length - 1]!;
  const payloadLength = plaintext.length - 2 - padLength;
  if (payloadLength < 0) return failure('bad-trailer');
  for (let i = 0; i < padLength; i++) if (plaintext[payloadLength + i] !== i + 1) return failure('bad-trailer');
  // A copy: with the NULL cipher the plaintext is a view of the received datagram.
  return { ok: true, seq, nextHeader, payload: Buffer.from(plaintext.subarray(0, payloadLength)) };
}

/** The ESP packet (IPv4 payload, protocol 50) carrying `payload` with sequence number `seq`. */
export function espEncapsulate(sa: EspSa, seq: number, nextHeader: number, payload: Buffer, random: Random): Buffer {
  const t = sa.transform;
  const header = Buffer.alloc(HEADER);
  header.writeUInt32BE(sa.spi, 0);
  header.writeUInt32BE(seq, 4);
  const plaintext = addTrailer(payload, nextHeader, alignment(t));
  const iv = random.bytes(ivLength(t));
  if (t.kind === 'aead') {
    const sealed = aeadEncrypt(t.cipher, t.key, iv, header, plaintext, t.icvLength);
    return Buffer.concat([header, iv, sealed.ciphertext, sealed.icv]);
  }
  const body = t.kind === 'cbc' ? unwrap(cbcEncrypt(t.cipher, t.key, iv, plaintext)) : plaintext;
  const icv = t.integrity ? computeIcv(t.integrity.algorithm, t.integrity.key, header, iv, body) : Buffer.alloc(0);
  return Buffer.concat([header, iv, body, icv]);
}

/** The SPI of an ESP packet, or undefined if it is too short to have one. */
const espSpi = (packet: Buffer): number | undefined => (packet.length < HEADER ? undefined : packet.readUInt32BE(0));

/**
 * Verify and decrypt an ESP packet for `sa`. `window` is the SA's anti-replay window; it
 * moves only when the ICV verifies. Never throws, whatever the bytes.
 */
export function espDecapsulate(sa: EspSa, packet: Buffer, window: ReplayWindow): Decapsulation {
  const t = sa.transform;
  const spi = espSpi(packet);
  if (spi === undefined) return failure('bad-header');
  if (spi !== sa.spi) return failure('unknown-spi');
  const ivLen = ivLength(t);
  const icvLen = icvLength(t);
  // The smallest ciphertext holds Pad Length and Next Header, padded to the alignment.
  if (packet.length < HEADER + ivLen + alignment(t) + icvLen) return failure('bad-header');
  const seq = packet.readUInt32BE(4);
  const replayProtected = hasIntegrity(t);
  if (replayProtected && !window.check(seq)) return failure('replay');

  const header = packet.subarray(0, HEADER);
  const iv = packet.subarray(HEADER, HEADER + ivLen);
  const body = packet.subarray(HEADER + ivLen, packet.length - icvLen);
  const icv = packet.subarray(packet.length - icvLen);

  if (t.kind === 'aead') {
    const opened = aeadDecrypt(t.cipher, t.key, iv, header, body, icv);
    if (!opened.ok) return failure('auth-failed');
    window.accept(seq);
    return stripTrailer(opened.value, seq);
  }
  if (t.integrity) {
    if (!verifyIcv(t.integrity.algorithm, t.integrity.key, icv, header, iv, body)) return failure('auth-failed');
    window.accept(seq);
  }
  if (t.kind === 'null') return stripTrailer(body, seq);
  // An authentic packet whose ciphertext is not whole blocks cannot be decrypted.
  const plaintext = cbcDecrypt(t.cipher, t.key, iv, body);
  return plaintext.ok ? stripTrailer(plaintext.value, seq) : failure('decrypt-failed');
}
