import test from 'ava';
import { Harness } from './shell-harness.ts';

const PROMPT = 'admin@Edge> ';

async function ready(options: ConstructorParameters<typeof Harness>[0] = {}) {
  const h = new Harness(options);
  h.session.settings.completeOnSpace = false; // plain spaces: these tests are about keys
  await h.waitFor(PROMPT);
  return h;
}

async function keys(h: Harness, data: string) {
  h.send(data);
  await h.settle();
}

/** What the user sees on the cursor's line, and where the cursor is in it. */
function view(h: Harness) {
  return { line: h.terminal.currentLine(), col: h.terminal.col };
}

test('typing at the end of the line echoes exactly the typed characters', async (t) => {
  const h = await ready();
  const from = h.text.length;
  await keys(h, 'show version');
  t.is(h.since(from), 'show version');
});

test('Ctrl-A and Home go to the start, Ctrl-E and End to the end', async (t) => {
  const h = await ready();
  await keys(h, 'show version\x01X');
  t.deepEqual(view(h), { line: PROMPT + 'Xshow version', col: PROMPT.length + 1 });
  await keys(h, '\x05Y');
  t.deepEqual(view(h), { line: PROMPT + 'Xshow versionY', col: PROMPT.length + 14 });
  await keys(h, '\x1b[HA\x1b[FB');
  t.deepEqual(view(h), { line: PROMPT + 'AXshow versionYB', col: PROMPT.length + 16 });
});

test('Ctrl-B/Ctrl-F and the arrow keys move one character', async (t) => {
  const h = await ready();
  await keys(h, 'abcd\x02\x02\x1b[D-');
  t.deepEqual(view(h), { line: PROMPT + 'a-bcd', col: PROMPT.length + 2 });
  await keys(h, '\x06\x1b[C+');
  t.deepEqual(view(h), { line: PROMPT + 'a-bc+d', col: PROMPT.length + 5 });
  await keys(h, '\x1b[C\x1b[C\x1b[C'); // clamped at the end
  t.is(view(h).col, PROMPT.length + 6);
});

test('Ctrl-K kills to the end and Ctrl-Y yanks it back', async (t) => {
  const h = await ready();
  await keys(h, 'show version\x01\x06\x06\x06\x06\x0b');
  t.deepEqual(view(h), { line: PROMPT + 'show', col: PROMPT.length + 4 });
  await keys(h, '\x01\x19');
  t.deepEqual(view(h), { line: PROMPT + ' versionshow', col: PROMPT.length + 8 });
});

test('Ctrl-U kills to the start of the line', async (t) => {
  const h = await ready();
  await keys(h, 'show version\x02\x02\x15');
  t.deepEqual(view(h), { line: PROMPT + 'on', col: PROMPT.length });
});

test('Ctrl-W and Meta-Backspace kill the word before the cursor', async (t) => {
  const h = await ready();
  await keys(h, 'show security ike  \x17');
  t.deepEqual(view(h), { line: PROMPT + 'show security', col: PROMPT.length + 14 }); // screen lines are trimmed
  await keys(h, '\x1b\x7f');
  t.deepEqual(view(h), { line: PROMPT + 'show', col: PROMPT.length + 5 });
});

test('Meta-b and Meta-f move by words', async (t) => {
  const h = await ready();
  await keys(h, 'show security ike\x1bb\x1bb|');
  t.is(view(h).line, PROMPT + 'show |security ike');
  await keys(h, '\x1bf!');
  t.is(view(h).line, PROMPT + 'show |security! ike');
});

test('Backspace deletes before the cursor, Ctrl-D and Delete under it', async (t) => {
  const h = await ready();
  await keys(h, 'abcdef\x7f\x08');
  t.deepEqual(view(h), { line: PROMPT + 'abcd', col: PROMPT.length + 4 });
  await keys(h, '\x01\x04\x1b[3~');
  t.deepEqual(view(h), { line: PROMPT + 'cd', col: PROMPT.length });
  await keys(h, '\x7f'); // nothing before the cursor
  t.is(view(h).line, PROMPT + 'cd');
});

test('Ctrl-D on an empty line ends the session, and the interpreter is closed', async (t) => {
  const h = await ready();
  await keys(h, 'x\x7f\x04');
  t.is(await h.ended, 'eof');
  t.true(h.fake.closed);
});

test('Enter runs the edited line, not what was typed first', async (t) => {
  const h = await ready();
  await h.run('echo wrold\x02\x02\x02\x7f\x06r');
  t.deepEqual(h.fake.executed, ['echo world']);
});

test('editing a line longer than the terminal redraws across wrapped rows', async (t) => {
  const h = await ready({ columns: 20 });
  // prompt (12) + 18 chars = 30: wraps onto a second row
  await keys(h, '123456789abcdefghi');
  t.deepEqual(h.terminal.lines().slice(-2), ['admin@Edge> 12345678', '9abcdefghi']);
  await keys(h, '\x01X');
  t.deepEqual(h.terminal.lines().slice(-2), ['admin@Edge> X1234567', '89abcdefghi']);
  t.deepEqual([h.terminal.col, h.terminal.lines().length - h.terminal.row], [13, 2]);
  await keys(h, '\x05\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f');
  t.deepEqual(h.terminal.lines().slice(-2), ['admin@Edge> X1234567', '8']);
  await keys(h, '\x7f');
  t.deepEqual(h.terminal.lines().slice(-1), ['admin@Edge> X1234567']);
  await keys(h, '\x15');
  t.deepEqual(h.terminal.lines().slice(-1), ['admin@Edge>']);
  await h.run('echo ok');
  t.deepEqual(h.fake.executed, ['echo ok']);
});

test('a line that exactly fills the terminal width keeps the cursor model in step', async (t) => {
  const h = await ready({ columns: 20 });
  await keys(h, '12345678'); // prompt 12 + 8 = 20 columns exactly
  t.deepEqual([h.terminal.row, h.terminal.col], [h.terminal.lines().length, 0]);
  await keys(h, '\x7f');
  t.deepEqual(h.terminal.lines().slice(-1), ['admin@Edge> 1234567']);
  t.is(h.terminal.col, 19);
});

test('Ctrl-V inserts the next character literally (a ? inside a pattern)', async (t) => {
  const h = await ready();
  await h.run('echo a\x16?b');
  t.deepEqual(h.fake.executed, ['echo a?b']);
});
