// ESP bytes checked against computations that do not go through srxsim's code: packets
// produced once with the openssl CLI (commands below, kept as literal fixtures), the same
// construction with raw node:crypto, the GCM specification's test case 4, and, when the
// openssl CLI is installed, a live decryption of a packet we produce.
import { execFileSync } from 'node:child_process';
import { createCipheriv, createHmac } from 'node:crypto';
import test from 'ava';
import { aeadEncrypt, type AeadKey } from '../engine/ike/crypto/index.ts';
import { espDecapsulate, espEncapsulate } from '../engine/ipsec/esp.ts';
import { ReplayWindow } from '../engine/ipsec/replay-window.ts';
import type { EspSa } from '../engine/ipsec/transform.ts';
import { SeededRandom, type Random } from '../engine/runtime/random.ts';

const hex = (s: string) => Buffer.from(s, 'hex');
/** A Random that hands out the given IV: the only random part of an ESP packet. */
const fixedIv = (iv: Buffer): Random => ({ bytes: (n) => Buffer.from(iv.subarray(0, n)), int: () => 0 });

const SPI = 0x5fd07f77;
const HEADER = hex('5fd07f7700000001'); // SPI, sequence number 1
// An ICMP echo inside IPv4, 28 bytes: ESP pads it with 01 02, pad length 2, next header 4.
const INNER = hex('450000200001000040015a0dc0a80a01c0a814010800f7ff00000000');

interface Fixture {
  name: string;
  sa: EspSa;
  iv: Buffer;
  expected: string;
}

/*
 * PT=${INNER}01020204 HDR=5fd07f7700000001
 * CT=$(echo -n $PT | xxd -r -p | openssl enc -aes-128-cbc -nopad -K $KEY -iv $IV | xxd -p -c 1000)
 * MAC=$(echo -n $HDR$IV$CT | xxd -r -p | openssl dgst -sha1 -mac HMAC -macopt hexkey:$AUTHKEY -binary | xxd -p -c 1000)
 * ESP=$HDR$IV$CT${MAC:0:24}    (des-cbc: add -provider legacy -provider default)
 */
const FIXTURES: Fixture[] = [
  {
    name: 'aes-128-cbc + hmac-sha1-96',
    sa: { spi: SPI, transform: { kind: 'cbc', cipher: 'aes-128-cbc', key: hex('000102030405060708090a0b0c0d0e0f'), integrity: { algorithm: 'hmac-sha1-96', key: Buffer.alloc(20, 0x0b) } } },
    iv: hex('101112131415161718191a1b1c1d1e1f'),
    expected:
      '5fd07f7700000001101112131415161718191a1b1c1d1e1f383af65e04fb8fd30ed0b522e002f65b24270c76f4cc1cf697c0696afb8a7610567f98048843df41bedbdee1',
  },
  {
    name: '3des-cbc + hmac-md5-96',
    sa: { spi: SPI, transform: { kind: 'cbc', cipher: '3des-cbc', key: hex('0123456789abcdeffedcba987654321089abcdef01234567'), integrity: { algorithm: 'hmac-md5-96', key: hex('c0c1c2c3c4c5c6c7c8c9cacbcccdcecf') } } },
    iv: hex('a0a1a2a3a4a5a6a7'),
    expected: '5fd07f7700000001a0a1a2a3a4a5a6a747627d9711e180eb986b9e822fa518edba909df7ecbe291284a1c63b5202c464ac5d00717b5ab5fc2ad97da7',
  },
  {
    name: 'des-cbc + hmac-sha-256-128',
    sa: { spi: SPI, transform: { kind: 'cbc', cipher: 'des-cbc', key: hex('133457799bbcdff1'), integrity: { algorithm: 'hmac-sha-256-128', key: Buffer.alloc(32, 0x42) } } },
    iv: hex('0001020304050607'),
    expected: '5fd07f77000000010001020304050607eb8c4056f9c35b456ba1018892847c2f130af673110d73b71f41f908178fc903a81a6fedfa181368e5d10645cc01d9ee',
  },
];

for (const f of FIXTURES) {
  test(`${f.name}: the packet matches the openssl-made fixture byte for byte, and opens`, (t) => {
    const packet = espEncapsulate(f.sa, 1, 4, INNER, fixedIv(f.iv));
    t.is(packet.toString('hex'), f.expected);
    t.deepEqual(espDecapsulate(f.sa, hex(f.expected), new ReplayWindow()), { ok: true, seq: 1, nextHeader: 4, payload: INNER });
  });
}

test('aes-256-cbc + hmac-sha-256-128 (transport, next header 6) equals raw node:crypto: encrypt, then MAC the ciphertext', (t) => {
  const key = Buffer.alloc(32, 0x61);
  const authKey = Buffer.alloc(32, 0x62);
  const iv = Buffer.alloc(16, 0x63);
  const payload = Buffer.alloc(45, 0x64); // a TCP segment: 45 + 1 padding + 2 = 48
  const sa: EspSa = { spi: SPI, transform: { kind: 'cbc', cipher: 'aes-256-cbc', key, integrity: { algorithm: 'hmac-sha-256-128', key: authKey } } };

  const cipher = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
  const ciphertext = Buffer.concat([cipher.update(Buffer.concat([payload, hex('010106')])), cipher.final()]);
  const icv = createHmac('sha256', authKey).update(Buffer.concat([HEADER, iv, ciphertext])).digest().subarray(0, 16);

  t.deepEqual(espEncapsulate(sa, 1, 6, payload, fixedIv(iv)), Buffer.concat([HEADER, iv, ciphertext, icv]));
});

test('AES-GCM primitive: the GCM specification test case 4, with its 12-byte IV split as RFC 4106 salt | explicit IV', (t) => {
  // McGrew & Viega, "The Galois/Counter Mode of Operation", test case 4 (AES-128).
  const k: AeadKey = { key: hex('feffe9928665731c6d6a8f9467308308'), salt: hex('cafebabe') };
  const sealed = aeadEncrypt(
    'aes-128-gcm',
    k,
    hex('facedbaddecaf888'),
    hex('feedfacedeadbeeffeedfacedeadbeefabaddad2'),
    hex('d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39'),
  );
  t.is(sealed.ciphertext.toString('hex'), '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091');
  t.is(sealed.icv.toString('hex'), '5bc94fbc3221a5db94fae95ae7121a47');
});

test('AES-GCM ESP packet equals raw node:crypto with nonce = salt | IV and AAD = SPI | sequence number (RFC 4106 3-5)', (t) => {
  const key = hex('feffe9928665731c6d6a8f9467308308');
  const salt = hex('cafebabe');
  const iv = hex('facedbaddecaf888');
  const sa: EspSa = { spi: SPI, transform: { kind: 'aead', cipher: 'aes-128-gcm', key: { key, salt }, icvLength: 16 } };

  const gcm = createCipheriv('aes-128-gcm', key, Buffer.concat([salt, iv]));
  gcm.setAAD(HEADER);
  // 28 + 2 is not a multiple of 4: two bytes of padding (RFC 4303 2.4).
  const ciphertext = Buffer.concat([gcm.update(Buffer.concat([INNER, hex('01020204')])), gcm.final()]);

  t.deepEqual(espEncapsulate(sa, 1, 4, INNER, fixedIv(iv)), Buffer.concat([HEADER, iv, ciphertext, gcm.getAuthTag()]));
});

test('the openssl CLI decrypts and authenticates a packet srxsim made with a random IV', (t) => {
  const key = Buffer.alloc(16, 0x71);
  const authKey = Buffer.alloc(20, 0x72);
  const sa: EspSa = { spi: SPI, transform: { kind: 'cbc', cipher: 'aes-128-cbc', key, integrity: { algorithm: 'hmac-sha1-96', key: authKey } } };
  const payload = Buffer.from('a payload of 37 bytes for openssl....');
  const packet = espEncapsulate(sa, 9, 4, payload, new SeededRandom('openssl'));
  const iv = packet.subarray(8, 24);
  const ciphertext = packet.subarray(24, packet.length - 12);

  const plaintext = execFileSync('openssl', ['enc', '-d', '-aes-128-cbc', '-nopad', '-K', key.toString('hex'), '-iv', iv.toString('hex')], { input: ciphertext });
  // 37 + 2 trailer bytes, padded to 48 with 01..09.
  t.deepEqual(plaintext, Buffer.concat([payload, hex('010203040506070809'), hex('0904')]));
  const mac = execFileSync('openssl', ['dgst', '-sha1', '-mac', 'HMAC', '-macopt', `hexkey:${authKey.toString('hex')}`, '-binary'], { input: packet.subarray(0, packet.length - 12) });
  t.deepEqual(packet.subarray(packet.length - 12), mac.subarray(0, 12));
});
