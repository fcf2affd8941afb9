import test from 'ava';
import fc from 'fast-check';
import type { CommandIO, Outcome } from '../shell/interpreter.ts';
import { KeyDecoder } from '../shell/key-decoder.ts';
import { completeLine, helpLine } from '../shell/line-completion.ts';
import { parseLine } from '../shell/pipe-syntax.ts';
import { FakeInterpreter, Harness } from './shell-harness.ts';

/** The fake without commands that block or leave: random input must not end the session
 *  by typing `exit`, and nothing waits for the test to release it. */
class FuzzInterpreter extends FakeInterpreter {
  constructor() {
    super(false);
  }
  override execute(line: string, io: CommandIO): Promise<Outcome> {
    if (/^\s*(slow|stream)\b/.test(line)) return Promise.resolve('error');
    return super.execute(line, io);
  }
}

const SEQUENCES = [
  '\x1b[A', '\x1b[B', '\x1b[C', '\x1b[D', '\x1b[H', '\x1b[F', '\x1b[3~', '\x1b[1;5C', '\x1bOA', '\x1b[200~',
  '\x1b[201~', '\x1b]0;title\x07', '\x1bP', '\x1b[', '\x1b', '\x1bb', '\x1bf', '\x1bd', '\x1b\x7f', '\x1b[99;99R',
  '\x9b', '\xff\xfe', '\r', '\n', '\r\n', '\t', '?', ' ', '|', '"', 'q', 'G',
];
const WORDS = ['show ', 'lines 40', 'version', 'configure', 'exit', 'ask', 'echo x', '| match 1', '| count', '| last 2', '| save f', 'set cli screen-length 3', 'fail', 'history'];
const CONTROL = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).filter((c) => c !== '\x04');

const atom = fc.oneof(
  fc.constantFrom(...SEQUENCES),
  fc.constantFrom(...WORDS),
  fc.constantFrom(...CONTROL),
  fc.uint8Array({ minLength: 1, maxLength: 8 }).map((a) => Buffer.from(a.filter((b) => b !== 4)).toString('latin1')),
  fc.string({ maxLength: 6 }),
);

test('random keystroke streams never crash or wedge a session: it answers the next command', async (t) => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(atom, { maxLength: 120 }),
      fc.integer({ min: 1, max: 16 }),
      fc.integer({ min: 8, max: 120 }),
      fc.integer({ min: 0, max: 30 }),
      async (atoms, chunkSize, columns, rows) => {
        const errors: unknown[] = [];
        const h = new Harness({
          interpreter: new FuzzInterpreter(),
          columns,
          rows,
          onInternalError: (e) => errors.push(e),
          saveFile: async () => {},
        });
        const bytes = Buffer.from(atoms.join('').replaceAll('\x04', ''), 'latin1');
        for (let i = 0; i < bytes.length; i += chunkSize) h.send(bytes.subarray(i, i + chunkSize));
        await h.settle();
        // CAN cancels any half-read escape string; Ctrl-C ends a pager, question or line.
        h.send('\x18\x03');
        await h.settle();
        h.send('echo fuzz-alive\r');
        const fake = h.fake;
        await h.until(() => fake.executed.at(-1) === 'echo fuzz-alive' && /[>#] (\r\n)?$/.test(h.text), 0, 'the session to answer');
        h.input.end();
        const end = await h.ended;
        return end === 'closed' && errors.every((e) => e instanceof Error && e.message === 'something broke');
      },
    ),
    { numRuns: 150 },
  );
  t.pass();
});

test('the key decoder takes any bytes in any chunking without throwing', (t) => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }), (chunks) => {
      const d = new KeyDecoder();
      for (const c of chunks) d.decode(Buffer.from(c));
      // afterwards, plain text still comes through (after a CAN for an open string)
      const keys = d.decode('\x18ok');
      return keys.filter((k) => k.type === 'char').map((k) => (k.type === 'char' ? k.char : '')).join('').endsWith('ok');
    }),
  );
  t.pass();
});

test('any command line parses, completes and gets help without throwing', (t) => {
  const interpreter = new FakeInterpreter();
  const text = fc.stringMatching(/^[a-z |"?\\\t0-9[\]().*-]{0,40}$/);
  fc.assert(
    fc.property(fc.oneof(text, fc.string({ maxLength: 40 })), (line) => {
      parseLine(line, (cmd) => interpreter.pipeCommands(cmd));
      completeLine(interpreter, line);
      helpLine(interpreter, line);
    }),
  );
  t.pass();
});

test('random lines into a non-interactive session all run; the session ends at EOF', async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.string({ maxLength: 30 }), { maxLength: 20 }), async (lines) => {
      const h = new Harness({ interactive: false, interpreter: new FuzzInterpreter() });
      const clean = lines.map((l) => l.replace(/[\r\n]/g, ''));
      h.send(clean.join('\n') + '\necho done\n');
      h.input.end();
      await h.ended;
      return h.fake.executed.at(-1) === 'echo done' && h.text.endsWith('done\n');
    }),
    { numRuns: 100 },
  );
  t.pass();
});
