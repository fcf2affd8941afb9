// Junos "type 9" secrets (`ascii-text "$9$..."; ## SECRET-DATA`): a keyless, randomised
// obfuscation, not encryption. The scheme is the one reverse-engineered in Perl's
// Crypt::Juniper (Kevin Brintnall); this is an independent implementation of it.
//
// Each plaintext byte becomes 2-4 characters whose *distances* from the previous character
// (in ALPHABET order, mod 65) are the byte's digits in a mixed radix that cycles through
// WEIGHTS. The string starts with a random salt character, then 0-3 random filler
// characters (how many depends on the salt's family), so equal secrets encode differently.
//
// Plaintext is a byte string: we encode the UTF-8 bytes of `plain` (what a UTF-8 terminal
// hands Junos; a lone surrogate goes as U+FFFD), and decode returns undefined when the
// bytes are not valid UTF-8, so the string API never invents replacement characters.
import type { Random } from '../../runtime/random.ts';

const MAGIC = '$9$';
const FAMILIES = ['QzF3n6/9CAtpu0O', 'B1IREhcSyrleKvMW8LXx', '7N-dVbwsY2g4oaJZGUDj', 'iHkq.mPf5T'];
const ALPHABET = FAMILIES.join('');
const WEIGHTS: readonly (readonly number[])[] = [
  [1, 4, 32],
  [1, 16, 32],
  [1, 8, 32],
  [1, 64],
  [1, 32],
  [1, 4, 16, 128],
  [1, 32, 64],
];

const INDEX = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));
/** Filler characters after the salt: 3 for the first family, down to 0 for the last. */
const EXTRA = new Map<string, number>(
  FAMILIES.flatMap((fam, f) => [...fam].map((c): [string, number] => [c, 3 - f])),
);
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function isJunos9(s: string): boolean {
  return decodeJunos9(s) !== undefined;
}

export function encodeJunos9(plain: string, random: Random): string {
  const pick = (): string => ALPHABET[random.int(ALPHABET.length)]!;
  const salt = pick();
  let out = MAGIC + salt;
  for (let i = 0; i < EXTRA.get(salt)!; i++) out += pick();
  let prev = salt;
  Buffer.from(plain, 'utf8').forEach((byte, pos) => {
    const weights = WEIGHTS[pos % WEIGHTS.length]!;
    // Greedy digits from the heaviest weight down; the lightest weight (1) takes the rest.
    const gaps: number[] = [];
    let rest = byte;
    for (let k = weights.length - 1; k >= 0; k--) {
      gaps[k] = Math.floor(rest / weights[k]!);
      rest %= weights[k]!;
    }
    for (const gap of gaps) {
      prev = ALPHABET[(INDEX.get(prev)! + gap + 1) % ALPHABET.length]!;
      out += prev;
    }
  });
  return out;
}

export function decodeJunos9(s: string): string | undefined {
  if (typeof s !== 'string' || !s.startsWith(MAGIC)) return undefined;
  const chars = s.slice(MAGIC.length);
  if (chars === '' || ![...chars].every((c) => INDEX.has(c))) return undefined;
  const salt = chars[0]!;
  let at = 1 + EXTRA.get(salt)!;
  if (at > chars.length) return undefined; // salt's filler runs past the end
  let prev = salt;
  const bytes: number[] = [];
  while (at < chars.length) {
    const weights = WEIGHTS[bytes.length % WEIGHTS.length]!;
    if (at + weights.length > chars.length) return undefined; // truncated group
    let n = 0;
    for (const weight of weights) {
      const c = chars[at++]!;
      const gap = ((INDEX.get(c)! - INDEX.get(prev)! + ALPHABET.length) % ALPHABET.length) - 1;
      n += gap * weight;
      prev = c;
    }
    // Like Crypt::Juniper, non-canonical digit groups wrap mod 256 rather than being rejected.
    bytes.push(n & 0xff);
  }
  try {
    return utf8.decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}
