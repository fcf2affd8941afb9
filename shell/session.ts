// One CLI session: binds an Interpreter to one input/output stream pair. Interactive
// sessions get the line editor, completion, `?` help and the pager; non-interactive ones
// (a pipe, an ssh shell without pty) read line by line with no echo. All output goes to
// this session's own stream, so any number of sessions run side by side in one process.
import type { Clock, TimerHandle } from '../engine/runtime/clock.ts';
import { runCommandLine } from './command-runner.ts';
import { completeLine, helpLine } from './line-completion.ts';
import { CommandHistory } from './history.ts';
import {
  CommandAborted,
  EndOfInput,
  type HistoryEntry,
  type Interpreter,
  type Outcome,
  type TerminalControl,
  type TerminalSettings,
} from './interpreter.ts';
import { KeyDecoder, type Key } from './key-decoder.ts';
import { LineEditor } from './line-editor.ts';
import type { Pager } from './pager.ts';
import { toCrlf } from './terminal-text.ts';

export interface SessionOptions {
  interpreter: Interpreter;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** A terminal (raw keys, echo, editing, pager) or a plain line stream. */
  interactive: boolean;
  columns?: number;
  rows?: number;
  clock: Clock;
  /** Ends the session after this long without input at the prompt; 0 or absent: never. */
  idleTimeoutMs?: number;
  /** Writes a `| save` file into the device's file area. */
  saveFile?(name: string, content: string): Promise<void>;
  /** Errors thrown by commands (shown to the user as `error: ...`), for the log. */
  onInternalError?(error: unknown): void;
}

export type SessionEnd = 'exit' | 'eof' | 'idle' | 'closed';

const IDLE_MESSAGE = 'Idle timeout exceeded: closing session';

interface PendingQuestion {
  resolve(answer: string): void;
  reject(error: Error): void;
  editor?: LineEditor;
}

export class Session {
  readonly settings: TerminalSettings;
  readonly history = new CommandHistory();
  private readonly interpreter: Interpreter;
  private readonly interactive: boolean;
  private readonly decoder = new KeyDecoder();
  private readonly editor: LineEditor;
  private columns: number;
  private rows: number;
  private state: 'new' | 'prompt' | 'running' | 'ended' = 'new';
  private readonly keys: Key[] = [];
  private readonly lines: string[] = [];
  private partialLine = '';
  private inputEnded = false;
  private pager: Pager | undefined;
  private question: PendingQuestion | undefined;
  private abort = new AbortController();
  private idleTimer: TimerHandle | undefined;
  private finish!: (end: SessionEnd) => void;
  private readonly finished: Promise<SessionEnd>;
  /** Nothing a user types may take the process down: an unexpected error is logged. */
  private readonly onData = (chunk: Buffer | string) => this.guard(() => this.receive(chunk), undefined);
  private readonly onEnd = () => this.inputClosed();

  constructor(private readonly options: SessionOptions) {
    this.interpreter = options.interpreter;
    this.interactive = options.interactive;
    this.columns = positive(options.columns, 80);
    this.rows = positive(options.rows, 24);
    this.settings = { screenLength: this.rows, screenWidth: this.columns, completeOnSpace: true };
    this.finished = new Promise((resolve) => (this.finish = resolve));
    this.editor = new LineEditor((raw) => this.writeRaw(raw), this.columns, {
      complete: (text) => this.guard(() => completeLine(this.interpreter, text), { insert: '' }),
      help: (text) => this.guard(() => helpLine(this.interpreter, text), ''),
      completeOnSpace: () => this.settings.completeOnSpace,
      redrawBanner: () => this.guard(() => this.interpreter.banner('redraw'), []),
      history: this.history,
    });
  }

  /** The view of this session a command gets (`set cli ...`, `show cli history`). */
  get terminal(): TerminalControl {
    const history = this.history;
    return {
      interactive: this.interactive,
      settings: this.settings,
      get history(): readonly HistoryEntry[] {
        return history.entries;
      },
    };
  }

  /** Starts reading input; resolves when the session is over. */
  run(): Promise<SessionEnd> {
    if (this.state !== 'new') return this.finished;
    this.options.input.on('data', this.onData);
    this.options.input.on('end', this.onEnd);
    this.options.input.on('close', this.onEnd);
    this.armIdleTimer();
    this.state = 'prompt';
    if (this.interactive) this.showPrompt('start');
    else this.processLines();
    return this.finished;
  }

  /** Terminal size changed (pty window-change, SIGWINCH). Screen length and width follow
   *  the terminal unless `set cli` changed them. */
  resize(columns: number, rows: number): void {
    columns = positive(columns, this.columns);
    rows = positive(rows, this.rows);
    if (this.settings.screenWidth === this.columns) this.settings.screenWidth = columns;
    if (this.settings.screenLength === this.rows) this.settings.screenLength = rows;
    this.columns = columns;
    this.rows = rows;
    this.editor.setWidth(columns);
  }

  /** Shows an unsolicited message (e.g. a broadcast) without losing the line being typed. */
  notify(text: string): void {
    if (this.state === 'ended') return;
    if (this.interactive && this.state === 'prompt' && !this.question) this.editor.showBelow(text);
    else this.print(text.endsWith('\n') ? text : text + '\n');
  }

  /** Ends the session from outside (transport gone, server shutting down). */
  close(): void {
    this.end('closed');
  }

  private receive(chunk: Buffer | string): void {
    if (this.state === 'ended') return;
    this.armIdleTimer();
    if (!this.interactive) {
      const parts = (this.partialLine + chunk.toString()).split('\n');
      this.partialLine = parts.pop()!;
      this.lines.push(...parts.map((l) => l.replace(/\r$/, '')));
      this.answerFromLines();
      return this.processLines();
    }
    for (const key of this.decoder.decode(chunk)) {
      // Ctrl-C while a command runs interrupts it and discards type-ahead, as a tty does.
      // The command runner decides what still shows (ping's statistics, say); a second
      // Ctrl-C stops the pager whatever the command.
      if (key.type === 'key' && key.name === 'ctrl-c' && this.state === 'running' && !this.keyConsumer()) {
        this.keys.length = 0;
        if (this.abort.signal.aborted) this.pager?.stop();
        else this.abort.abort('interrupt');
        continue;
      }
      this.keys.push(key);
    }
    this.drainKeys();
  }

  private keyConsumer(): 'question' | 'pager' | 'editor' | undefined {
    if (this.question) return 'question';
    if (this.pager?.isWaiting) return 'pager';
    if (this.state === 'prompt') return 'editor';
    return undefined;
  }

  private drainKeys(): void {
    for (let consumer = this.keyConsumer(); consumer && this.keys.length > 0; consumer = this.keyConsumer()) {
      const key = this.keys.shift()!;
      if (consumer === 'pager') this.pager!.key(key);
      else if (consumer === 'question') this.answerKey(key);
      else this.editorKey(key);
    }
  }

  private editorKey(key: Key): void {
    const result = this.editor.handle(key);
    if (!result) return;
    if (result.type === 'line') this.startCommand(result.line);
    else if (result.type === 'interrupt') this.showPrompt('redraw');
    else this.end('eof');
  }

  private answerKey(key: Key): void {
    const q = this.question!;
    const result = q.editor!.handle(key);
    if (!result) return;
    this.question = undefined;
    if (result.type === 'interrupt') {
      this.abort.abort('interrupt');
      q.reject(new CommandAborted());
    } else if (result.type === 'eof') {
      this.writeRaw('\r\n');
      q.reject(new EndOfInput());
    } else {
      q.resolve(result.line);
    }
  }

  private processLines(): void {
    while (this.state === 'prompt' && this.lines.length > 0) this.startCommand(this.lines.shift()!);
    if (this.state === 'prompt' && this.inputEnded) this.end('eof');
  }

  private inputClosed(): void {
    if (this.inputEnded) return;
    this.inputEnded = true;
    if (this.interactive) return this.end('closed');
    if (this.partialLine !== '') this.lines.push(this.partialLine);
    this.partialLine = '';
    if (this.question) this.answerFromLines();
    this.processLines();
  }

  private startCommand(line: string): void {
    this.state = 'running';
    this.history.add(line, this.options.clock.now());
    this.abort = new AbortController();
    const prompt = this.guard(() => this.interpreter.prompt(), '');
    void runCommandLine(line, {
      interpreter: this.interpreter,
      terminal: this.terminal,
      print: (text) => this.print(text),
      writeRaw: (raw) => this.writeRaw(raw),
      columns: this.columns,
      promptWidth: this.interactive ? [...prompt.slice(prompt.lastIndexOf('\n') + 1)].length : 0,
      readLine: (question, options) => this.ask(question, options?.secret === true),
      abort: this.abort,
      setPager: (pager) => {
        this.pager = pager;
        this.drainKeys();
      },
      saveFile: this.options.saveFile,
      onInternalError: this.options.onInternalError,
    }).then(
      (outcome) => this.commandDone(outcome),
      (error) => {
        this.options.onInternalError?.(error);
        this.commandDone('error');
      },
    );
  }

  private commandDone(outcome: Outcome): void {
    if (this.state === 'ended') return;
    if (outcome === 'exit') return this.end('exit');
    this.state = 'prompt';
    if (!this.interactive) return this.processLines();
    this.showPrompt('command');
    this.drainKeys();
  }

  private ask(question: string, secret: boolean): Promise<string> {
    if (this.state === 'ended') return Promise.reject(new CommandAborted());
    return new Promise((resolve, reject) => {
      if (this.interactive && secret) {
        // A password is read by an editor that draws nothing; only the line end shows.
        this.print(question);
        const editor = new LineEditor(() => {}, this.columns);
        editor.begin('');
        const done = (answer: string) => (this.writeRaw('\r\n'), resolve(answer));
        this.question = { resolve: done, reject: (e) => (e instanceof CommandAborted && this.writeRaw('\r\n'), reject(e)), editor };
        this.drainKeys();
      } else if (this.interactive) {
        // Lines before the last are plain output; the last is the editor's prompt.
        this.print(question.slice(0, question.lastIndexOf('\n') + 1));
        const editor = new LineEditor((raw) => this.writeRaw(raw), this.columns);
        editor.begin(question);
        this.question = { resolve, reject, editor };
        this.drainKeys();
      } else {
        this.print(question);
        // No echo on a line stream: end the question's line (if it left one open) as a terminal would.
        const endsLine = question !== '' && !question.endsWith('\n');
        this.question = { resolve: (answer) => (endsLine && this.print('\n'), resolve(answer)), reject };
        this.answerFromLines();
      }
    });
  }

  private answerFromLines(): void {
    const q = this.question;
    if (!q || (this.lines.length === 0 && !this.inputEnded)) return;
    this.question = undefined;
    const line = this.lines.shift();
    if (line === undefined) q.reject(new EndOfInput());
    else q.resolve(line);
  }

  private showPrompt(context: 'start' | 'command' | 'redraw'): void {
    for (const line of this.guard(() => this.interpreter.banner(context), [])) this.writeRaw(toCrlf(line) + '\r\n');
    this.editor.setWidth(this.settings.screenWidth || Number.MAX_SAFE_INTEGER); // `set cli screen-width` (0: no limit) governs the echo, as on Junos
    this.editor.begin(this.guard(() => this.interpreter.prompt(), '> '));
  }

  private guard<T>(work: () => T, fallback: T): T {
    try {
      return work();
    } catch (error) {
      this.options.onInternalError?.(error);
      return fallback;
    }
  }

  private armIdleTimer(): void {
    this.idleTimer?.cancel();
    const ms = this.options.idleTimeoutMs ?? 0;
    if (ms <= 0 || this.state === 'ended') return;
    this.idleTimer = this.options.clock.setTimer(ms, () => {
      if (this.state !== 'prompt' || this.question) return this.armIdleTimer();
      this.print(`\n${IDLE_MESSAGE}\n`);
      this.end('idle');
    });
  }

  private end(reason: SessionEnd): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.idleTimer?.cancel();
    this.abort.abort('quit');
    this.pager?.stop();
    this.question?.reject(new CommandAborted());
    this.question = undefined;
    this.options.input.off('data', this.onData);
    this.options.input.off('end', this.onEnd);
    this.options.input.off('close', this.onEnd);
    try {
      this.interpreter.close?.();
    } catch (error) {
      this.options.onInternalError?.(error);
    }
    this.finish(reason);
  }

  private print(text: string): void {
    this.writeRaw(this.interactive ? toCrlf(text) : text);
  }

  private writeRaw(raw: string): void {
    const out = this.options.output as NodeJS.WritableStream & { writable?: boolean; destroyed?: boolean };
    if (raw === '' || out.writable === false || out.destroyed) return;
    try {
      out.write(raw);
    } catch (error) {
      this.options.onInternalError?.(error);
    }
  }
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}
