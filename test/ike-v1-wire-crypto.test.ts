// The exchange modules driven directly (no engine), with every derived value recomputed
// here from RFC 2409 formulas on raw node:crypto. Mirrored keys alone cannot catch a
// mistake both peers make alike (say, keying a direction with the wrong SPI); these can.
import test from 'ava';
import { createDecipheriv, createHash, createHmac } from 'node:crypto';
import { SeededRandom } from '../engine/runtime/random.ts';
import { decodePayloadChain } from '../engine/ike/codec/payload-chain.ts';
import { decodeHeader } from '../engine/ike/codec/header.ts';
import { PayloadType } from '../engine/ike/codec/constants.ts';
import { mainModeProcess, mainModeStart } from '../engine/ike/v1/main-mode.ts';
import { preSharedKeyAuthenticator } from '../engine/ike/v1/phase1-auth.ts';
import type { Phase1Negotiation } from '../engine/ike/v1/phase1-negotiation.ts';
import { quickModeComplete, quickModeFinish, quickModeRespond, quickModeStart, type QuickModeContext, type QuickModeNegotiation } from '../engine/ike/v1/quick-mode.ts';
import { ANY_PROXY_IDENTITY } from '../engine/ike/v1/identity.ts';
import type { Phase1Policy, Phase2Policy } from '../engine/ike/policy/index.ts';

const hmac = (key: Buffer, ...parts: Buffer[]) => parts.reduce((h, p) => h.update(p), createHmac('sha1', key)).digest();
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

function negotiation(role: 'initiator' | 'responder', policy: Phase1Policy, cookieI: Buffer, cookieR: Buffer): Phase1Negotiation {
  return {
    role,
    mode: 'main',
    cookieI,
    cookieR,
    policy,
    localId: { type: 'ipv4', address: role === 'initiator' ? '10.0.0.1' : '10.0.0.2' },
    auth: preSharedKeyAuthenticator(policy.preSharedKey!),
    sendInitialContact: true,
    peerVendorIds: new Set(),
    peerInitialContact: false,
    local: { address: role === 'initiator' ? '10.0.0.1' : '10.0.0.2', port: 500 },
    peer: { address: role === 'initiator' ? '10.0.0.2' : '10.0.0.1', port: 500 },
    expect: role === 'initiator' ? 0 : 1,
  };
}

function mainMode() {
  const policy: Phase1Policy = {
    mode: 'main',
    preSharedKey: Buffer.from('secret'),
    proposals: [{ name: 'p', authenticationMethod: 'pre-shared-keys', dhGroup: 'group2', authenticationAlgorithm: 'sha1', encryptionAlgorithm: 'aes-128-cbc', lifetimeSeconds: 3600 }],
  };
  const random = new SeededRandom('wire-crypto');
  const i = negotiation('initiator', policy, Buffer.from('0102030405060708', 'hex'), Buffer.alloc(8));
  const r = negotiation('responder', policy, i.cookieI, Buffer.from('1112131415161718', 'hex'));
  const messages: Buffer[] = [];
  let step = mainModeStart(i);
  for (let k = 0; k < 6 && step.send; k++) {
    messages.push(step.send);
    step = k % 2 === 0 ? mainModeProcess(r, step.send, random) : mainModeProcess(i, step.send, random);
    if (step.failure) throw new Error(JSON.stringify(step.failure));
  }
  return { i, r, messages };
}

test('Main Mode: SKEYID chain, Appendix B cipher key, phase-1 IV and message 5 encryption per RFC 2409', (t) => {
  const { i, r, messages } = mainMode();
  t.is(messages.length, 6);
  t.is(i.expect, 0);
  t.is(r.expect, 0);
  const gxy = i.dh!.computeSharedSecret(i.publicR!);
  if (!gxy.ok) return t.fail();
  const skeyid = hmac(Buffer.from('secret'), i.nonceI!, i.nonceR!);
  const d = hmac(skeyid, gxy.value, i.cookieI, r.cookieR, Buffer.from([0]));
  const a = hmac(skeyid, d, gxy.value, i.cookieI, r.cookieR, Buffer.from([1]));
  const e = hmac(skeyid, a, gxy.value, i.cookieI, r.cookieR, Buffer.from([2]));
  t.deepEqual(i.keys!.skeyidD, d);
  t.deepEqual(r.keys!.skeyidA, a);
  t.deepEqual(i.keys!.encryptionKey, e.subarray(0, 16), 'SHA1 output is long enough for AES-128: no expansion');
  const iv = createHash('sha1').update(i.publicI!).update(i.publicR!).digest().subarray(0, 16);
  const msg5 = messages[4];
  t.true(decodeHeader(msg5).ok && (msg5[19] & 1) === 1, 'message 5 has the E flag');
  const decipher = createDecipheriv('aes-128-cbc', e.subarray(0, 16), iv).setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(msg5.subarray(28)), decipher.final()]);
  const chain = decodePayloadChain(msg5[16], plain, { allowTrailingPadding: true });
  t.true(chain.ok);
  if (!chain.ok) return;
  t.deepEqual(chain.value.map((p) => p.type), [PayloadType.ID, PayloadType.HASH, PayloadType.N]);
  // HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b)
  const saiBody = messages[0].subarray(28 + 4, 28 + messages[0].readUInt16BE(28 + 2));
  const idLen = plain.readUInt16BE(2);
  const hashI = hmac(skeyid, i.publicI!, i.publicR!, i.cookieI, r.cookieR, saiBody, plain.subarray(4, idLen));
  t.deepEqual((chain.value[1] as { data: Buffer }).data, hashI);
  // Message 6 is encrypted with the last ciphertext block of message 5 as its IV.
  const msg6 = messages[5];
  const d6 = createDecipheriv('aes-128-cbc', e.subarray(0, 16), msg5.subarray(msg5.length - 16)).setAutoPadding(false);
  const plain6 = Buffer.concat([d6.update(msg6.subarray(28)), d6.final()]);
  t.true(decodePayloadChain(msg6[16], plain6, { allowTrailingPadding: true }).ok);
  t.deepEqual(i.iv, msg6.subarray(msg6.length - 16), 'phase-1 IV state ends at the last block of message 6');
  t.deepEqual(r.iv, i.iv);
});

test('Quick Mode: phase-2 IV, HASH(1), and KEYMAT keyed by the receiving side\'s SPI', (t) => {
  const { i, r } = mainMode();
  const random = new SeededRandom('qm');
  let spi = 0x1000;
  const ctx = (n: Phase1Negotiation): QuickModeContext => ({ keys: n.keys!, cookieI: i.cookieI, cookieR: r.cookieR, random, allocateSpi: () => u32(spi++) });
  const policy: Phase2Policy = { proposals: [{ name: 'q', protocol: 'esp', encryptionAlgorithm: 'aes-128-cbc', authenticationAlgorithm: 'hmac-sha1-96', lifetimeSeconds: 3600 }] };
  const mid = 0x0a0b0c0d;
  const iv0 = createHash('sha1').update(i.iv!).update(u32(mid)).digest().subarray(0, 16);
  const qi: QuickModeNegotiation = { role: 'initiator', messageId: mid, iv: iv0, vpnName: 'v', policy, proxy: ANY_PROXY_IDENTITY, expect: 1 };
  const qr: QuickModeNegotiation = { role: 'responder', messageId: mid, iv: iv0, expect: 1 };
  const m1 = quickModeStart(ctx(i), qi).send!;
  // Decrypt message 1 independently and check HASH(1) = prf(SKEYID_a, M-ID | rest).
  const key = i.keys!.encryptionKey;
  const plain = Buffer.concat([createDecipheriv('aes-128-cbc', key, iv0).setAutoPadding(false).update(m1.subarray(28))]);
  const hashLen = plain.readUInt16BE(2);
  let end = 0;
  for (let type = m1[16], off = 0; type !== 0; ) {
    end = off + plain.readUInt16BE(off + 2);
    type = plain[off];
    off = end;
  }
  t.deepEqual(plain.subarray(4, hashLen), hmac(i.keys!.skeyidA, u32(mid), plain.subarray(hashLen, end)));
  const m2 = quickModeRespond(ctx(r), qr, m1, () => ({ ok: true, vpnName: 'v', policy, proxy: ANY_PROXY_IDENTITY })).send!;
  const done = quickModeComplete(ctx(i), qi, m2);
  const finish = quickModeFinish(ctx(r), qr, done.send!);
  const si = done.established!;
  const sr = finish.established!;
  t.truthy(si && sr);
  // KEYMAT = K1 | K2, Kn = prf(SKEYID_d, K(n-1) | protocol | SPI | Ni_b | Nr_b); 16 + 20 bytes needed.
  const keymat = (spiBytes: Buffer) => {
    const seed = [Buffer.from([3]), spiBytes, qi.nonceI!, qi.nonceR!];
    const k1 = hmac(i.keys!.skeyidD, ...seed);
    return Buffer.concat([k1, hmac(i.keys!.skeyidD, k1, ...seed)]);
  };
  const initiatorInbound = keymat(si.inboundSpi);
  t.deepEqual(si.inbound.encryptionKey, initiatorInbound.subarray(0, 16));
  t.deepEqual(si.inbound.integrityKey, initiatorInbound.subarray(16, 36));
  t.deepEqual(sr.outbound.encryptionKey, initiatorInbound.subarray(0, 16));
  t.deepEqual(si.outbound.encryptionKey, keymat(sr.inboundSpi).subarray(0, 16));
  t.deepEqual(si.outboundSpi, sr.inboundSpi);
});
