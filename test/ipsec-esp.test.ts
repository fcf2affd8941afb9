// ESP packets (RFC 4303): every cipher/integrity combination round-trips, and each kind of
// bad packet is refused for its own reason, before anything is delivered.
import test from 'ava';
import fc from 'fast-check';
import {
  AEAD_CIPHERS,
  CBC_CIPHERS,
  INTEGRITY_ALGORITHMS,
  aeadEncrypt,
  cbcEncrypt,
  computeIcv,
  type AeadAlgorithm,
  type CbcCipherAlgorithm,
  type IntegrityAlgorithm,
} from '../engine/ike/crypto/index.ts';
import { espDecapsulate, espEncapsulate } from '../engine/ipsec/esp.ts';
import { ReplayWindow } from '../engine/ipsec/replay-window.ts';
import type { EspSa, EspTransform, IpsecIntegrity } from '../engine/ipsec/transform.ts';
import { SeededRandom } from '../engine/runtime/random.ts';

const SPI = 0x5fd07f77;
const random = new SeededRandom('ipsec-esp');
const keyOf = (n: number, fill: number) => Buffer.alloc(n, fill);
const integrity = (algorithm: IntegrityAlgorithm): IpsecIntegrity => ({ algorithm, key: keyOf(INTEGRITY_ALGORITHMS[algorithm].keyLength, 0x22) });
const cbc = (cipher: CbcCipherAlgorithm, auth?: IntegrityAlgorithm): EspTransform => ({
  kind: 'cbc',
  cipher,
  key: keyOf(CBC_CIPHERS[cipher].keyLength, 0x11),
  ...(auth && { integrity: integrity(auth) }),
});
const gcm = (cipher: AeadAlgorithm): EspTransform => ({
  kind: 'aead',
  cipher,
  key: { key: keyOf(AEAD_CIPHERS[cipher].keyLength, 0x33), salt: Buffer.from('c0ffee01', 'hex') },
  icvLength: 16,
});

const CBC_CIPHER_NAMES = Object.keys(CBC_CIPHERS) as CbcCipherAlgorithm[];
const AUTHS: IntegrityAlgorithm[] = ['hmac-md5-96', 'hmac-sha1-96', 'hmac-sha-256-128'];
const TRANSFORMS: Record<string, EspTransform> = {};
for (const c of CBC_CIPHER_NAMES) {
  for (const a of AUTHS) TRANSFORMS[`${c}/${a}`] = cbc(c, a);
  TRANSFORMS[`${c}/none`] = cbc(c);
}
for (const a of AUTHS) TRANSFORMS[`null/${a}`] = { kind: 'null', integrity: integrity(a) };
for (const c of Object.keys(AEAD_CIPHERS) as AeadAlgorithm[]) TRANSFORMS[c] = gcm(c);
const AUTHENTICATED = Object.entries(TRANSFORMS).filter(([name]) => !name.endsWith('/none'));

const sa = (transform: EspTransform): EspSa => ({ spi: SPI, transform });
const PAYLOAD = Buffer.from('45000054abcd40004001f00dc0a80a01c0a81401' + 'ab'.repeat(64), 'hex');

const ivLength = (t: EspTransform) => (t.kind === 'cbc' ? CBC_CIPHERS[t.cipher].blockSize : t.kind === 'aead' ? 8 : 0);
const icvLength = (t: EspTransform) => (t.kind === 'aead' ? 16 : t.integrity ? INTEGRITY_ALGORITHMS[t.integrity.algorithm].icvLength : 0);
const alignment = (t: EspTransform) => (t.kind === 'cbc' ? CBC_CIPHERS[t.cipher].blockSize : 4);

for (const [name, transform] of Object.entries(TRANSFORMS)) {
  test(`${name}: round trip of every payload length 0..40 and a 1400-byte packet`, (t) => {
    const window = new ReplayWindow();
    let seq = 0;
    for (const payload of [...Array.from({ length: 41 }, (_, n) => PAYLOAD.subarray(0, n)), Buffer.alloc(1400, 7)]) {
      const packet = espEncapsulate(sa(transform), ++seq, 4, payload, random);
      const encrypted = packet.length - 8 - ivLength(transform) - icvLength(transform);
      t.is(encrypted % alignment(transform), 0, 'padded to the alignment');
      t.true(encrypted - payload.length - 2 < alignment(transform), 'and no further');
      const opened = espDecapsulate(sa(transform), packet, window);
      t.deepEqual(opened, { ok: true, seq, nextHeader: 4, payload: Buffer.from(payload) });
    }
  });
}

for (const [name, transform] of Object.entries(TRANSFORMS)) {
  test(`${name}: the payload is ${transform.kind === 'null' ? 'in clear after the header' : 'hidden, under a fresh IV each time'}`, (t) => {
    const a = espEncapsulate(sa(transform), 1, 4, PAYLOAD, random);
    const b = espEncapsulate(sa(transform), 1, 4, PAYLOAD, random);
    if (transform.kind === 'null') t.is(a.indexOf(PAYLOAD), 8);
    else {
      t.is(a.indexOf(PAYLOAD.subarray(0, 12)), -1);
      t.notDeepEqual(a.subarray(8, 8 + ivLength(transform)), b.subarray(8, 8 + ivLength(transform)));
      t.notDeepEqual(a.subarray(8 + ivLength(transform)), b.subarray(8 + ivLength(transform)));
    }
  });
}

for (const [name, transform] of AUTHENTICATED) {
  test(`${name}: changing any byte is caught (SPI: unknown-spi; other bytes: auth-failed) and leaves the window alone`, (t) => {
    const packet = espEncapsulate(sa(transform), 7, 4, PAYLOAD.subarray(0, 33), random);
    const window = new ReplayWindow();
    for (let i = 0; i < packet.length; i++) {
      const bad = Buffer.from(packet);
      bad[i] ^= 0x80;
      const result = espDecapsulate(sa(transform), bad, window);
      t.deepEqual(result, { ok: false, reason: i < 4 ? 'unknown-spi' : 'auth-failed' }, `byte ${i}`);
    }
    t.is(window.highestAccepted, 0);
    t.true(espDecapsulate(sa(transform), packet, window).ok, 'the genuine packet still passes');
  });
}

for (const name of ['3des-cbc/hmac-md5-96', 'aes-256-gcm', 'null/hmac-sha-256-128']) {
  test(`${name}: a replayed packet and one older than the window are refused as replays`, (t) => {
    const transform = TRANSFORMS[name]!;
    const window = new ReplayWindow();
    const first = espEncapsulate(sa(transform), 1, 4, PAYLOAD, random);
    t.true(espDecapsulate(sa(transform), first, window).ok);
    t.deepEqual(espDecapsulate(sa(transform), first, window), { ok: false, reason: 'replay' });
    const late = espEncapsulate(sa(transform), 100, 4, PAYLOAD, random);
    const tooOld = espEncapsulate(sa(transform), 36, 4, PAYLOAD, random);
    const justInside = espEncapsulate(sa(transform), 37, 4, PAYLOAD, random);
    t.true(espDecapsulate(sa(transform), late, window).ok);
    t.deepEqual(espDecapsulate(sa(transform), tooOld, window), { ok: false, reason: 'replay' });
    t.true(espDecapsulate(sa(transform), justInside, window).ok);
  });
}

test('without integrity there is no anti-replay (RFC 4303 3.4.3), so a repeat is delivered', (t) => {
  const transform = TRANSFORMS['aes-128-cbc/none']!;
  const window = new ReplayWindow();
  const packet = espEncapsulate(sa(transform), 1, 4, PAYLOAD, random);
  t.true(espDecapsulate(sa(transform), packet, window).ok);
  t.true(espDecapsulate(sa(transform), packet, window).ok);
});

for (const [name, transform] of Object.entries(TRANSFORMS)) {
  test(`${name}: every truncation shorter than the smallest packet is a bad header`, (t) => {
    const packet = espEncapsulate(sa(transform), 1, 4, Buffer.alloc(0), random);
    for (let n = 0; n < packet.length; n++) {
      const result = espDecapsulate(sa(transform), packet.subarray(0, n), new ReplayWindow());
      t.deepEqual(result, { ok: false, reason: 'bad-header' }, `${n} bytes`);
    }
  });
}

test('a packet for another SPI is unknown-spi, before any other check', (t) => {
  const packet = espEncapsulate({ spi: 0x1234, transform: TRANSFORMS['aes-128-gcm']! }, 1, 4, PAYLOAD, random);
  t.deepEqual(espDecapsulate(sa(TRANSFORMS['aes-128-gcm']!), packet, new ReplayWindow()), { ok: false, reason: 'unknown-spi' });
});

// Packets a buggy or hostile peer with the right keys could send: authentic, but wrong inside.
function forgeCbc(transform: Extract<EspTransform, { kind: 'cbc' }>, seq: number, plaintext: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(SPI, 0);
  header.writeUInt32BE(seq, 4);
  const iv = Buffer.alloc(CBC_CIPHERS[transform.cipher].blockSize, 0x5a);
  const aligned = plaintext.length % iv.length === 0;
  const body = aligned ? cbcEncrypt(transform.cipher, transform.key, iv, plaintext) : { ok: true as const, value: plaintext };
  if (!body.ok) throw new Error(body.error.detail);
  const icv = computeIcv(transform.integrity!.algorithm, transform.integrity!.key, header, iv, body.value);
  return Buffer.concat([header, iv, body.value, icv]);
}

test('CBC: wrong padding under a valid ICV is a bad trailer, and the window still moves (the ICV was good)', (t) => {
  const transform = TRANSFORMS['aes-128-cbc/hmac-sha1-96'] as Extract<EspTransform, { kind: 'cbc' }>;
  const window = new ReplayWindow();
  // 11 payload bytes, padding 1 2 9 (not monotonic), pad length 3, next header 4: 16 bytes.
  const badPad = Buffer.concat([Buffer.alloc(11, 0xaa), Buffer.from([1, 2, 9, 3, 4])]);
  t.deepEqual(espDecapsulate(sa(transform), forgeCbc(transform, 5, badPad), window), { ok: false, reason: 'bad-trailer' });
  t.is(window.highestAccepted, 5);
  // The same with correct padding 1 2 3 is accepted: the padding alone made the difference.
  const goodPad = Buffer.concat([Buffer.alloc(11, 0xaa), Buffer.from([1, 2, 3, 3, 4])]);
  t.deepEqual(espDecapsulate(sa(transform), forgeCbc(transform, 6, goodPad), window), { ok: true, seq: 6, nextHeader: 4, payload: Buffer.alloc(11, 0xaa) });
  // A pad length longer than the plaintext.
  const tooLong = Buffer.concat([Buffer.alloc(14, 0xaa), Buffer.from([200, 4])]);
  t.deepEqual(espDecapsulate(sa(transform), forgeCbc(transform, 7, tooLong), window), { ok: false, reason: 'bad-trailer' });
});

test('CBC: an authentic ciphertext that is not whole blocks is a decryption failure', (t) => {
  const transform = TRANSFORMS['3des-cbc/hmac-sha1-96'] as Extract<EspTransform, { kind: 'cbc' }>;
  t.deepEqual(espDecapsulate(sa(transform), forgeCbc(transform, 1, Buffer.alloc(13, 1)), new ReplayWindow()), { ok: false, reason: 'decrypt-failed' });
});

test('GCM: wrong padding under a valid tag is a bad trailer', (t) => {
  const transform = TRANSFORMS['aes-128-gcm'] as Extract<EspTransform, { kind: 'aead' }>;
  const header = Buffer.from('5fd07f7700000001', 'hex');
  const iv = Buffer.alloc(8, 1);
  // Payload aa aa aa aa, padding 7 2 (should be 1 2), pad length 2, next header 4.
  const sealed = aeadEncrypt(transform.cipher, transform.key, iv, header, Buffer.from([0xaa, 0xaa, 0xaa, 0xaa, 7, 2, 2, 4]), 16);
  const packet = Buffer.concat([header, iv, sealed.ciphertext, sealed.icv]);
  t.deepEqual(espDecapsulate(sa(transform), packet, new ReplayWindow()), { ok: false, reason: 'bad-trailer' });
});

test('property: no input makes decapsulation throw, for any transform, with or without a matching SPI', (t) => {
  const names = Object.keys(TRANSFORMS);
  fc.assert(
    fc.property(fc.constantFrom(...names), fc.boolean(), fc.uint8Array({ maxLength: 200 }), (name, ownSpi, bytes) => {
      const packet = Buffer.from(bytes);
      if (ownSpi && packet.length >= 4) packet.writeUInt32BE(SPI, 0);
      const result = espDecapsulate(sa(TRANSFORMS[name]!), packet, new ReplayWindow());
      // Random bytes only pass where nothing authenticates them.
      return !result.ok || name.endsWith('/none');
    }),
    { numRuns: 3000 },
  );
  t.pass();
});
