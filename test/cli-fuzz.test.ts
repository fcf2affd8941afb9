// Bad input against the real Junos CLI (issue 3, "Bad input"): random keystroke streams
// into an interactive session, random command lines into a non-interactive one. Nothing
// may throw, no session may wedge, and the committed configuration changes only where a
// command printed `commit complete`.
import test from 'ava';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { renderCurly } from '../engine/config/render-curly.ts';
import { Device } from '../engine/device.ts';
import { VirtualClock } from '../engine/runtime/clock.ts';
import { SeededRandom } from '../engine/runtime/random.ts';
import { JunosCli } from '../modes/junos-cli.ts';
import type { BannerContext, CommandIO, Completion, CompletionItem, Interpreter, Outcome } from '../shell/interpreter.ts';
import { Session, type SessionEnd } from '../shell/session.ts';
import { runLines } from './helpers/cli.ts';
import { Harness } from './shell-harness.ts';

const FACTORY = readFileSync(new URL('../labs/default/Edge.conf', import.meta.url), 'utf8');
// Sized so that the file runs in well under 40 s on a loaded 2-core machine.
const RUNS_KEYS = 200;
const RUNS_LINES = 150;
const VERSION_TAIL = 'Model: srx240h2\nJUNOS Software Release [12.1X44-D10.4]\n';

// Errors that escaped every guard: they fail whichever property run is active.
const escaped: unknown[] = [];
process.on('unhandledRejection', (e) => void escaped.push(e));
process.on('uncaughtException', (e) => void escaped.push(e));

function freshDevice(seed: number): { device: Device; dispose(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'srxsim-fuzz-'));
  const device = new Device({ dir, clock: new VirtualClock(Date.UTC(2012, 5, 1, 10, 0, 0)), random: new SeededRandom(seed), factoryConfig: FACTORY });
  return { device, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

const committedText = (d: Device) => renderCurly(d.store.committed());
const ticks = async (n = 4) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};
const describe = (e: unknown) => (e instanceof Error ? e.stack ?? e.message : String(e));

function checkNoErrors(what: string, errors: readonly unknown[]): void {
  const all = [...errors, ...escaped.splice(0)];
  if (all.length > 0) throw new Error(`${what}: ${all.length} internal error(s):\n${all.map(describe).join('\n---\n')}`);
}

/** A fresh session on the same device still answers (the process and the device are fine). */
async function deviceAnswers(device: Device): Promise<void> {
  const out = await runLines(device, ['show version']);
  if (out !== `Hostname: ${device.hostName()}\n${VERSION_TAIL}`) throw new Error(`a fresh session got ${JSON.stringify(out)}`);
  device.store.shared.show([]); // the shared candidate still renders
}

// ---------------------------------------------------------------------------------------
// (a) keystrokes

const SEQUENCES = [
  '\x1b[A', '\x1b[B', '\x1b[C', '\x1b[D', '\x1b[H', '\x1b[F', '\x1b[1~', '\x1b[4~', '\x1b[3~', '\x1b[2~', '\x1b[5~',
  '\x1b[1;5C', '\x1b[1;3D', '\x1bOA', '\x1bOH', '\x1bOP', '\x1b[200~', '\x1b[201~', '\x1b]0;title\x07', '\x1b]2;x\x1b\\',
  '\x1bP1$r\x1b\\', '\x1b[', '\x1b[1;', '\x1bO', '\x1b', '\x1b\x1b', '\x1bb', '\x1bf', '\x1bd', '\x1b\x7f', '\x1b[99;99R',
  '\x1b[?1049h', '\x1b[M !!', '\x9b', '\xc3', '\xff\xfe', '\x7f', '\x08', '\r', '\n', '\r\n', '\t', '?', ' ', '|', '"', 'q', 'G',
];
const TYPED = [
  'show ', 'sh', 'show version', 'show configuration', 'configure', 'configure private', 'configure exclusive', 'set ',
  'set security ike proposal p1 dh-group group2', 'set system host-name R9', 'delete security ike', 'edit security ike',
  'up', 'top', 'commit', 'commit check', 'commit and-quit', 'rollback 1', 'show | compare', ' | display set', ' | count',
  '| match ike', 'run show version', 'load merge terminal', 'set cli screen-length 3', 'set cli screen-width 40',
  'set cli complete-on-space off', 'show cli history', 'status', 'annotate system "x"', 'deactivate security',
  'activate security', 'rename security ike proposal ike-phase1-proposal to proposal p2', 'yes', 'no', 'file list',
  'copy security ike proposal ike-phase1-proposal to proposal p3', 'co', 'copy sec',
];
// Ctrl-@..Z, ESC and the other C0 controls. Ctrl-D at an empty prompt leaves: that ends a run early.
const CONTROL = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i));

const keystroke = fc.oneof(
  { arbitrary: fc.constantFrom(...SEQUENCES), weight: 4 },
  // A typed word, often on a fresh line (Ctrl-U) and entered, so that real commands run.
  {
    arbitrary: fc
      .tuple(fc.boolean(), fc.constantFrom(...TYPED), fc.constantFrom('', '\r', '\r', '\t', '?', ' '))
      .map(([fresh, w, k]) => (fresh ? '\x15' : '') + w + k),
    weight: 4,
  },
  { arbitrary: fc.constantFrom(...CONTROL), weight: 4 },
  { arbitrary: fc.string({ maxLength: 6 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 4 }), weight: 1 },
  { arbitrary: fc.uint8Array({ minLength: 1, maxLength: 6 }).map((a) => Buffer.from(a).toString('latin1')), weight: 1 },
);

test('random keystroke streams into the Junos CLI: nothing throws, the session answers show version', async (t) => {
  let endedEarly = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.boolean(),
      fc.array(keystroke, { maxLength: 80 }),
      fc.array(fc.integer({ min: 1, max: 24 }), { minLength: 1, maxLength: 8 }),
      fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
      fc.integer({ min: 10, max: 160 }),
      fc.integer({ min: 0, max: 40 }),
      async (configureFirst, keys, chunkSizes, pauses, columns, rows) => {
        const { device, dispose } = freshDevice(1);
        const errors: unknown[] = [];
        try {
          const cli = JunosCli.open(device, 'admin', 'super-user', '10.0.0.1');
          const h = new Harness({
            interpreter: cli,
            clock: device.clock,
            columns,
            rows,
            onInternalError: (e) => errors.push(e),
            saveFile: async (name, content) => void device.files.write(name, content),
          });
          let end: SessionEnd | undefined;
          void h.ended.then((e) => (end = e));
          await h.waitFor('admin@Edge> ');
          const bytes = Buffer.from((configureFirst ? 'configure\r' : '') + keys.join(''), 'latin1');
          for (let i = 0, n = 0; i < bytes.length && end === undefined; n++) {
            const size = chunkSizes[n % chunkSizes.length]!;
            h.send(bytes.subarray(i, i + size));
            i += size;
            if (pauses[n % pauses.length]) await ticks(2);
          }
          await ticks(6);
          checkNoErrors('while typing', errors);
          if (end !== undefined) {
            // Ctrl-D at an empty prompt (or a typed exit) leaves: a clean end, nothing else.
            if (end !== 'eof' && end !== 'exit') throw new Error(`session ended with ${end}`);
            endedEarly++;
          } else {
            // CAN cancels a half-read escape string; Ctrl-C ends a pager, a question or the line.
            h.send('\x18\x03');
            await ticks(4);
            const from = h.text.length;
            h.send(cli.config ? 'run show version | no-more\r' : 'show version | no-more\r');
            const out = (await h.until((s) => s.includes('[12.1X44-D10.4]\r\n') && /[>#] (\r\n)?$/.test(s), from, 'show version')).replace(/\r\n/g, '\n');
            if (!out.includes(`\nHostname: ${device.hostName()}\n${VERSION_TAIL}`)) throw new Error(`show version answered ${JSON.stringify(out)}`);
            h.input.end();
            await h.ended;
          }
          await deviceAnswers(device);
          checkNoErrors('afterwards', errors);
          return true;
        } finally {
          dispose();
        }
      },
    ),
    {
      numRuns: RUNS_KEYS,
      includeErrorInReport: true,
      // Found by a longer run: Tab while `load merge terminal` reads its input threw in the line editor.
      examples: [[true, ['load merge terminal\r', '\t'], [1], [false], 10, 0]],
    },
  );
  t.log(`${endedEarly} of ${RUNS_KEYS} streams left the CLI (Ctrl-D or exit) before the check`);
  t.pass();
});

test('every editing key at a question (load terminal, exit with changes) is harmless', async (t) => {
  const keys = ['\t', '?', ' ', '\x1b[A', '\x1b[B', '\x10', '\x0e', '\x0c', '\x17', '\x19', '\x16\t', '\x01', '\x05', '\x0b', '\x15', '\x7f', '\x1bb', '\x1bd', '\x1b[3~'];
  const questions = [['load merge terminal\r'], ['set system host-name Q\r', 'exit\r']];
  for (const setup of questions) {
    for (const key of keys) {
      const { device, dispose } = freshDevice(1);
      const errors: unknown[] = [];
      try {
        const cli = JunosCli.open(device, 'admin', 'super-user', '10.0.0.1');
        const h = new Harness({ interpreter: cli, clock: device.clock, onInternalError: (e) => errors.push(e) });
        await h.waitFor('admin@Edge> ');
        h.send('configure\r');
        for (const line of setup) h.send(line);
        await ticks(6);
        h.send('x' + key + key + 'y');
        await ticks(4);
        h.send('\x03');
        await ticks(4);
        const from = h.text.length;
        h.send('run show version | no-more\r');
        await h.until((s) => s.includes('[12.1X44-D10.4]\r\n') && /# $/.test(s), from, `show version after ${JSON.stringify(key)}`);
        checkNoErrors(`${JSON.stringify(key)} at the question of ${JSON.stringify(setup)}`, errors);
        h.input.end();
        await h.ended;
      } finally {
        dispose();
      }
    }
  }
  t.pass();
});

// ---------------------------------------------------------------------------------------
// (b) command lines

const VERBS = [
  'configure', 'configure private', 'configure exclusive', 'set', 'delete', 'edit', 'up', 'up 2', 'top', 'exit',
  'exit configuration-mode', 'quit', 'commit', 'commit check', 'commit confirmed 1', 'commit and-quit', 'commit comment',
  'commit synchronize', 'rollback', 'rollback 0', 'rollback 1', 'rollback 3', 'rollback 49', 'rollback 50', 'rollback rescue', 'show',
  'run', 'run show configuration', 'load merge terminal', 'load set terminal', 'load override', 'load replace terminal',
  'load merge', 'deactivate', 'activate', 'annotate', 'rename', 'copy', 'insert', 'status', 'save', 'yes', 'no', 'show version',
  'show configuration', 'show system commit', 'show system users', 'show cli history', 'set cli screen-length',
  'request system configuration rescue save', 'file list', 'file show', 'sh', 'se', 'co', 'com', 'del', 'ed', 'ro',
];
const SCHEMA = [
  'security', 'sec', 'ike', 'ipsec', 'proposal', 'prop', 'policy', 'gateway', 'vpn', 'dh-group', 'dh', 'group2', 'group5',
  'group14', 'gr2', 'authentication-method', 'pre-shared-keys', 'rsa-signatures', 'authentication-algorithm', 'md5', 'sha1',
  'sha-256', 'encryption-algorithm', '3des-cbc', 'aes-128-cbc', 'aes-256-cbc', 'lifetime-seconds', 'mode', 'main', 'aggressive',
  'proposals', 'pre-shared-key', 'ascii-text', 'address', 'external-interface', 'dead-peer-detection', 'interval', 'threshold',
  'ike-policy', 'ipsec-policy', 'establish-tunnels', 'immediately', 'perfect-forward-secrecy', 'keys', 'protocol', 'esp',
  'system', 'host-name', 'login', 'user', 'class', 'super-user', 'root-authentication', 'services', 'ssh', 'interfaces',
  'unit', 'family', 'inet', 'routing-options', 'static', 'route', 'next-hop', 'zones', 'security-zone', 'address-book',
  'policies', 'from-zone', 'to-zone', 'match', 'then', 'permit', 'tunnel', 'to', 'before', 'after',
];
const VALUES = [
  'p1', 'p2', 'ike-phase1-proposal', 'ike-phase2-proposal', 'ike-policy1', 'ike-phase1-gateway', 'ipsec-poll', 'TunnelA',
  'Private', 'Public', 'Edge-LAN', 'Remote-LAN', 'TunnelA-out', 'TunnelA-in', 'Edge', 'R9', 'admin', 'ge-0/0/0', 'ge-1/0/1.0',
  'ge-9/9/9.99', '10.1.10.1/24', '1.1.70.1', '300.1.1.1/33', '0.0.0.0/0', '"$9$lMaeLNsYoGjq4a"', 'secret', '"a b"', '""',
  '"', "'", '\\', '"x\\"y"', '{', '}', ';', '[', ']', '(', ')', '*', '#', '##', '/*', '-', '--', '.', '..', '/',
];
const PIPES = [
  '|', '| display set', '| display xml', '| display json', '| display', '| display bogus', '| compare', '| compare rollback 1',
  '| compare rollback 99', '| match ike', '| match "(" ', '| except a', '| count', '| last 2', '| last', '| find ike',
  '| no-more', '| save f1', '| match x | count', '||', '| bogus',
];
const number = fc.oneof(
  fc.integer({ min: -5, max: 100 }),
  fc.constantFrom(0, 1, 49, 50, 4294967295, 4294967296, 2 ** 53, -1),
).map(String);
const garbage = fc.oneof(fc.string({ maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 4 }), fc.constant('\t'), fc.constant('\x1b[A'));
const token = fc.oneof(
  { arbitrary: fc.constantFrom(...SCHEMA), weight: 6 },
  { arbitrary: fc.constantFrom(...VALUES), weight: 3 },
  { arbitrary: number, weight: 2 },
  { arbitrary: garbage, weight: 1 },
);
const commandLine = fc
  .tuple(
    fc.constantFrom(...VERBS),
    fc.array(token, { maxLength: 8 }),
    fc.option(fc.constantFrom(...PIPES), { freq: 4 }),
    fc.option(garbage, { freq: 8 }),
  )
  .map(([verb, words, pipe, tail]) => [verb, ...words, pipe ?? '', tail ?? ''].join(' ').replace(/[\r\n]/g, ' ').trim());
// Well-formed edits, so that real changes reach commit often enough to matter.
const edit = fc
  .tuple(
    fc.constantFrom(
      'set security ike proposal N dh-group group14',
      'set security ike proposal N authentication-algorithm sha1',
      'set security ipsec proposal N protocol esp',
      'set system host-name N',
      'set routing-options static route 10.9.0.0/16 next-hop 1.1.70.1',
      'delete security ike gateway ike-phase1-gateway dead-peer-detection',
      'delete security ike proposal N',
      'deactivate security ike gateway ike-phase1-gateway dead-peer-detection',
      'activate security ike gateway ike-phase1-gateway dead-peer-detection',
      'annotate system "note N"',
      'rename security ike proposal ike-phase1-proposal to proposal N',
      'copy security ike proposal ike-phase1-proposal to proposal N',
      'edit security ike proposal N',
      'set dh-group group5',
    ),
    fc.constantFrom('p1', 'p2', 'R9', 'x-y'),
  )
  .map(([template, name]) => template.replace('N', name));
const scriptLine = fc.oneof(
  { arbitrary: commandLine, weight: 6 },
  { arbitrary: edit, weight: 4 },
  { arbitrary: fc.constantFrom('configure', 'configure private', 'configure exclusive'), weight: 2 },
  { arbitrary: fc.constantFrom('commit', 'commit and-quit', 'commit confirmed 5', 'commit comment "c"', 'commit | count', 'commit | match foo', 'rollback 1', 'top', 'yes'), weight: 3 },
  { arbitrary: fc.string({ maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, ' ')), weight: 1 },
);

/** Passes calls through to the CLI and reports when a command finishes or asks a question,
 *  so the driver can attribute output and configuration changes to one input line. */
class Tracked implements Interpreter {
  running = 0;
  asking = 0;
  private waiters: Array<() => void> = [];

  constructor(readonly cli: JunosCli) {}

  prompt(): string {
    return this.cli.prompt();
  }
  banner(context: BannerContext): string[] {
    return this.cli.banner(context);
  }
  complete(line: string): Completion {
    return this.cli.complete(line);
  }
  help(line: string): string {
    return this.cli.help(line);
  }
  pipeCommands(command: string): CompletionItem[] {
    return this.cli.pipeCommands(command);
  }
  close(): void {
    this.cli.close();
  }
  async execute(line: string, io: CommandIO): Promise<Outcome> {
    this.running++;
    const tracked: CommandIO = {
      write: (text) => io.write(text),
      ask: async (question) => {
        this.asking++;
        this.wake();
        try {
          return await io.ask(question);
        } finally {
          this.asking--;
        }
      },
      width: io.width,
      signal: io.signal,
      terminal: io.terminal,
    };
    try {
      return await this.cli.execute(line, tracked);
    } finally {
      this.running--;
      this.wake();
    }
  }

  /** Resolves at the next finish or question; rejects after 5 s (a wedged command). */
  async changed(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        new Promise<void>((r) => this.waiters.push(r)),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('command did not finish within 5 s')), 5000))),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

/** Non-interactive sessions on one device, one line at a time; a new session when one ends. */
class LineDriver {
  text = '';
  errors: unknown[] = [];
  sessions = 0;
  private input!: PassThrough;
  private tracked!: Tracked;
  private end: SessionEnd | undefined;

  constructor(readonly device: Device) {
    this.open();
  }

  private open(): void {
    this.sessions++;
    this.end = undefined;
    this.input = new PassThrough();
    const output = new PassThrough();
    output.on('data', (d: Buffer) => (this.text += d.toString('utf8')));
    this.tracked = new Tracked(JunosCli.open(this.device, 'admin', 'super-user', '10.0.0.1'));
    const session = new Session({
      interpreter: this.tracked,
      input: this.input,
      output,
      interactive: false,
      clock: this.device.clock,
      saveFile: async (name, content) => void this.device.files.write(name, content),
      onInternalError: (e) => this.errors.push(e),
    });
    void session.run().then((e) => (this.end = e));
  }

  get asking(): boolean {
    return this.tracked.asking > 0;
  }

  get inConfiguration(): boolean {
    return this.tracked.cli.config !== undefined;
  }

  /** Sends one line and returns what it printed once the command is done or asks. */
  async line(line: string): Promise<string> {
    if (this.end !== undefined) this.open();
    const from = this.text.length;
    this.input.write(line + '\n');
    await ticks();
    while (this.end === undefined && this.tracked.running > 0 && this.tracked.asking === 0) await this.tracked.changed();
    await ticks();
    return this.text.slice(from);
  }

  async finish(): Promise<void> {
    this.input.end();
    await ticks();
    while (this.end === undefined && this.tracked.running > 0) await this.tracked.changed();
    await ticks();
  }
}

test('random command lines: nothing throws, commits happen only with "commit complete", the CLI still answers', async (t) => {
  let changes = 0;
  let completes = 0;
  let lines = 0;
  await fc.assert(
    fc.asyncProperty(fc.boolean(), fc.array(scriptLine, { minLength: 1, maxLength: 30, size: 'medium' }), async (configureFirst, body) => {
      const script = configureFirst ? ['configure', ...body] : body;
      const { device, dispose } = freshDevice(2);
      try {
        const drive = new LineDriver(device);
        const log: string[] = [];
        for (const line of script) {
          const before = committedText(device);
          const historyBefore = device.store.history().length;
          const out = await drive.line(line);
          lines++;
          log.push(`> ${line}\n${out}`);
          if (out.includes('commit complete')) completes++;
          checkNoErrors(`after ${JSON.stringify(line)}`, drive.errors);
          const after = committedText(device);
          if (after === before) continue;
          changes++;
          // A pipe may filter the message away (`commit | count`): then the history must show the commit.
          const filtered = line.includes('|') && device.store.history().length > historyBefore;
          if (!out.includes('commit complete') && !filtered) {
            throw new Error(`committed configuration changed without "commit complete" at ${JSON.stringify(line)}; transcript:\n${log.join('')}`);
          }
        }
        // The same session still answers (unless a question such as `load ... terminal` holds the input).
        if (!drive.asking) {
          const out = await drive.line(drive.inConfiguration ? 'run show version' : 'show version');
          if (!out.endsWith(`Hostname: ${device.hostName()}\n${VERSION_TAIL}`)) {
            throw new Error(`show version answered ${JSON.stringify(out)}; transcript:\n${log.join('')}`);
          }
        }
        const before = committedText(device);
        await drive.finish(); // the end of input ends any question; nothing is committed by that
        if (committedText(device) !== before) throw new Error(`end of input changed the committed configuration; transcript:\n${log.join('')}`);
        checkNoErrors('at end of input', drive.errors);
        await deviceAnswers(device);
        checkNoErrors('afterwards', drive.errors);
        return true;
      } finally {
        dispose();
      }
    }),
    { numRuns: RUNS_LINES, includeErrorInReport: true },
  );
  t.log(`${lines} lines, ${completes} printed "commit complete", ${changes} changed the committed configuration`);
  t.true(changes > 0, 'the generator should produce some real commits');
});

test.after.always('no error escaped to the process', (t) => {
  t.deepEqual(escaped.map(describe), []);
});
