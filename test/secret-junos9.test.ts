import test from 'ava';
import fc from 'fast-check';
import { decodeJunos9, encodeJunos9, isJunos9 } from '../engine/config/secret/junos9.ts';
import { SeededRandom, type Random } from '../engine/runtime/random.ts';

// Published plaintext/ciphertext pairs, none produced by this code:
const KNOWN: [string, string][] = [
  ['$9$LbHX-wg4Z', 'lc'], // Crypt::Juniper 0.02 POD synopsis (metacpan)
  ['$9$FNkC3/t1IcevLuOWx', 'hello'], // juniper9-crypt README (pypi/antoinekh)
  ['$9$o1aGiPfz/Cuk.tO', 'hello'], // same README: a second encoding of the same secret
  ['$9$ReqcyKY2aHqf', 'foo'], // jumation.com crypt.slax header: "op crypt encrypt foo" / "op crypt decrypt $9$ReqcyKY2aHqf"
  ['$9$40aikFn/9tOQFRSleXxoJGDi.CA0Ihr.PRSylXxGDi.Qn/9p0BEz3rvLNY2.P5QF/', '99problemsbutpwaintone'], // ytti/router_crypt spec_helper.rb
  ['$9$CSxptpBREyKvL', 'abc'], // intentionet/netconan tests/unit/test_juniper_secrets.py
  ['$9$-pV24JGDkmf', '123'], // netconan, idem
  ['$9$sSgJD.mTn9poJQn9pREcylvLN', 'netconan'], // netconan, idem
  [
    '$9$hzrSKWws4UDHWLoJDiPftuORSedVs2aGVbZDHkf5cSrvWXY2aUjqGUu1RhKvdVwgJUfTzF/txNGjHqf56/CuRhreM8xNyr',
    'QjEf.WloKY4IBVGik9xeIO9xWN5F7S13',
  ], // netconan, idem
];

for (const [cipher, plain] of KNOWN) {
  test(`decodes published ${cipher}`, (t) => {
    t.is(decodeJunos9(cipher), plain);
    t.true(isJunos9(cipher));
  });
}

// netconan's encrypt test pins its random source to the character 'a' for both the salt and
// the one filler character that salt calls for; the rest of the encoding is deterministic.
const ALWAYS_A: Random = {
  bytes: (n) => Buffer.alloc(n),
  int: () => 'QzF3n6/9CAtpu0OB1IREhcSyrleKvMW8LXx7N-dVbwsY2g4oaJZGUDjiHkq.mPf5T'.indexOf('a'),
};
const NETCONAN_ENCRYPT: [string, string][] = [
  ['abc', '$9$aaZGiq.5F39'],
  ['123', '$9$aaZikmfT3/C'],
  ['netconan', '$9$aaGi.Qz6t0IDi/t0IrlKM8xds'],
];
for (const [plain, cipher] of NETCONAN_ENCRYPT) {
  test(`encodes ${JSON.stringify(plain)} as netconan does with salt 'a'`, (t) => {
    t.is(encodeJunos9(plain, ALWAYS_A), cipher);
  });
}

test('the seed\'s two $9$ strings are transcription-damaged copies of "test"', (t) => {
  // '$' is outside the $9$ alphabet, so both are malformed as printed.
  t.is(decodeJunos9('$9$lMaeLN$YoGjq4a'), undefined);
  t.is(decodeJunos9('$9$1MaeLN$YoGjq4a'), undefined);
  // With 's' for the '$' (and 'l', not '1', as the salt), the string decodes to a word.
  t.is(decodeJunos9('$9$lMaeLNsYoGjq4a'), 'test');
});

test('rejects malformed input', (t) => {
  for (const bad of ['', '$9$', '$9', 'abcd', '$8$LbHX-wg4Z', '$9$LbHX-wg4', '$9$LbHX-wg4Z ', '$9$Qzz', '$9$aaGi.Qz6t0IDi/t0IrlKM8x,s']) {
    t.is(decodeJunos9(bad), undefined, bad);
    t.false(isJunos9(bad), bad);
  }
  t.is(decodeJunos9(42 as unknown as string), undefined); // untyped callers too
});

test('a $9$ string carrying bytes that are not UTF-8 decodes to undefined', (t) => {
  t.is(decodeJunos9('$9$i' + encodeFirstByte(0x41, 'i')), 'A'); // the helper itself is right
  t.is(decodeJunos9('$9$i' + encodeFirstByte(0xff, 'i')), undefined); // a lone 0xff
});

test('encoding is randomised by the injected Random only', (t) => {
  t.is(encodeJunos9('secret', new SeededRandom(7)), encodeJunos9('secret', new SeededRandom(7)));
  t.not(encodeJunos9('secret', new SeededRandom(7)), encodeJunos9('secret', new SeededRandom(8)));
});

// Printable ASCII (spaces, quotes, backslashes: what people type) or any Unicode code
// point incl. controls and astral ones; never lone surrogates, which UTF-8 cannot carry.
const text = fc.oneof(fc.string({ maxLength: 64 }), fc.string({ unit: 'binary', maxLength: 64 }));

test('decode(encode(x)) === x', (t) => {
  fc.assert(
    fc.property(text, fc.integer(), (plain, seed) => {
      const cipher = encodeJunos9(plain, new SeededRandom(seed));
      return cipher.startsWith('$9$') && decodeJunos9(cipher) === plain;
    }),
  );
  t.pass();
});

const decodes = (s: string): boolean => {
  const d = decodeJunos9(s);
  return d === undefined || typeof d === 'string';
};

test('decode never throws on noise', (t) => {
  const alphabetish = fc.string({ unit: fc.constantFrom(...'$9QzaiT-./Lb0 ,'), maxLength: 30 });
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), alphabetish), (s) =>
      decodes(s) && decodes('$9$' + s),
    ),
  );
  t.pass();
});

test('decode never throws on damaged encodings', (t) => {
  fc.assert(
    fc.property(text, fc.integer(), fc.nat(), fc.string({ maxLength: 2 }), (plain, seed, at, patch) => {
      const cipher = encodeJunos9(plain, new SeededRandom(seed));
      const i = at % (cipher.length + 1);
      return decodes(cipher.slice(0, i)) && decodes(cipher.slice(0, i) + patch + cipher.slice(i + 1));
    }),
  );
  t.pass();
});

/** Characters carrying `byte` as the first plaintext byte after `prev` (weights 1, 4, 32). */
function encodeFirstByte(byte: number, prev: string): string {
  const alphabet = 'QzF3n6/9CAtpu0OB1IREhcSyrleKvMW8LXx7N-dVbwsY2g4oaJZGUDjiHkq.mPf5T';
  const gaps = [byte % 4, Math.floor((byte % 32) / 4), Math.floor(byte / 32)];
  let at = alphabet.indexOf(prev);
  return gaps.map((g) => alphabet[(at = (at + g + 1) % alphabet.length)]).join('');
}
