// Test support for the shell: a fake Interpreter with a tiny grammar, a virtual terminal
// that interprets what the shell writes (so tests assert what a user would see), and a
// harness that runs a Session over in-memory streams.
import { PassThrough } from 'node:stream';
import { VirtualClock } from '../engine/runtime/clock.ts';
import type { CommandIO, Completion, CompletionItem, Interpreter, Outcome } from '../shell/interpreter.ts';
import { formatPossibleCompletions } from '../shell/possible-completions.ts';
import { Session, type SessionEnd, type SessionOptions } from '../shell/session.ts';

type Tree = { [word: string]: { help: string; next?: Tree } };

const OP_TREE: Tree = {
  show: { help: 'Show information', next: { version: { help: 'Show version' }, lines: { help: 'Show N lines' } } },
  set: { help: 'Set CLI properties', next: { cli: { help: 'CLI settings' } } },
  sensors: { help: 'Fake command sharing a prefix with set/show' },
  echo: { help: 'Print the arguments' },
  configure: { help: 'Enter configuration mode' },
  exit: { help: 'Exit the management session' },
};

/** Test commands left out of completion lists; space after them is a plain space. */
const UNLISTED = new Set(['stream', 'wide', 'slow', 'ask', 'fail', 'bad', 'partial', 'history', 'width']);

/** A stand-in for modes/: just enough grammar to drive every shell feature. */
export class FakeInterpreter implements Interpreter {
  mode: 'op' | 'config' = 'op';
  executed: string[] = [];
  closed = false;
  sawAbort = false;
  /** Resolves `slow` commands from the test. */
  release?: () => void;

  constructor(private readonly allowExit = true) {}

  prompt(): string {
    return this.mode === 'op' ? 'admin@Edge> ' : 'admin@Edge# ';
  }

  banner(context: 'start' | 'command' | 'redraw'): string[] {
    if (this.mode === 'op') return [];
    return context === 'redraw' ? ['[edit]'] : ['', '[edit]'];
  }

  complete(line: string): Completion {
    if (UNLISTED.has(line.trim().split(' ')[0]!)) return { insert: '' };
    const { tree, partial } = this.locate(line);
    if (!tree) return { insert: '' };
    const matches = Object.keys(tree).filter((w) => w.startsWith(partial));
    if (matches.length === 1) return { insert: matches[0]!.slice(partial.length) + ' ' };
    if (matches.length === 0) return { insert: '', message: `${' '.repeat(12 + line.length - partial.length)}^\nsyntax error.\n` };
    return { insert: '', candidates: matches.map((name) => ({ name, help: tree[name]!.help })) };
  }

  help(line: string): string {
    const { tree, partial } = this.locate(line);
    if (!tree) return formatPossibleCompletions([{ name: '<[Enter]>', help: 'Execute this command' }]);
    const items = Object.keys(tree)
      .filter((w) => w.startsWith(partial))
      .map((name) => ({ name, help: tree[name]!.help }));
    return formatPossibleCompletions(items);
  }

  pipeCommands(command: string): CompletionItem[] {
    return command.trim().startsWith('show') ? [{ name: 'display', help: 'Show additional kinds of information' }] : [];
  }

  async execute(line: string, io: CommandIO): Promise<Outcome> {
    this.executed.push(line);
    const [verb, ...args] = line.trim().split(/\s+/);
    switch (verb) {
      case 'show':
        if (args[0] === 'version') io.write('Hostname: Edge\nModel: srx240h\nJUNOS Software Release [12.1X44-D10.4]\n');
        else if (args[0] === 'lines') for (let i = 1; i <= Number(args[1]); i++) io.write(`line ${i}\n`);
        else if (args[0] === 'configuration') {
          io.write(line.includes('| display set') ? 'set system host-name Edge\n' : 'system {\n    host-name Edge;\n}\n');
        }
        return 'continue';
      case 'wide':
        for (let i = 1; i <= Number(args[0]); i++) io.write(`${i}`.padEnd(Number(args[1]), '.') + '\n');
        return 'continue';
      case 'stream':
        for (let i = 1; i <= Number(args[0]); i++) io.write(`line ${i}\n`);
        await new Promise<void>((resolve) => (this.release = resolve));
        io.write('last line\n');
        return 'continue';
      case 'echo':
        io.write(args.join(' ') + '\n');
        return 'continue';
      case 'partial':
        io.write('no newline at end');
        return 'continue';
      case 'fail':
        throw new Error('something broke');
      case 'bad':
        io.write('error: bad command\n');
        return 'error';
      case 'ask': {
        io.write('The configuration has been changed but not committed\n');
        const answer = await io.ask('Exit with uncommitted changes? [yes,no] (yes) ');
        io.write(`answer=${answer}\n`);
        return 'continue';
      }
      case 'slow':
        io.write('started\n');
        await new Promise<void>((resolve) => {
          this.release = resolve;
          io.signal.addEventListener('abort', () => resolve());
        });
        this.sawAbort = io.signal.aborted;
        io.write(io.signal.aborted ? 'aborted\n' : 'finished\n');
        return 'continue';
      case 'history':
        for (const h of io.terminal.history) io.write(`${h.at} ${h.line}\n`);
        return 'continue';
      case 'set':
        if (args[0] === 'cli' && args[1] === 'screen-length') {
          io.terminal.settings.screenLength = Number(args[2]);
          io.write(`Screen length set to ${args[2]}\n`);
        } else if (args[0] === 'cli' && args[1] === 'complete-on-space') {
          io.terminal.settings.completeOnSpace = args[2] === 'on';
        }
        return 'continue';
      case 'width':
        io.write(`width=${io.width}\n`);
        return 'continue';
      case 'configure':
        this.mode = 'config';
        io.write('Entering configuration mode\n');
        return 'continue';
      case 'exit':
        if (this.mode === 'config') {
          this.mode = 'op';
          io.write('Exiting configuration mode\n');
          return 'continue';
        }
        return this.allowExit ? 'exit' : 'continue';
      default:
        io.write(`unknown command: ${verb}\n`);
        return 'error';
    }
  }

  close(): void {
    this.closed = true;
  }

  private locate(line: string): { tree: Tree | undefined; partial: string } {
    const words = line.split(' ');
    const partial = words.pop()!;
    let tree: Tree | undefined = OP_TREE;
    for (const w of words.filter((x) => x !== '')) tree = tree?.[w]?.next;
    return { tree, partial };
  }
}

/** Enough of a VT100 to check what the shell draws: autowrap with pending wrap, CR, LF,
 *  BS, cursor movement (CSI A/B/C/D) and erasing (CSI J/K). */
export class VirtualTerminal {
  rows: string[][] = [[]];
  row = 0;
  col = 0;
  private pendingWrap = false;
  private escape = '';

  constructor(readonly width: number) {}

  feed(text: string): void {
    for (const ch of text) {
      if (this.escape) {
        this.escape += ch;
        if (/[@-~]/.test(ch) && this.escape.length > 2) this.csi(this.escape);
        else continue;
        this.escape = '';
      } else if (ch === '\x1b') this.escape = ch;
      else if (ch === '\r') [this.col, this.pendingWrap] = [0, false];
      else if (ch === '\n') [this.row, this.pendingWrap] = [this.row + 1, false];
      else if (ch === '\b') [this.col, this.pendingWrap] = [Math.max(0, this.col - 1), false];
      else if (ch >= ' ') this.put(ch);
    }
  }

  /** The screen as trimmed text lines. */
  lines(): string[] {
    const out: string[] = [];
    for (let r = 0; r < this.rows.length; r++) out.push((this.rows[r] ?? []).map((c) => c ?? ' ').join('').trimEnd());
    while (out.length > 1 && out[out.length - 1] === '') out.pop();
    return out;
  }

  /** The row the cursor is on. */
  currentLine(): string {
    return (this.rows[this.row] ?? []).map((c) => c ?? ' ').join('').trimEnd();
  }

  private put(ch: string): void {
    if (this.pendingWrap) [this.row, this.col, this.pendingWrap] = [this.row + 1, 0, false];
    const line = (this.rows[this.row] ??= []);
    for (let i = line.length; i < this.col; i++) line[i] = ' ';
    line[this.col] = ch;
    if (this.col === this.width - 1) this.pendingWrap = true;
    else this.col++;
  }

  private csi(seq: string): void {
    const final = seq[seq.length - 1];
    const n = Number(seq.slice(2, -1)) || 1;
    this.pendingWrap = false;
    if (final === 'A') this.row = Math.max(0, this.row - n);
    else if (final === 'B') this.row += n;
    else if (final === 'C') this.col = Math.min(this.width - 1, this.col + n);
    else if (final === 'D') this.col = Math.max(0, this.col - n);
    else if (final === 'K') (this.rows[this.row] ??= []).length = Math.min(this.rows[this.row]!.length, this.col);
    else if (final === 'J') {
      (this.rows[this.row] ??= []).length = Math.min(this.rows[this.row]!.length, this.col);
      this.rows.length = Math.min(this.rows.length, this.row + 1);
    }
  }
}

export interface HarnessOptions extends Partial<Omit<SessionOptions, 'input' | 'output' | 'interpreter'>> {
  interpreter?: Interpreter;
}

export class Harness {
  readonly input = new PassThrough();
  readonly output = new PassThrough();
  readonly clock: VirtualClock;
  readonly session: Session;
  readonly interpreter: Interpreter;
  readonly terminal: VirtualTerminal;
  readonly ended: Promise<SessionEnd>;
  text = '';
  private waiters: Array<() => void> = [];

  constructor(options: HarnessOptions = {}) {
    this.clock = (options.clock as VirtualClock | undefined) ?? new VirtualClock();
    this.interpreter = options.interpreter ?? new FakeInterpreter();
    this.terminal = new VirtualTerminal(options.columns ?? 80);
    this.output.setEncoding('utf8');
    this.output.on('data', (chunk: string) => {
      this.text += chunk;
      this.terminal.feed(chunk);
      for (const w of this.waiters.splice(0)) w();
    });
    this.session = new Session({
      ...options,
      interactive: options.interactive ?? true,
      interpreter: this.interpreter,
      input: this.input,
      output: this.output,
      clock: this.clock,
    });
    this.ended = this.session.run();
  }

  get fake(): FakeInterpreter {
    return this.interpreter as FakeInterpreter;
  }

  send(data: string | Buffer): void {
    this.input.write(data);
  }

  /** Everything written after `from` (an index into text). */
  since(from: number): string {
    return this.text.slice(from);
  }

  /** Waits until `predicate` holds for the output written after `from`. The 5 s limit only
   *  turns a hang into a readable failure. */
  async until(predicate: (text: string) => boolean, from = 0, what = 'expected output'): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; output was:\n${JSON.stringify(this.since(from))}`)), 5000);
    });
    try {
      await Promise.race([
        (async () => {
          while (!predicate(this.since(from))) await new Promise<void>((r) => this.waiters.push(r));
        })(),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
    return this.since(from);
  }

  /** Waits for `needle` to appear after `from`. */
  waitFor(needle: string, from = 0): Promise<string> {
    return this.until((t) => t.includes(needle), from, JSON.stringify(needle));
  }

  /** Sends a line and waits until the next prompt is drawn; returns what was written. */
  async run(line: string, prompt = 'admin@Edge'): Promise<string> {
    const from = this.text.length;
    this.send(line + '\r');
    const out = await this.until((t) => new RegExp(`\\r\\n(?:\\[edit\\]\\r\\n)?${prompt}[>#] $`).test(t), from, `prompt after ${line}`);
    return out;
  }

  /** Lets pending callbacks (setImmediate, promise chains) run. */
  async settle(): Promise<void> {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  }
}
