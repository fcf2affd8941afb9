import test from 'ava';
import { FakeInterpreter, Harness } from './shell-harness.ts';

const PROMPT = 'admin@Edge> ';

async function ready(options: ConstructorParameters<typeof Harness>[0] = {}) {
  const h = new Harness(options);
  await h.waitFor(PROMPT);
  return h;
}

async function keys(h: Harness, data: string) {
  h.send(data);
  await h.settle();
}

test('a command runs, its output is shown with CRLF, then a fresh prompt', async (t) => {
  const h = await ready();
  const out = await h.run('show version');
  t.is(out, 'show version\r\nHostname: Edge\r\nModel: srx240h\r\nJUNOS Software Release [12.1X44-D10.4]\r\n' + PROMPT);
});

test('an empty line just draws a new prompt without running anything', async (t) => {
  const h = await ready();
  t.is(await h.run(''), '\r\n' + PROMPT);
  t.deepEqual(h.fake.executed, []);
});

test('Up/Down (and Ctrl-P/Ctrl-N) walk the history and keep the draft', async (t) => {
  const h = await ready();
  await h.run('echo one');
  await h.run('echo two');
  await keys(h, 'ec\x1b[A');
  t.is(h.terminal.currentLine(), PROMPT + 'echo two');
  await keys(h, '\x10');
  t.is(h.terminal.currentLine(), PROMPT + 'echo one');
  await keys(h, '\x1b[A'); // already the oldest
  t.is(h.terminal.currentLine(), PROMPT + 'echo one');
  await keys(h, '\x0e');
  t.is(h.terminal.currentLine(), PROMPT + 'echo two');
  await keys(h, '\x1b[B');
  t.is(h.terminal.currentLine(), PROMPT + 'ec');
  await h.run('\x1b[A\x1b[A');
  t.deepEqual(h.fake.executed, ['echo one', 'echo two', 'echo one']);
});

test('the history list carries clock times and is visible to commands', async (t) => {
  const h = await ready();
  const start = h.clock.now();
  await h.run('echo one');
  h.clock.advance(5000);
  const out = await h.run('history');
  t.true(out.includes(`${start} echo one\r\n${start + 5000} history\r\n`));
  t.deepEqual(h.session.history.entries.map((e) => e.line), ['echo one', 'history']);
});

test('Tab completes a unique word, lists the candidates of an ambiguous one', async (t) => {
  const h = await ready();
  await keys(h, 'sh\t');
  t.is(h.terminal.currentLine(), PROMPT + 'show');
  t.is(h.terminal.col, PROMPT.length + 5);
  await keys(h, '\x15s\t');
  const screen = h.terminal.lines().slice(-5);
  t.deepEqual(screen, [
    'Possible completions:',
    '  show                 Show information',
    '  set                  Set CLI properties',
    '  sensors              Fake command sharing a prefix with set/show',
    PROMPT + 's',
  ]);
  t.is(h.terminal.col, PROMPT.length + 1);
});

test('space completes a unique word unless complete-on-space is off', async (t) => {
  const h = await ready();
  await keys(h, 'sh v ');
  t.is(h.terminal.currentLine(), PROMPT + 'show version');
  await keys(h, '\x15');
  h.session.settings.completeOnSpace = false;
  await keys(h, 'sh v ');
  t.is(h.terminal.currentLine(), PROMPT + 'sh v');
  t.is(h.terminal.col, PROMPT.length + 5);
});

test('space on an ambiguous or wrong word shows the list or the error and inserts nothing', async (t) => {
  const h = await ready();
  await keys(h, 's ');
  t.is(h.terminal.currentLine(), PROMPT + 's');
  t.true(h.terminal.lines().includes('Possible completions:'));
  await keys(h, '\x15show xyz ');
  t.deepEqual(h.terminal.lines().slice(-3), ['                 ^', 'syntax error.', PROMPT + 'show xyz']);
});

test('? prints the help, keeps the line without the ?, and redraws it', async (t) => {
  const h = await ready();
  await keys(h, 'show ?');
  t.deepEqual(h.terminal.lines().slice(-5), [
    PROMPT + 'show ?',
    'Possible completions:',
    '  version              Show version',
    '  lines                Show N lines',
    PROMPT + 'show',
  ]);
  t.is(h.terminal.col, PROMPT.length + 5);
  await h.run('version');
  t.deepEqual(h.fake.executed, ['show version']);
});

test('in configuration mode the banner precedes each prompt and the redraw after ?', async (t) => {
  const h = await ready();
  const out = await h.run('configure');
  t.is(out, 'configure\r\nEntering configuration mode\r\n\r\n[edit]\r\nadmin@Edge# ');
  await keys(h, 'se?');
  t.deepEqual(h.terminal.lines().slice(-2), ['[edit]', 'admin@Edge# se']);
  t.true((await h.run('\x15exit')).endsWith('exit\r\nExiting configuration mode\r\n' + PROMPT));
});

test('Ctrl-C abandons the line and draws a fresh prompt', async (t) => {
  const h = await ready();
  await keys(h, 'echo abc\x03');
  t.deepEqual(h.terminal.lines().slice(-2), [PROMPT + 'echo abc', PROMPT.trimEnd()]);
  await h.run('echo def');
  t.deepEqual(h.fake.executed, ['echo def']);
});

test('Ctrl-C interrupts a running command through its abort signal; its later output is dropped', async (t) => {
  const h = await ready();
  h.send('slow\r');
  await h.waitFor('started');
  const from = h.text.length;
  h.send('\x03');
  t.is(await h.waitFor(PROMPT, from), PROMPT);
  t.true(h.fake.sawAbort);
});

test('keys typed while a command runs are kept and replayed at the next prompt', async (t) => {
  const h = await ready();
  h.send('slow\r');
  await h.waitFor('started');
  h.send('echo typed ahead\r');
  await h.settle();
  (h.interpreter as FakeInterpreter).release!();
  await h.waitFor('typed ahead\r\n');
  t.deepEqual(h.fake.executed, ['slow', 'echo typed ahead']);
});

test('an exception from execute is shown as error: and the session goes on', async (t) => {
  const errors: unknown[] = [];
  const h = await ready({ onInternalError: (e) => errors.push(e) });
  t.is(await h.run('fail'), 'fail\r\nerror: something broke\r\n' + PROMPT);
  t.is(errors.length, 1);
  t.true((await h.run('echo still here')).includes('still here\r\n'));
});

test('a partial last line of output still ends before the prompt', async (t) => {
  const h = await ready();
  t.is(await h.run('partial'), 'partial\r\nno newline at end\r\n' + PROMPT);
});

test('ask shows the question after earlier output and reads one raw line', async (t) => {
  const h = await ready();
  h.send('ask\r');
  await h.waitFor('(yes) ');
  t.is(h.terminal.currentLine(), 'Exit with uncommitted changes? [yes,no] (yes)');
  await keys(h, 'nx\x7fo ?\x7f\x7f'); // ? and space are plain characters here
  const out = await h.run('');
  t.true(out.includes('answer=no\r\n'));
});

test('Ctrl-C at a question aborts the command', async (t) => {
  const h = await ready();
  h.send('ask\r');
  await h.waitFor('(yes) ');
  const from = h.text.length;
  h.send('\x03');
  const out = await h.waitFor(PROMPT, from);
  t.false(out.includes('answer='));
  t.false(out.includes('error'));
});

test('exit ends the session and closes the interpreter', async (t) => {
  const h = await ready();
  h.send('exit\r');
  t.is(await h.ended, 'exit');
  t.true(h.fake.closed);
});

test('closing the input ends an interactive session', async (t) => {
  const h = await ready();
  h.input.end();
  t.is(await h.ended, 'closed');
});

test('the idle timeout ends the session only after that long without input', async (t) => {
  const h = await ready({ idleTimeoutMs: 60_000 });
  let ended: string | undefined;
  void h.ended.then((e) => (ended = e));
  h.clock.advance(59_000);
  await keys(h, 'e');
  h.clock.advance(59_000);
  await h.settle();
  t.is(ended, undefined);
  h.clock.advance(1_000);
  t.is(await h.ended, 'idle');
  t.true(h.text.endsWith('Idle timeout exceeded: closing session\r\n'));
});

test('window size changes reach the editor and the session settings unless set explicitly', async (t) => {
  const h = await ready({ columns: 80, rows: 24 });
  t.deepEqual([h.session.settings.screenWidth, h.session.settings.screenLength], [80, 24]);
  h.session.resize(132, 50);
  t.true((await h.run('width')).includes('width=132'));
  t.is(h.session.settings.screenLength, 50);
  await h.run('set cli screen-length 10');
  h.session.resize(100, 40);
  t.deepEqual([h.session.settings.screenWidth, h.session.settings.screenLength], [100, 10]);
});

test('notify prints a message above the prompt and keeps the typed line', async (t) => {
  const h = await ready();
  await keys(h, 'ech');
  h.session.notify('Broadcast Message from root');
  await h.settle();
  t.deepEqual(h.terminal.lines().slice(-2), ['Broadcast Message from root', PROMPT + 'ech']);
});

test('non-interactive: line by line, no echo, no prompt, no escape sequences, no completion', async (t) => {
  const h = new Harness({ interactive: false });
  h.send('echo one\nsh\t?\r\n');
  h.send('show version\nask\nno\necho last');
  h.input.end();
  t.is(await h.ended, 'eof');
  t.deepEqual(h.fake.executed, ['echo one', 'sh\t?', 'show version', 'ask', 'echo last']);
  t.is(
    h.text,
    'one\nunknown command: sh\nHostname: Edge\nModel: srx240h\nJUNOS Software Release [12.1X44-D10.4]\n' +
      'The configuration has been changed but not committed\nExit with uncommitted changes? [yes,no] (yes) \nanswer=no\nlast\n',
  );
});

test('non-interactive: exit stops reading further lines', async (t) => {
  const h = new Harness({ interactive: false });
  h.send('echo a\nexit\necho b\n');
  t.is(await h.ended, 'exit');
  t.is(h.text, 'a\n');
});

test('many sessions run side by side, each with its own output', async (t) => {
  const hs = await Promise.all([1, 2, 3, 4, 5].map(() => ready()));
  await Promise.all(hs.map((h, i) => h.run(`echo session-${i}`)));
  hs.forEach((h, i) => {
    t.true(h.text.includes(`session-${i}\r\n`));
    t.is(h.text.match(/\nsession-\d\r\n/g)?.length, 1);
  });
});

class BrokenInterpreter extends FakeInterpreter {
  override complete(): never {
    throw new Error('complete broke');
  }
  override help(): never {
    throw new Error('help broke');
  }
}

test('an interpreter that throws in complete or help does not take the session down', async (t) => {
  const errors: unknown[] = [];
  const h = await ready({ interpreter: new BrokenInterpreter(), onInternalError: (e) => errors.push(e) });
  await keys(h, 'sh\t ?');
  t.is(errors.length, 3);
  t.true((await h.run('\x15echo fine')).includes('\r\nfine\r\n'));
});
