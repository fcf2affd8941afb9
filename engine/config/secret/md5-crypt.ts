// `$1$` md5-crypt (Poul-Henning Kamp's FreeBSD scheme), the Junos login-password hash
// before 12.3. Only verified, never produced: new hashes are `$6$`.
import { createHash } from 'node:crypto';
import { cryptBase64 } from './crypt-base64.ts';

const ORDER = [[0, 6, 12], [1, 7, 13], [2, 8, 14], [3, 9, 15], [4, 10, 5], [11]];

const md5 = (...parts: Buffer[]): Buffer => {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** crypt(password, "$1$salt"): `salt` is cut at its first '$' and to 8 characters. */
export function md5Crypt(password: string, salt: string): string {
  const pw = Buffer.from(password, 'utf8');
  const saltText = salt.split('$')[0]!.slice(0, 8);
  const s = Buffer.from(saltText, 'utf8');

  const alt = md5(pw, s, pw);
  const ctx = createHash('md5').update(pw).update('$1$').update(s);
  for (let left = pw.length; left > 0; left -= 16) ctx.update(alt.subarray(0, Math.min(left, 16)));
  // The scheme's historical quirk: a NUL byte or the password's first byte, per bit of its length.
  for (let bits = pw.length; bits > 0; bits >>= 1) ctx.update(bits & 1 ? Buffer.alloc(1) : pw.subarray(0, 1));
  let f: Buffer = ctx.digest();

  for (let i = 0; i < 1000; i++) {
    f = md5(i & 1 ? pw : f, i % 3 ? s : Buffer.alloc(0), i % 7 ? pw : Buffer.alloc(0), i & 1 ? f : pw);
  }
  return `$1$${saltText}$${cryptBase64(f, ORDER)}`;
}
