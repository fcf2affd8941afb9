// `$6$` SHA-512 crypt (Ulrich Drepper's "Unix crypt using SHA-256 and SHA-512", as in
// glibc), the hash Junos stores for `authentication encrypted-password`. `$1$` md5-crypt
// hashes (the Junos default before 12.3) are verified too, since old configs carry them.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Random } from '../../runtime/random.ts';
import { CRYPT_ALPHABET, cryptBase64 } from './crypt-base64.ts';
import { md5Crypt } from './md5-crypt.ts';

const DEFAULT_ROUNDS = 5000;
const MIN_ROUNDS = 1000;
const MAX_ROUNDS = 999_999_999;
/** Verification refuses costlier hashes: a hostile config must not stall a login for minutes. */
const MAX_VERIFY_ROUNDS = 1_000_000;
const MAX_SALT = 16;

const ORDER = [
  [0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48],
  [28, 49, 7], [50, 8, 29], [9, 30, 51], [31, 52, 10], [53, 11, 32], [12, 33, 54], [34, 55, 13],
  [56, 14, 35], [15, 36, 57], [37, 58, 16], [59, 17, 38], [18, 39, 60], [40, 61, 19], [62, 20, 41],
  [63],
];

const SHA512_HASH = /^\$6\$(?:rounds=(\d+)\$)?([^$]{0,16})\$[./0-9A-Za-z]{86}$/;
const MD5_HASH = /^\$1\$[^$]{0,8}\$[./0-9A-Za-z]{22}$/;

const sha512 = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha512');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** `source` repeated (and cut) to exactly `length` bytes. */
const stretch = (source: Buffer, length: number): Buffer =>
  Buffer.concat(Array.from({ length: Math.ceil(length / source.length) }, () => source)).subarray(0, length);

/**
 * glibc crypt(password, "$6$[rounds=N$]salt"). `salt` is cut at its first '$' and to 16
 * characters; `rounds`, when given, is clamped to [1000, 999999999] and written out even
 * if it equals the default, as glibc does.
 */
export function sha512Crypt(password: string, salt: string, rounds?: number): string {
  if (rounds !== undefined && !Number.isFinite(rounds)) throw new RangeError(`bad rounds ${rounds}`);
  const key = Buffer.from(password, 'utf8');
  const saltText = salt.split('$')[0]!.slice(0, MAX_SALT);
  const s = Buffer.from(saltText, 'utf8');
  const n = rounds === undefined ? DEFAULT_ROUNDS : Math.min(MAX_ROUNDS, Math.max(MIN_ROUNDS, Math.floor(rounds)));

  const b = sha512(key, s, key);
  const a = createHash('sha512').update(key).update(s).update(stretch(b, key.length));
  for (let bits = key.length; bits > 0; bits >>= 1) a.update(bits & 1 ? b : key);
  let c = a.digest();

  const p = stretch(sha512(...Array<Buffer>(key.length).fill(key)), key.length);
  const sBytes = stretch(sha512(...Array<Buffer>(16 + c[0]!).fill(s)), s.length);

  for (let i = 0; i < n; i++) {
    const h = createHash('sha512').update(i & 1 ? p : c);
    if (i % 3) h.update(sBytes);
    if (i % 7) h.update(p);
    c = h.update(i & 1 ? c : p).digest();
  }

  const setting = rounds === undefined ? `$6$${saltText}` : `$6$rounds=${n}$${saltText}`;
  return `${setting}$${cryptBase64(c, ORDER)}`;
}

/** A fresh `$6$` hash with a random 8-character salt and the default 5000 rounds. */
export function hashLoginPassword(password: string, random: Random): string {
  let salt = '';
  for (let i = 0; i < 8; i++) salt += CRYPT_ALPHABET[random.int(CRYPT_ALPHABET.length)];
  return sha512Crypt(password, salt);
}

export function isCryptHash(s: string): boolean {
  return SHA512_HASH.test(s) || MD5_HASH.test(s);
}

/** True iff `hash` is a `$6$` or `$1$` hash of `password`; false for anything else. */
export function verifyLoginPassword(password: string, hash: string): boolean {
  let expected: string;
  const m = SHA512_HASH.exec(hash);
  if (m) {
    const rounds = m[1] === undefined ? undefined : Number(m[1]);
    if (rounds !== undefined && rounds > MAX_VERIFY_ROUNDS) return false;
    expected = sha512Crypt(password, m[2]!, rounds);
  } else if (MD5_HASH.test(hash)) {
    expected = md5Crypt(password, hash.slice(3).split('$')[0]!);
  } else {
    return false;
  }
  const x = Buffer.from(expected);
  const y = Buffer.from(hash);
  return x.length === y.length && timingSafeEqual(x, y);
}
