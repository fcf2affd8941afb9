import test from 'ava';
import { aeadDecrypt, aeadEncrypt, aeadKeyFromKeymat } from '../engine/ike/crypto/aead.ts';
import { CBC_CIPHERS, cbcDecrypt, cbcEncrypt } from '../engine/ike/crypto/cipher.ts';
import { computeIcv, verifyIcv } from '../engine/ike/crypto/integrity.ts';
import { decryptMessageBody, encryptMessageBody, padToBlock } from '../engine/ike/crypto/message-crypto.ts';
import { cipherFixtures, hex } from './fixtures/ike-crypto/load.ts';

test('DES (emulated with des-ede3 and k|k|k) gives the classic known answer 85E813540F0AB405', (t) => {
  const c = cipherFixtures.desClassic;
  t.is(c.ciphertext, '85e813540f0ab405');
  // One block of CBC with a zero IV is plain ECB.
  const r = cbcEncrypt('des-cbc', hex(c.key), Buffer.alloc(8), hex(c.plaintext));
  t.true(r.ok);
  if (r.ok) t.is(r.value.toString('hex'), c.ciphertext);
  const back = cbcDecrypt('des-cbc', hex(c.key), Buffer.alloc(8), hex(c.ciphertext));
  t.true(back.ok);
  if (back.ok) t.is(back.value.toString('hex'), c.plaintext);
});

test('CBC known answers (openssl enc -nopad; DES-CBC from the real DES of the legacy provider)', (t) => {
  const seen = new Set<string>();
  for (const c of cipherFixtures.cbc) {
    seen.add(c.cipher);
    const enc = cbcEncrypt(c.cipher, hex(c.key), hex(c.iv), hex(c.plaintext));
    t.true(enc.ok);
    if (enc.ok) t.is(enc.value.toString('hex'), c.ciphertext, `${c.cipher} encrypt (${c.tool})`);
    const dec = cbcDecrypt(c.cipher, hex(c.key), hex(c.iv), hex(c.ciphertext));
    t.true(dec.ok);
    if (dec.ok) t.is(dec.value.toString('hex'), c.plaintext, `${c.cipher} decrypt`);
  }
  t.deepEqual([...seen].sort(), Object.keys(CBC_CIPHERS).sort());
});

test('CBC: unaligned data is an error value; wrong key or IV length is a programming error', (t) => {
  const key = Buffer.alloc(16, 1);
  const iv = Buffer.alloc(16, 2);
  for (const r of [cbcEncrypt('aes-128-cbc', key, iv, Buffer.alloc(15)), cbcDecrypt('aes-128-cbc', key, iv, Buffer.alloc(17))]) {
    t.false(r.ok);
    if (!r.ok) t.is(r.error.code, 'invalid-length');
  }
  t.throws(() => cbcEncrypt('aes-128-cbc', Buffer.alloc(32), iv, Buffer.alloc(16)), { instanceOf: RangeError });
  t.throws(() => cbcEncrypt('des-cbc', Buffer.alloc(24), Buffer.alloc(8), Buffer.alloc(8)), { instanceOf: RangeError });
  t.throws(() => cbcEncrypt('3des-cbc', Buffer.alloc(24), Buffer.alloc(16), Buffer.alloc(8)), { instanceOf: RangeError });
  // No hidden PKCS#7 padding: output length equals input length.
  const r = cbcEncrypt('aes-128-cbc', key, iv, Buffer.alloc(32));
  t.true(r.ok && r.value.length === 32);
});

test('AES-GCM for ESP: known answers (pyca AESGCM), ICV 16 and 8, tampering detected', (t) => {
  for (const c of cipherFixtures.gcm) {
    const k = { key: hex(c.key), salt: hex(c.salt) };
    const sealed = aeadEncrypt(c.cipher, k, hex(c.iv), hex(c.aad), hex(c.plaintext), 16);
    t.is(sealed.ciphertext.toString('hex'), c.ciphertext, c.cipher);
    t.is(sealed.icv.toString('hex'), c.icv16, c.cipher);
    const short = aeadEncrypt(c.cipher, k, hex(c.iv), hex(c.aad), hex(c.plaintext), 8);
    t.is(short.icv.toString('hex'), c.icv8, `${c.cipher} ICV 8`);

    for (const icv of [c.icv16, c.icv8]) {
      const opened = aeadDecrypt(c.cipher, k, hex(c.iv), hex(c.aad), hex(c.ciphertext), hex(icv));
      t.true(opened.ok);
      if (opened.ok) t.is(opened.value.toString('hex'), c.plaintext);
    }
    const flipped = hex(c.ciphertext);
    flipped[0]! ^= 0x80;
    const badCt = aeadDecrypt(c.cipher, k, hex(c.iv), hex(c.aad), flipped, hex(c.icv16));
    t.false(badCt.ok);
    if (!badCt.ok) t.is(badCt.error.code, 'authentication-failed');
    const badAad = aeadDecrypt(c.cipher, k, hex(c.iv), Buffer.alloc(8), hex(c.ciphertext), hex(c.icv16));
    t.false(badAad.ok);
    const badIcvLength = aeadDecrypt(c.cipher, k, hex(c.iv), hex(c.aad), hex(c.ciphertext), hex(c.icv16).subarray(0, 5));
    t.false(badIcvLength.ok);
    if (!badIcvLength.ok) t.is(badIcvLength.error.code, 'invalid-length');
    // KEYMAT for a GCM SA is key | salt.
    const split = aeadKeyFromKeymat(c.cipher, Buffer.concat([hex(c.key), hex(c.salt)]));
    t.deepEqual(split, k);
  }
});

test('ESP/AH integrity: truncated HMAC known answers (openssl dgst -mac HMAC) and verification', (t) => {
  for (const c of cipherFixtures.integrity) {
    const icv = computeIcv(c.algorithm, hex(c.key), hex(c.data));
    t.is(icv.toString('hex'), c.icv, c.algorithm);
    t.true(verifyIcv(c.algorithm, hex(c.key), hex(c.icv), hex(c.data)));
    // Split input is the same as one buffer.
    const data = hex(c.data);
    t.true(verifyIcv(c.algorithm, hex(c.key), hex(c.icv), data.subarray(0, 10), data.subarray(10)));
    const wrong = hex(c.icv);
    wrong[wrong.length - 1]! ^= 1;
    t.false(verifyIcv(c.algorithm, hex(c.key), wrong, hex(c.data)));
    t.false(verifyIcv(c.algorithm, hex(c.key), hex(c.icv).subarray(1), hex(c.data)));
  }
  t.is(computeIcv('hmac-sha-256-128', Buffer.alloc(32), Buffer.alloc(0)).length, 16);
  t.is(computeIcv('hmac-sha-256-96', Buffer.alloc(32), Buffer.alloc(0)).length, 12);
  t.throws(() => computeIcv('hmac-sha1-96', Buffer.alloc(16), Buffer.alloc(0)), { instanceOf: RangeError });
});

test('IKEv1 message bodies: zero padding to the block, IV chaining through the last ciphertext block', (t) => {
  for (const c of cipherFixtures.messageBodies) {
    const key = hex(c.key);
    const first = encryptMessageBody(c.cipher, key, hex(c.iv), hex(c.message1));
    t.is(first.ciphertext.toString('hex'), c.ciphertext1, `${c.cipher} message 1`);
    const blockSize = CBC_CIPHERS[c.cipher].blockSize;
    t.deepEqual(first.nextIv, first.ciphertext.subarray(-blockSize));
    const second = encryptMessageBody(c.cipher, key, first.nextIv, hex(c.message2));
    t.is(second.ciphertext.toString('hex'), c.ciphertext2, `${c.cipher} message 2 (aligned, no padding)`);
    t.is(second.nextIv.toString('hex'), c.ivAfter2);

    // The receiver follows the same chain.
    const d1 = decryptMessageBody(c.cipher, key, hex(c.iv), hex(c.ciphertext1));
    t.true(d1.ok);
    if (!d1.ok) continue;
    t.is(d1.value.plaintext.subarray(0, hex(c.message1).length).toString('hex'), c.message1);
    t.true(d1.value.plaintext.subarray(hex(c.message1).length).every((b) => b === 0));
    const d2 = decryptMessageBody(c.cipher, key, d1.value.nextIv, hex(c.ciphertext2));
    t.true(d2.ok);
    if (d2.ok) {
      t.is(d2.value.plaintext.toString('hex'), c.message2);
      t.is(d2.value.nextIv.toString('hex'), c.ivAfter2);
    }
    // Using the stale IV garbles the first block only (CBC), so the check above is meaningful.
    const stale = decryptMessageBody(c.cipher, key, hex(c.iv), hex(c.ciphertext2));
    t.true(stale.ok && stale.value.plaintext.toString('hex') !== c.message2);
  }
});

test('IKEv1 message bodies: truncated or empty ciphertext is an error value', (t) => {
  const key = Buffer.alloc(16, 3);
  const iv = Buffer.alloc(16, 4);
  for (const length of [0, 1, 15, 17, 40]) {
    const r = decryptMessageBody('aes-128-cbc', key, iv, Buffer.alloc(length));
    t.false(r.ok, `length ${length}`);
    if (!r.ok) t.is(r.error.code, 'invalid-length');
  }
  t.is(padToBlock(Buffer.alloc(8), 8).length, 8);
  t.is(padToBlock(Buffer.alloc(9), 8).length, 16);
  t.is(encryptMessageBody('aes-128-cbc', key, iv, Buffer.alloc(0)).ciphertext.length, 16);
});
