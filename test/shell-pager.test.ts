import test from 'ava';
import { Harness } from './shell-harness.ts';

const PROMPT = 'admin@Edge> ';
const ERASE = `\r${' '.repeat(40)}\r`;
const numbered = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}\r\n`).join('');

async function paged(command: string, options: ConstructorParameters<typeof Harness>[0] = {}) {
  const h = new Harness({ rows: 24, ...options });
  await h.waitFor(PROMPT);
  const from = h.text.length + command.length + 2;
  h.send(command + '\r');
  await h.waitFor('---(more', from);
  return { h, from };
}

test('after a screenful (screen length minus the prompt line) the pager shows ---(more NN%)---', async (t) => {
  const { h, from } = await paged('show lines 50');
  t.is(h.since(from), numbered(1, 23) + '---(more 46%)---');
});

test('space shows the next page, Enter one more line, erasing the pager prompt', async (t) => {
  const { h, from } = await paged('show lines 50');
  let mark = h.text.length;
  h.send(' ');
  await h.waitFor('---(more 92%)---', mark);
  t.is(h.since(mark), ERASE + numbered(24, 46) + '---(more 92%)---');
  mark = h.text.length;
  h.send('\r');
  await h.waitFor('---(more 94%)---', mark);
  t.is(h.since(mark), ERASE + numbered(47, 47) + '---(more 94%)---');
  mark = h.text.length;
  h.send(' ');
  t.is(await h.waitFor(PROMPT, mark), ERASE + numbered(48, 50) + PROMPT);
  t.true(h.since(from).startsWith(numbered(1, 23)));
});

test('q stops the output and returns to the prompt', async (t) => {
  const { h } = await paged('show lines 50');
  const mark = h.text.length;
  h.send('q');
  t.is(await h.waitFor(PROMPT, mark), ERASE + PROMPT);
  t.false(h.text.includes('line 24'));
  t.true((await h.run('echo next')).includes('next\r\n'));
});

test('G shows the rest without stopping', async (t) => {
  const { h } = await paged('show lines 100');
  const mark = h.text.length;
  h.send('G');
  t.is(await h.waitFor(PROMPT, mark), ERASE + numbered(24, 100) + PROMPT);
});

test('other keys are ignored at the pager prompt', async (t) => {
  const { h } = await paged('show lines 30');
  const mark = h.text.length;
  h.send('x\x1b[A');
  await h.settle();
  t.is(h.since(mark), '');
  h.send(' ');
  t.is(await h.waitFor(PROMPT, mark), ERASE + numbered(24, 30) + PROMPT);
});

test('no percentage while the command is still producing output', async (t) => {
  const { h, from } = await paged('stream 30');
  t.is(h.since(from), numbered(1, 23) + '---(more)---');
  h.fake.release!();
  const mark = h.text.length;
  h.send('G');
  t.is(await h.waitFor(PROMPT, mark), ERASE + numbered(24, 30) + 'last line\r\n' + PROMPT);
});

test('output that fits on one screen is not paged', async (t) => {
  const h = new Harness({ rows: 24 });
  await h.waitFor(PROMPT);
  t.is(await h.run('show lines 23'), 'show lines 23\r\n' + numbered(1, 23) + PROMPT);
});

test('| no-more and screen-length 0 turn the pager off', async (t) => {
  const h = new Harness({ rows: 24 });
  await h.waitFor(PROMPT);
  t.is(await h.run('show lines 40 | no-more'), 'show lines 40 | no-more\r\n' + numbered(1, 40) + PROMPT);
  await h.run('set cli screen-length 0');
  t.is(await h.run('show lines 40'), 'show lines 40\r\n' + numbered(1, 40) + PROMPT);
});

test('set cli screen-length changes the page size', async (t) => {
  const h = new Harness({ rows: 24 });
  await h.waitFor(PROMPT);
  await h.run('set cli screen-length 5');
  const from = h.text.length;
  h.send('show lines 8\r');
  t.is(await h.waitFor('---(more', from), 'show lines 8\r\n' + numbered(1, 4) + '---(more 50%)---');
});

test('long lines count as the rows they wrap onto', async (t) => {
  const h = new Harness({ rows: 5, columns: 20 });
  await h.waitFor(PROMPT);
  const from = h.text.length;
  h.send('wide 3 30\r');
  const out = await h.waitFor('---(more', from);
  const page = '1'.padEnd(30, '.') + '\r\n' + '2'.padEnd(30, '.') + '\r\n---(more 66%)---';
  t.is(out.slice(out.indexOf('1.')), page);
});

test('pipes apply before the pager', async (t) => {
  const h = new Harness({ rows: 24 });
  await h.waitFor(PROMPT);
  t.is(await h.run('show lines 100 | match 5 | count'), 'show lines 100 | match 5 | count\r\nCount: 19 lines\r\n' + PROMPT);
});

test('a non-interactive session never pages', async (t) => {
  const h = new Harness({ interactive: false, rows: 24 });
  h.send('show lines 60\n');
  h.input.end();
  await h.ended;
  t.is(h.text, numbered(1, 60).replaceAll('\r\n', '\n'));
});
