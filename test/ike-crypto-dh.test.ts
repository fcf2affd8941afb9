import test from 'ava';
import { getDiffieHellman } from 'node:crypto';
import type { Random } from '../engine/runtime/random.ts';
import { SeededRandom } from '../engine/runtime/random.ts';
import { DH_GROUPS, dhGroup, type DhGroupId } from '../engine/ike/crypto/dh-groups.ts';
import { dhKeyPairFromPrivate, generateDhKeyPair, validatePeerPublicValue } from '../engine/ike/crypto/diffie-hellman.ts';
import { dhFixtures, hex } from './fixtures/ike-crypto/load.ts';

/** A Random that hands out the given byte strings in order (then fails the test loudly). */
function scriptedRandom(...chunks: Buffer[]): Random & { used: number } {
  const queue = [...chunks];
  const r = {
    used: 0,
    bytes(n: number): Buffer {
      const next = queue.shift();
      if (next === undefined) throw new Error('scripted Random exhausted');
      if (next.length !== n) throw new Error(`scripted Random asked for ${n} bytes, has ${next.length}`);
      r.used++;
      return next;
    },
    int(): number {
      throw new Error('not used');
    },
  };
  return r;
}

test('MODP primes match the RFC 2409/3526 formula (computed from pi) and OpenSSL named groups', (t) => {
  for (const id of ['1', '2', '5', '14'] as const) {
    const group = DH_GROUPS[Number(id) as DhGroupId];
    t.is(group.kind, 'modp');
    if (group.kind !== 'modp') continue;
    t.is(group.primeHex, dhFixtures.primes[id], `group ${id} vs formula`);
    t.is(group.primeHex, getDiffieHellman(`modp${id}`).getPrime('hex').toUpperCase(), `group ${id} vs OpenSSL`);
    t.is(group.valueLength, { '1': 96, '2': 128, '5': 192, '14': 256 }[id]);
  }
});

test('MODP known answers (python pow): public values and g^xy, padded to the group length', (t) => {
  t.true(dhFixtures.modp.length >= 3);
  for (const c of dhFixtures.modp) {
    // Both key pairs exist before either secret is computed: the shared per-group
    // DiffieHellman object must be re-keyed for each operation.
    const a = dhKeyPairFromPrivate(c.group, hex(c.privateA));
    const b = dhKeyPairFromPrivate(c.group, hex(c.privateB));
    t.is(a.publicValue.toString('hex'), c.publicA, `group ${c.group} public A`);
    t.is(b.publicValue.toString('hex'), c.publicB, `group ${c.group} public B`);
    const sa = a.computeSharedSecret(b.publicValue);
    const sb = b.computeSharedSecret(a.publicValue);
    t.true(sa.ok && sb.ok);
    if (sa.ok && sb.ok) {
      t.is(sa.value.toString('hex'), c.sharedSecret, `group ${c.group} g^xy (A side)`);
      t.is(sb.value.toString('hex'), c.sharedSecret, `group ${c.group} g^xy (B side)`);
    }
  }
});

test('left padding is exercised: a 1-byte public value and a shared secret with a leading zero byte', (t) => {
  const tiny = dhFixtures.modp.find((c) => c.privateA === '05');
  t.truthy(tiny);
  if (!tiny) return;
  const a = dhKeyPairFromPrivate(2, hex(tiny.privateA));
  t.is(a.publicValue.length, 128);
  t.is(a.publicValue.subarray(0, 127).toString('hex'), '00'.repeat(127));
  t.is(a.publicValue[127], 32);
  t.true(tiny.sharedSecret.startsWith('00'));
  const s = a.computeSharedSecret(hex(tiny.publicB));
  t.true(s.ok);
  if (s.ok) {
    t.is(s.value.length, 128);
    t.is(s.value.toString('hex'), tiny.sharedSecret);
  }
});

test('ECP groups 19/20 known answers (openssl pkeyutl -derive): x||y public values, x-coordinate secret', (t) => {
  t.is(dhFixtures.ecp.length, 2);
  for (const c of dhFixtures.ecp) {
    const a = dhKeyPairFromPrivate(c.group, hex(c.privateA));
    const b = dhKeyPairFromPrivate(c.group, hex(c.privateB));
    t.is(a.publicValue.toString('hex'), c.publicA);
    t.is(b.publicValue.toString('hex'), c.publicB);
    t.is(a.publicValue.length, DH_GROUPS[c.group].valueLength);
    const sa = a.computeSharedSecret(hex(c.publicB));
    const sb = b.computeSharedSecret(hex(c.publicA));
    t.true(sa.ok && sb.ok);
    if (sa.ok && sb.ok) {
      t.is(sa.value.toString('hex'), c.sharedSecret);
      t.is(sb.value.toString('hex'), c.sharedSecret);
    }
  }
});

test('private values come from the injected Random', (t) => {
  for (const c of [...dhFixtures.modp.filter((m) => m.privateA.length === 64), ...dhFixtures.ecp]) {
    const random = scriptedRandom(hex(c.privateA));
    const pair = generateDhKeyPair(c.group, random);
    t.is(random.used, 1);
    t.is(pair.publicValue.toString('hex'), c.publicA, `group ${c.group}`);
  }
});

test('unusable draws are rejected and drawn again (zero exponent; scalar above the curve order)', (t) => {
  const g2 = dhFixtures.modp.find((c) => c.group === 2 && c.privateA.length === 64)!;
  const r2 = scriptedRandom(Buffer.alloc(32), hex('00'.repeat(31) + '01'), hex(g2.privateA));
  t.is(generateDhKeyPair(2, r2).publicValue.toString('hex'), g2.publicA);
  t.is(r2.used, 3);

  const p256 = dhFixtures.ecp.find((c) => c.group === 19)!;
  const r19 = scriptedRandom(Buffer.alloc(32, 0xff), Buffer.alloc(32), hex(p256.privateA));
  t.is(generateDhKeyPair(19, r19).publicValue.toString('hex'), p256.publicA);
  t.is(r19.used, 3);
});

test('seeded Random gives a reproducible exchange; both sides agree for every group', (t) => {
  for (const id of [1, 2, 5, 14, 19, 20] as const) {
    const a1 = generateDhKeyPair(id, new SeededRandom(`a${id}`));
    const a2 = generateDhKeyPair(id, new SeededRandom(`a${id}`));
    const b = generateDhKeyPair(id, new SeededRandom(`b${id}`));
    t.deepEqual(a1.publicValue, a2.publicValue, `group ${id} reproducible`);
    t.notDeepEqual(a1.publicValue, b.publicValue);
    t.is(a1.publicValue.length, DH_GROUPS[id].valueLength);
    const s1 = a1.computeSharedSecret(b.publicValue);
    const s2 = b.computeSharedSecret(a1.publicValue);
    t.true(s1.ok && s2.ok, `group ${id}`);
    if (s1.ok && s2.ok) {
      t.deepEqual(s1.value, s2.value, `group ${id} agree`);
      t.is(s1.value.length, DH_GROUPS[id].kind === 'modp' ? DH_GROUPS[id].valueLength : DH_GROUPS[id].valueLength / 2);
    }
  }
});

test('bad MODP peer values are error values, not exceptions', (t) => {
  const pair = generateDhKeyPair(2, new SeededRandom('x'));
  const group = DH_GROUPS[2];
  if (group.kind !== 'modp') return t.fail();
  const p = BigInt('0x' + group.primeHex);
  const asValue = (n: bigint) => hex(n.toString(16).padStart(256, '0'));
  for (const [label, value] of [
    ['0', asValue(0n)],
    ['1', asValue(1n)],
    ['p-1', asValue(p - 1n)],
    ['p', asValue(p)],
    ['2^1024-1', Buffer.alloc(128, 0xff)],
  ] as const) {
    const r = pair.computeSharedSecret(value);
    t.false(r.ok, label);
    if (!r.ok) t.is(r.error.code, 'invalid-public-value', label);
  }
  for (const length of [0, 1, 127, 129, 256]) {
    const r = pair.computeSharedSecret(Buffer.alloc(length, 7));
    t.false(r.ok);
    if (!r.ok) t.is(r.error.code, 'invalid-length');
  }
  // Our own range check (not only OpenSSL's) rejects the edges.
  for (const edge of [0n, 1n, p - 1n, p]) t.false(validatePeerPublicValue(group, asValue(edge)).ok);
  // Boundary: 2 and p-2 are acceptable.
  t.true(validatePeerPublicValue(group, asValue(2n)).ok);
  t.true(validatePeerPublicValue(group, asValue(p - 2n)).ok);
  // The pair still works after the rejections.
  const peer = generateDhKeyPair(2, new SeededRandom('y'));
  t.true(pair.computeSharedSecret(peer.publicValue).ok);
});

test('bad ECP peer values are error values: off-curve point, wrong length, the 0x04-prefixed form', (t) => {
  for (const id of [19, 20] as const) {
    const a = generateDhKeyPair(id, new SeededRandom('a'));
    const b = generateDhKeyPair(id, new SeededRandom('b'));
    const offCurve = Buffer.from(b.publicValue);
    offCurve[offCurve.length - 1]! ^= 1;
    const r = a.computeSharedSecret(offCurve);
    t.false(r.ok);
    if (!r.ok) t.is(r.error.code, 'invalid-public-value');
    const prefixed = a.computeSharedSecret(Buffer.concat([Buffer.from([4]), b.publicValue]));
    t.false(prefixed.ok);
    if (!prefixed.ok) t.is(prefixed.error.code, 'invalid-length');
    const zeros = a.computeSharedSecret(Buffer.alloc(DH_GROUPS[id].valueLength));
    t.false(zeros.ok);
    t.true(a.computeSharedSecret(b.publicValue).ok);
  }
});

test('dhGroup() knows the supported Group Description values only', (t) => {
  t.is(dhGroup(2)?.name, 'MODP-1024');
  t.is(dhGroup(19)?.name, 'ECP-256');
  t.is(dhGroup(3), undefined);
  t.is(dhGroup(15), undefined);
});
