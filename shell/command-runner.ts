// Runs one command line: strips the shell's pipes, hands the rest to the interpreter,
// and sends what it writes through the pipe stages into the pager or straight out.
import { abortReason, CommandAborted, EndOfInput, type AskOptions, type CommandIO, type Interpreter, type Outcome, type TerminalControl } from './interpreter.ts';
import { Pager } from './pager.ts';
import { caretError, parseLine } from './pipe-syntax.ts';
import { buildPipeline, LineSplitter, type LineSink } from './pipes.ts';

export interface RunContext {
  interpreter: Interpreter;
  terminal: TerminalControl;
  /** Terminal output; '\n' is converted for the terminal by the callee. */
  print(text: string): void;
  /** Raw terminal output (used by the pager, which writes CRLF itself). */
  writeRaw(raw: string): void;
  /** Terminal columns, for counting wrapped rows in the pager. */
  columns: number;
  /** Columns before the echoed command line (the prompt), for caret lines. */
  promptWidth: number;
  /** Shows a question and reads one line; rejects with CommandAborted on Ctrl-C and
   *  EndOfInput at Ctrl-D or the end of the input. */
  readLine(question: string, options?: AskOptions): Promise<string>;
  /** Aborted with reason 'interrupt' by Ctrl-C while the command runs, with 'quit' when
   *  the session ends; the pager aborts it with 'quit' when the user quits. */
  abort: AbortController;
  /** Tells the session which pager (if any) should receive keys. */
  setPager(pager: Pager | undefined): void;
  saveFile?(name: string, content: string): Promise<void>;
  onInternalError?(error: unknown): void;
}

export async function runCommandLine(line: string, ctx: RunContext): Promise<Outcome> {
  if (line.trim() === '') return 'continue';
  const { interpreter, terminal } = ctx;
  const parsed = parseLine(line, (command) => interpreter.pipeCommands?.(command) ?? []);
  if ('column' in parsed) {
    ctx.print(caretError(ctx.promptWidth, parsed.column, parsed.message));
    return 'error';
  }
  const { settings } = terminal;
  const paged = terminal.interactive && settings.screenLength > 0 && !parsed.pipes.some((p) => p.name === 'no-more');
  const pageRows = Math.max(1, settings.screenLength - 1);
  let sink: LineSink & { whenIdle(): Promise<void> };
  let pager: Pager | undefined;
  if (paged) {
    const p = new Pager(ctx.writeRaw, pageRows, ctx.columns, {
      quit: () => ctx.abort.abort('quit'),
      waiting: () => ctx.setPager(p),
    });
    pager = p;
    ctx.setPager(p);
    sink = p;
  } else {
    sink = { line: (l) => ctx.print(l + '\n'), end: async () => {}, whenIdle: async () => {} };
  }
  const splitter = new LineSplitter(
    buildPipeline(parsed.pipes, sink, { saveFile: ctx.saveFile, defaultLast: pageRows }),
  );
  const signal = ctx.abort.signal;
  // A command that handles Ctrl-C (ping, monitor traffic) goes on to print its summary,
  // after the `^C` the terminal echoes; any other command's output stops there. After a
  // quit (q at the pager, the session ending) nothing more is shown.
  let handlesInterrupt = false;
  let running = true;
  const filtered = parsed.pipes.some((p) => p.name !== 'no-more');
  const onAbort = () => {
    if (abortReason(signal) === 'interrupt' && handlesInterrupt && running) {
      // The echo joins the output where the cursor is (after rapid ping's marks, say); with
      // pipes it cannot be filtered or saved away, so it goes straight to the terminal.
      if (terminal.interactive) filtered ? ctx.print('^C\n') : splitter.write('^C');
    } else {
      pager?.stop();
    }
  };
  signal.addEventListener('abort', onAbort, { once: true });
  const io: CommandIO = {
    write: (text) => {
      const reason = abortReason(signal);
      if (reason === 'quit' || (reason === 'interrupt' && !handlesInterrupt)) return;
      splitter.write(String(text));
    },
    ask: async (question, options) => {
      splitter.flushPartial();
      await sink.whenIdle();
      return ctx.readLine(question, options);
    },
    width: settings.screenWidth,
    signal,
    terminal,
    handlesInterrupt: () => void (handlesInterrupt = true),
  };
  let outcome: Outcome;
  let failure: string | undefined;
  try {
    outcome = await interpreter.execute(parsed.interpreterLine, io);
  } catch (error) {
    outcome = 'error';
    if (!(error instanceof CommandAborted || error instanceof EndOfInput)) {
      ctx.onInternalError?.(error);
      failure = `error: ${error instanceof Error ? error.message : String(error)}\n`;
    }
  }
  // Ctrl-C while the pager is still showing the output stops it, as for any command.
  running = false;
  try {
    await splitter.end();
  } catch (error) {
    ctx.onInternalError?.(error);
  }
  signal.removeEventListener('abort', onAbort);
  ctx.setPager(undefined);
  if (failure) ctx.print(failure);
  return outcome;
}
