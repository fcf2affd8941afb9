import test from 'ava';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { md5Crypt } from '../engine/config/secret/md5-crypt.ts';
import {
  hashLoginPassword,
  isCryptHash,
  sha512Crypt,
  verifyLoginPassword,
} from '../engine/config/secret/sha512-crypt.ts';
import { SeededRandom } from '../engine/runtime/random.ts';

interface Vector {
  password: string;
  salt: string;
  rounds?: number;
  hash: string;
  from: string;
}
const { vectors } = JSON.parse(
  readFileSync(new URL('./fixtures/sha512-crypt.json', import.meta.url), 'utf8'),
) as { vectors: Vector[] };

for (const v of vectors) {
  test(`sha512Crypt matches ${v.from} vector ${v.hash.slice(0, 30)}`, (t) => {
    t.is(sha512Crypt(v.password, v.salt, v.rounds), v.hash);
    t.true(isCryptHash(v.hash));
  });
}

test('verifyLoginPassword accepts each vector and only its own password', (t) => {
  // Skips the rounds=123456/77777 rows: equal cost, nothing new for verification.
  for (const v of vectors.filter((x) => (x.rounds ?? 5000) <= 10000)) {
    t.true(verifyLoginPassword(v.password, v.hash), v.hash);
    t.false(verifyLoginPassword(v.password + 'x', v.hash), v.hash);
  }
});

// From `openssl passwd -1 -salt SALT PASSWORD` (OpenSSL 3.0.19).
const MD5: [string, string][] = [
  ['password', '$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/'],
  ['Juniper123', '$1$abcdefgh$DWBgwdm0YvtMjDCIwQAtx0'],
  ['a much longer password, more than sixteen bytes', '$1$x9$zhYHWGi45LBISUWzeths./'],
];
for (const [password, hash] of MD5) {
  test(`md5Crypt and verify match openssl for ${hash}`, (t) => {
    t.is(md5Crypt(password, hash.split('$')[2]!), hash);
    t.true(isCryptHash(hash));
    t.true(verifyLoginPassword(password, hash));
    t.false(verifyLoginPassword(password.toUpperCase() + '!', hash));
  });
}

test('hashLoginPassword: fresh 8-char crypt-alphabet salt from the injected Random, default rounds', (t) => {
  const hash = hashLoginPassword('juniper123', new SeededRandom(1));
  t.regex(hash, /^\$6\$[./0-9A-Za-z]{8}\$[./0-9A-Za-z]{86}$/);
  t.is(hash, hashLoginPassword('juniper123', new SeededRandom(1)));
  t.not(hash, hashLoginPassword('juniper123', new SeededRandom(2)));
  t.true(verifyLoginPassword('juniper123', hash));
});

test('salt is cut at "$" and at 16 characters; rounds are clamped to [1000, 999999999]', (t) => {
  t.is(sha512Crypt('pw', 'abc$def'), sha512Crypt('pw', 'abc'));
  t.is(sha512Crypt('pw', '0123456789abcdefXYZ'), sha512Crypt('pw', '0123456789abcdef'));
  t.true(sha512Crypt('pw', 's', 1).startsWith('$6$rounds=1000$s$'));
  t.throws(() => sha512Crypt('pw', 's', Number.NaN), { instanceOf: RangeError });
});

test('verifyLoginPassword refuses what it cannot or should not check', (t) => {
  const costly = '$6$rounds=999999999$salt$' + 'a'.repeat(86);
  t.true(isCryptHash(costly));
  t.false(verifyLoginPassword('pw', costly)); // would take ~an hour; must return at once
  for (const bad of ['', 'juniper123', '$5$salt$' + 'a'.repeat(43), '$6$salt$short', '$9$LbHX-wg4Z']) {
    t.false(isCryptHash(bad), bad);
    t.false(verifyLoginPassword('juniper123', bad), bad);
  }
});

test('hash then verify round-trips for arbitrary passwords', (t) => {
  const password = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }));
  fc.assert(
    fc.property(password, fc.integer(), (pw, seed) => {
      const hash = hashLoginPassword(pw, new SeededRandom(seed));
      return isCryptHash(hash) && verifyLoginPassword(pw, hash) && !verifyLoginPassword(pw + 'x', hash);
    }),
    { numRuns: 30 },
  );
  t.pass();
});
