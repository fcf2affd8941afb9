import test from 'ava';
import { SeededRandom } from '../engine/runtime/random.ts';
import { CBC_CIPHERS } from '../engine/ike/crypto/cipher.ts';
import { generateDhKeyPair } from '../engine/ike/crypto/diffie-hellman.ts';
import { phase1Iv, phase2Iv } from '../engine/ike/crypto/iv.ts';
import { deriveKeymat, deriveKeymatPair, splitKeymat } from '../engine/ike/crypto/keymat.ts';
import { decryptMessageBody, encryptMessageBody } from '../engine/ike/crypto/message-crypto.ts';
import { phase1HashI, phase1HashR } from '../engine/ike/crypto/phase1-hash.ts';
import {
  informationalHash,
  quickModeHash1,
  quickModeHash2,
  quickModeHash3,
} from '../engine/ike/crypto/quick-mode-hash.ts';
import {
  derivePhase1KeyMaterial,
  deriveSkeyid,
  phase1EncryptionKey,
  type Phase1Authentication,
  type SkeyidInput,
} from '../engine/ike/crypto/skeyid.ts';
import { hex, ikeV1Fixtures } from './fixtures/ike-crypto/load.ts';

const inp = ikeV1Fixtures.inputs;

function auth(method: 'pre-shared-keys' | 'signatures' | 'public-key-encryption'): Phase1Authentication {
  return method === 'pre-shared-keys' ? { method, preSharedKey: hex(inp.preSharedKey) } : { method };
}

function skeyidInput(hash: SkeyidInput['prf'], method: Parameters<typeof auth>[0]): SkeyidInput {
  return {
    prf: hash,
    auth: auth(method),
    nonceI: hex(inp.nonceI),
    nonceR: hex(inp.nonceR),
    sharedSecret: hex(inp.sharedSecret),
    cookieI: hex(inp.cookieI),
    cookieR: hex(inp.cookieR),
  };
}

test('SKEYID, SKEYID_d/a/e known answers for md5, sha1, sha256, sha384 (PSK), signatures and public-key encryption', (t) => {
  t.is(ikeV1Fixtures.phase1.length, 6);
  for (const c of ikeV1Fixtures.phase1) {
    const label = `${c.hash}/${c.method}`;
    const km = derivePhase1KeyMaterial(skeyidInput(c.hash, c.method));
    t.is(km.skeyid.toString('hex'), c.skeyid, `${label} SKEYID`);
    t.is(km.skeyidD.toString('hex'), c.skeyidD, `${label} SKEYID_d`);
    t.is(km.skeyidA.toString('hex'), c.skeyidA, `${label} SKEYID_a`);
    t.is(km.skeyidE.toString('hex'), c.skeyidE, `${label} SKEYID_e`);
    t.is(deriveSkeyid(skeyidInput(c.hash, c.method)).toString('hex'), c.skeyid);
  }
});

test('the SKEYID formula depends on the authentication method, and the PSK matters', (t) => {
  const psk = deriveSkeyid(skeyidInput('sha1', 'pre-shared-keys'));
  const sig = deriveSkeyid(skeyidInput('sha1', 'signatures'));
  t.notDeepEqual(psk, sig);
  const other = deriveSkeyid({ ...skeyidInput('sha1', 'pre-shared-keys'), auth: { method: 'pre-shared-keys', preSharedKey: Buffer.from('other') } });
  t.notDeepEqual(psk, other);
  // Signature SKEYID depends on g^xy, PSK SKEYID does not.
  const flipped = Buffer.from(hex(inp.sharedSecret));
  flipped[0]! ^= 1;
  t.deepEqual(deriveSkeyid({ ...skeyidInput('sha1', 'pre-shared-keys'), sharedSecret: flipped }), psk);
  t.notDeepEqual(deriveSkeyid({ ...skeyidInput('sha1', 'signatures'), sharedSecret: flipped }), sig);
  t.throws(() => derivePhase1KeyMaterial({ ...skeyidInput('sha1', 'signatures'), cookieR: Buffer.alloc(4) }), { instanceOf: RangeError });
});

test('phase-1 cipher key: Appendix B expansion when SKEYID_e is short (3DES+MD5, AES-256+SHA1), truncation otherwise', (t) => {
  const expanded = ikeV1Fixtures.keyExpansion.filter((c) => c.expanded).map((c) => `${c.cipher}+${c.hash}`);
  t.deepEqual(expanded.sort(), ['3des-cbc+md5', 'aes-256-cbc+sha1']);
  for (const c of ikeV1Fixtures.keyExpansion) {
    const keyLength = CBC_CIPHERS[c.cipher].keyLength;
    const key = phase1EncryptionKey(c.hash, hex(c.skeyidE), keyLength);
    t.is(key.toString('hex'), c.key, `${c.cipher}+${c.hash}`);
    t.is(key.length, keyLength);
  }
});

test('HASH_I / HASH_R known answers', (t) => {
  for (const c of ikeV1Fixtures.phase1) {
    const input = {
      prf: c.hash,
      skeyid: hex(c.skeyid),
      initiatorPublic: hex(inp.initiatorPublic),
      responderPublic: hex(inp.responderPublic),
      cookieI: hex(inp.cookieI),
      cookieR: hex(inp.cookieR),
      saiBody: hex(inp.saiBody),
    };
    t.is(phase1HashI(input, hex(inp.idiiBody)).toString('hex'), c.hashI, `${c.hash}/${c.method} HASH_I`);
    t.is(phase1HashR(input, hex(inp.idirBody)).toString('hex'), c.hashR, `${c.hash}/${c.method} HASH_R`);
  }
});

test('phase-1 IV = hash(g^xi | g^xr), phase-2 IV = hash(last phase-1 block | M-ID), truncated to the block', (t) => {
  for (const c of ikeV1Fixtures.ivs) {
    t.is(phase1Iv(c.hash, hex(inp.initiatorPublic), hex(inp.responderPublic), c.blockSize).toString('hex'), c.phase1Iv);
    const last = hex(inp.lastPhase1Block).subarray(0, c.blockSize);
    const mid = hex(inp.qmMessageId);
    t.is(phase2Iv(c.hash, last, mid, c.blockSize).toString('hex'), c.phase2Iv, `${c.hash} M-ID as bytes`);
    t.is(phase2Iv(c.hash, last, mid.readUInt32BE(0), c.blockSize).toString('hex'), c.phase2Iv, `${c.hash} M-ID as number`);
  }
  t.throws(() => phase2Iv('sha1', Buffer.alloc(16), 2 ** 32, 16), { instanceOf: RangeError });
});

test('Quick Mode HASH(1), HASH(2), HASH(3) and informational HASH known answers', (t) => {
  const mid = hex(inp.qmMessageId).readUInt32BE(0);
  for (const c of ikeV1Fixtures.phase1) {
    const a = hex(c.skeyidA);
    t.is(quickModeHash1(c.hash, a, mid, hex(inp.qmRest)).toString('hex'), c.qmHash1);
    t.is(quickModeHash2(c.hash, a, mid, hex(inp.qmNonceI), hex(inp.qmRest)).toString('hex'), c.qmHash2);
    t.is(quickModeHash3(c.hash, a, mid, hex(inp.qmNonceI), hex(inp.qmNonceR)).toString('hex'), c.qmHash3);
    t.is(informationalHash(c.hash, a, hex(inp.qmMessageId), hex(inp.informationalRest)).toString('hex'), c.informationalHash);
  }
});

test('KEYMAT known answers per direction, with and without PFS (3DES+MD5 and AES-128+SHA1 ESP)', (t) => {
  t.is(ikeV1Fixtures.keymat.length, 4);
  for (const c of ikeV1Fixtures.keymat) {
    const length = c.encryptionKeyLength + c.integrityKeyLength;
    const common = {
      prf: c.hash,
      skeyidD: hex(c.skeyidD),
      protocol: c.protocol,
      nonceI: hex(inp.qmNonceI),
      nonceR: hex(inp.qmNonceR),
      length,
      ...(c.pfs ? { pfsSharedSecret: hex(inp.pfsSharedSecret) } : {}),
    };
    const pair = deriveKeymatPair({ ...common, inboundSpi: hex(inp.inboundSpi), outboundSpi: hex(inp.outboundSpi).readUInt32BE(0) });
    const label = `${c.transform} pfs=${c.pfs}`;
    t.is(pair.inbound.toString('hex'), c.inbound, `${label} inbound`);
    t.is(pair.outbound.toString('hex'), c.outbound, `${label} outbound`);
    t.is(deriveKeymat({ ...common, spi: hex(inp.inboundSpi) }).toString('hex'), c.inbound);
    const keys = splitKeymat(pair.inbound, c.encryptionKeyLength, c.integrityKeyLength);
    t.is(keys.encryptionKey.toString('hex'), c.inbound.slice(0, 2 * c.encryptionKeyLength));
    t.is(keys.integrityKey.toString('hex'), c.inbound.slice(2 * c.encryptionKeyLength));
  }
  // 3DES+MD5 needs 40 bytes from a 16-byte prf: three chained blocks, and the chain is a
  // prefix chain (asking for less gives the same leading bytes).
  const md5 = ikeV1Fixtures.keymat.find((c) => c.hash === 'md5' && !c.pfs)!;
  t.is(md5.inbound.length, 80);
  const short = deriveKeymat({
    prf: 'md5', skeyidD: hex(md5.skeyidD), protocol: 'esp', spi: hex(inp.inboundSpi),
    nonceI: hex(inp.qmNonceI), nonceR: hex(inp.qmNonceR), length: 16,
  });
  t.is(short.toString('hex'), md5.inbound.slice(0, 32));
  // AH uses protocol 2 and so yields different keys.
  const ah = deriveKeymat({
    prf: 'md5', skeyidD: hex(md5.skeyidD), protocol: 'ah', spi: hex(inp.inboundSpi),
    nonceI: hex(inp.qmNonceI), nonceR: hex(inp.qmNonceR), length: 16,
  });
  t.not(ah.toString('hex'), short.toString('hex'));
});

test('two peers with seeded Random derive identical phase-1 keys and can read each other (Main Mode, group 2, AES-128/SHA1)', (t) => {
  const i = generateDhKeyPair(2, new SeededRandom('initiator'));
  const r = generateDhKeyPair(2, new SeededRandom('responder'));
  const gxyI = i.computeSharedSecret(r.publicValue);
  const gxyR = r.computeSharedSecret(i.publicValue);
  if (!gxyI.ok || !gxyR.ok) return t.fail('DH failed');
  const base = {
    prf: 'sha1' as const,
    auth: { method: 'pre-shared-keys', preSharedKey: Buffer.from('juniper123') } as const,
    nonceI: new SeededRandom('ni').bytes(16),
    nonceR: new SeededRandom('nr').bytes(16),
    cookieI: new SeededRandom('ci').bytes(8),
    cookieR: new SeededRandom('cr').bytes(8),
  };
  const kmI = derivePhase1KeyMaterial({ ...base, sharedSecret: gxyI.value });
  const kmR = derivePhase1KeyMaterial({ ...base, sharedSecret: gxyR.value });
  t.deepEqual(kmI, kmR);
  const key = phase1EncryptionKey('sha1', kmI.skeyidE, 16);
  const iv = phase1Iv('sha1', i.publicValue, r.publicValue, 16);
  const body = Buffer.from('05000010 01000000 c0000201'.replace(/ /g, ''), 'hex');
  const sent = encryptMessageBody('aes-128-cbc', key, iv, body);
  const received = decryptMessageBody('aes-128-cbc', phase1EncryptionKey('sha1', kmR.skeyidE, 16), iv, sent.ciphertext);
  t.true(received.ok);
  if (received.ok) {
    t.deepEqual(received.value.plaintext.subarray(0, body.length), body);
    t.deepEqual(received.value.nextIv, sent.nextIv);
  }
});
