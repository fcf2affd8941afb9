import test from 'ava';
import type { CompletionItem } from '../shell/interpreter.ts';
import { FakeInterpreter, Harness } from './shell-harness.ts';

const PROMPT = 'admin@Edge> ';

/** Runs lines through a non-interactive session and returns all output. */
async function batch(lines: string[], options: ConstructorParameters<typeof Harness>[0] = {}) {
  const h = new Harness({ interactive: false, ...options });
  h.send(lines.join('\n') + '\n');
  h.input.end();
  await h.ended;
  return { h, out: h.text };
}

const numbered = (...ns: number[]) => ns.map((n) => `line ${n}\n`).join('');

test('| match keeps matching lines; patterns are regexes, may be quoted, ignore case', async (t) => {
  t.is((await batch(['show lines 12 | match 1'])).out, numbered(1, 10, 11, 12));
  t.is((await batch(['show lines 5 | match "line (2|4)$"'])).out, numbered(2, 4));
  t.is((await batch(['show version | match model'])).out, 'Model: srx240h\n');
  t.is((await batch(['show lines 12 | match "line [[:digit:]]{2}"'])).out, numbered(10, 11, 12));
});

test('| except drops matching lines', async (t) => {
  t.is((await batch(['show lines 4 | except "2|3"'])).out, numbered(1, 4));
});

test('| count prints Count: N lines', async (t) => {
  t.is((await batch(['show lines 7 | count'])).out, 'Count: 7 lines\n');
  t.is((await batch(['show lines 0 | count'])).out, 'Count: 0 lines\n');
});

test('| last N keeps the last N lines; without N a screenful', async (t) => {
  t.is((await batch(['show lines 10 | last 3'])).out, numbered(8, 9, 10));
  const { out } = await batch(['show lines 30 | last'], { rows: 10 });
  t.is(out, numbered(22, 23, 24, 25, 26, 27, 28, 29, 30));
});

test('| find starts at the first match; nothing when there is none', async (t) => {
  t.is((await batch(['show lines 10 | find "line 7"'])).out, numbered(7, 8, 9, 10));
  t.is((await batch(['show lines 10 | find nomatch'])).out, '');
});

test('| trim N drops N columns from each line', async (t) => {
  t.is((await batch(['show version | trim 10'])).out, 'Edge\n240h\nware Release [12.1X44-D10.4]\n');
});

test('| save writes the output through the host callback and reports it', async (t) => {
  const saved: Array<[string, string]> = [];
  const saveFile = async (name: string, content: string) => void saved.push([name, content]);
  const { out } = await batch(['show version | save ver.txt'], { saveFile });
  t.is(out, "Wrote 3 lines of output to 'ver.txt'\n");
  t.deepEqual(saved, [['ver.txt', 'Hostname: Edge\nModel: srx240h\nJUNOS Software Release [12.1X44-D10.4]\n']]);
  const failing = await batch(['show version | save x'], { saveFile: async () => Promise.reject(new Error('disk full')) });
  t.is(failing.out, "error: could not write 'x': disk full\n");
});

test('pipes chain left to right, and unique prefixes of pipe names work', async (t) => {
  t.is((await batch(['show lines 20 | match 1 | except 0 | count'])).out, 'Count: 10 lines\n');
  t.is((await batch(['show lines 12 | m 1 | cou'])).out, 'Count: 4 lines\n');
  t.is((await batch(['show lines 12 | last 5 | match 1 | trim 5'])).out, '10\n11\n12\n');
});

test('pipes the interpreter claims stay on its line, in order; shell pipes are removed', async (t) => {
  const { h, out } = await batch([
    'show configuration | display set',
    'show configuration | match host | display set',
    'show configuration | disp set | count',
  ]);
  t.deepEqual(h.fake.executed, [
    'show configuration | display set',
    'show configuration | display set',
    'show configuration | disp set',
  ]);
  t.is(out, 'set system host-name Edge\nset system host-name Edge\nCount: 3 lines\n'); // the fake knows no prefixes
});

test('a | inside double quotes is not a pipe', async (t) => {
  const { h } = await batch(['echo "a|b" | match a']);
  t.deepEqual(h.fake.executed, ['echo "a|b"']);
});

async function interactive(line: string, interpreter = new FakeInterpreter()) {
  const h = new Harness({ interpreter });
  await h.waitFor(PROMPT);
  return h.run(line);
}

test('an unknown pipe word gets the caret under it and a syntax error; nothing runs', async (t) => {
  const h = new Harness();
  await h.waitFor(PROMPT);
  const out = await h.run('show version | foo');
  t.is(out, `show version | foo\r\n${' '.repeat(PROMPT.length + 15)}^\r\nsyntax error, expecting <command>.\r\n${PROMPT}`);
  t.deepEqual(h.fake.executed, []);
  // display is only claimed for show commands
  t.true((await h.run('echo x | display set')).includes('^\r\nsyntax error, expecting <command>.'));
});

test('pipe argument errors: missing, not a number, extra words, empty segment', async (t) => {
  t.true((await interactive('show version | match')).includes(`${' '.repeat(PROMPT.length + 20)}^\r\nmissing argument.`));
  t.true((await interactive('show version | last x')).includes('syntax error, expecting <number>.'));
  t.true((await interactive('show version | count 3')).includes(`${' '.repeat(PROMPT.length + 21)}^\r\nsyntax error.`));
  t.true((await interactive('show version | | count')).includes('syntax error, expecting <command>.'));
});

class ComparingInterpreter extends FakeInterpreter {
  helped: string[] = [];
  override pipeCommands(): CompletionItem[] {
    return [{ name: 'compare', help: 'Compare configuration changes with prior version' }, { name: 'display', help: 'Show additional kinds of information' }];
  }
  override help(line: string): string {
    this.helped.push(line);
    return super.help(line);
  }
}

test('an ambiguous pipe word lists its candidates', async (t) => {
  const out = await interactive('show version | co', new ComparingInterpreter());
  t.true(
    out.includes(
      "'co' is ambiguous.\r\nPossible completions:\r\n  compare              Compare configuration changes with prior version\r\n  count                Count occurrences\r\n",
    ),
  );
});

async function screenAfter(keys: string, interpreter = new FakeInterpreter()) {
  const h = new Harness({ interpreter });
  await h.waitFor(PROMPT);
  h.send(keys);
  await h.settle();
  return h;
}

test('Tab and space complete pipe names', async (t) => {
  t.is((await screenAfter('show version | ma\t')).terminal.currentLine(), PROMPT + 'show version | match');
  t.is((await screenAfter('show version | no ')).terminal.currentLine(), PROMPT + 'show version | no-more');
  t.is((await screenAfter('show version |\t')).terminal.currentLine(), PROMPT + 'show version |');
});

test('| ? lists the shell pipes and the interpreter ones, sorted', async (t) => {
  const h = await screenAfter('show version | ?');
  const lines = h.terminal.lines();
  const start = lines.indexOf('Possible completions:');
  t.deepEqual(lines.slice(start + 1, -1).map((l) => l.trim().split(/\s+/)[0]), [
    'count', 'display', 'except', 'find', 'last', 'match', 'no-more', 'save', 'trim',
  ]);
  t.is(lines.at(-1), PROMPT + 'show version |');
  const echo = await screenAfter('echo x | ?');
  t.false(echo.terminal.lines().some((l) => l.includes('display')));
});

test('? after a pipe word shows its argument or <[Enter]> and |', async (t) => {
  const match = await screenAfter('show version | match ?');
  t.deepEqual(match.terminal.lines().slice(-3), ['Possible completions:', '  <pattern>            Pattern to match against', PROMPT + 'show version | match']);
  const count = await screenAfter('show version | count ?');
  t.deepEqual(count.terminal.lines().slice(-4, -1), [
    'Possible completions:',
    '  <[Enter]>            Execute this command',
    '  |                    Pipe through a command',
  ]);
});

test("help for an interpreter pipe's arguments goes to the interpreter", async (t) => {
  const interpreter = new ComparingInterpreter();
  await screenAfter('show configuration | match x | display ?', interpreter);
  t.deepEqual(interpreter.helped, ['show configuration | display ']);
});
