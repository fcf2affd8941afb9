import test from 'ava';
import { KeyDecoder, type Key } from '../shell/key-decoder.ts';

const names = (keys: Key[]) => keys.map((k) => (k.type === 'char' ? k.char : `<${k.name}>`)).join('');

test('printable text, control keys and Enter', (t) => {
  const d = new KeyDecoder();
  t.is(names(d.decode('ab\x01\x05\x7f\x08\t\r')), 'ab<ctrl-a><ctrl-e><backspace><backspace><tab><enter>');
});

test('CRLF is one Enter, even split across chunks; a lone LF is Enter too', (t) => {
  const d = new KeyDecoder();
  t.is(names(d.decode('a\r\nb\r')), 'a<enter>b<enter>');
  t.is(names(d.decode('\nc\n')), 'c<enter>');
});

test('arrow, Home/End and Delete sequences, CSI and SS3, with modifiers', (t) => {
  const d = new KeyDecoder();
  t.is(
    names(d.decode('\x1b[A\x1b[B\x1b[C\x1b[D\x1bOA\x1b[H\x1b[F\x1b[1~\x1b[4~\x1b[3~\x1b[1;5C')),
    '<up><down><right><left><up><home><end><home><end><delete><right>',
  );
});

test('an escape sequence split across chunks is still one key', (t) => {
  const d = new KeyDecoder();
  t.deepEqual(d.decode('\x1b'), []);
  t.deepEqual(d.decode('['), []);
  t.is(names(d.decode('3')), '');
  t.is(names(d.decode('~x')), '<delete>x');
});

test('unknown sequences, OSC strings and bracketed-paste markers are swallowed', (t) => {
  const d = new KeyDecoder();
  t.is(names(d.decode('\x1b[99z\x1b]0;title\x07\x1b[200~hi\x1b[201~\x1bP1$r\x1b\\ok')), 'hiok');
});

test('a control character cancels a half-read sequence and still counts', (t) => {
  const d = new KeyDecoder();
  t.is(names(d.decode('\x1b[12\x03x')), '<ctrl-c>x');
  t.is(names(d.decode('\x1b]never ends\x18y')), 'y');
});

test('an ESC inside a DCS/OSC string ends it: CAN after it cancels, another sequence starts (fuzz seed 1930961275)', (t) => {
  const d = new KeyDecoder();
  // ESC P, ESC, CAN, Ctrl-C used to leave the decoder inside the string, swallowing every key after.
  t.is(names(d.decode('\x1bP\x1b\x18\x03x')), '<ctrl-c>x');
  t.is(names(d.decode('\x1b]0;t\x1b[Ay')), '<up>y');
});

test('Meta (Esc-prefixed) letters and Meta-Backspace', (t) => {
  const d = new KeyDecoder();
  t.is(names(d.decode('\x1bb\x1bF\x1b\x7f')), '<meta-b><meta-f><meta-backspace>');
});

test('UTF-8 split across chunks decodes; invalid bytes and C1 controls are dropped', (t) => {
  const d = new KeyDecoder();
  const euro = Buffer.from('€', 'utf8');
  t.is(names(d.decode(euro.subarray(0, 1))), '');
  t.is(names(d.decode(Buffer.concat([euro.subarray(1), Buffer.from([0xff, 0x41])]))), '€A');
  t.is(names(d.decode('\u009bA')), 'A');
});

test('an over-long parameter list is bounded and ends at its final byte', (t) => {
  const d = new KeyDecoder();
  t.is(names(d.decode('\x1b[' + '1;'.repeat(10_000) + 'Aok')), '<up>ok');
});
