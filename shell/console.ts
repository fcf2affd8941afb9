// The local console: a Session on this process's stdin/stdout. Raw mode when stdin is a
// TTY (keys, echo, pager); otherwise line by line, so `srxsim < commands.txt` works.
import type { Clock } from '../engine/runtime/clock.ts';
import type { Interpreter } from './interpreter.ts';
import { Session, type SessionEnd } from './session.ts';

export interface ConsoleOptions {
  interpreter: Interpreter;
  clock: Clock;
  input?: NodeJS.ReadStream;
  output?: NodeJS.WriteStream;
  saveFile?(name: string, content: string): Promise<void>;
  onInternalError?(error: unknown): void;
}

export async function runConsole(options: ConsoleOptions): Promise<SessionEnd> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const interactive = Boolean(input.isTTY);
  const session = new Session({
    interpreter: options.interpreter,
    input,
    output,
    interactive,
    columns: output.columns,
    rows: output.rows,
    clock: options.clock,
    saveFile: options.saveFile,
    onInternalError: options.onInternalError,
  });
  const onResize = () => session.resize(output.columns, output.rows);
  if (interactive) {
    input.setRawMode(true);
    output.on('resize', onResize);
  }
  input.resume();
  try {
    return await session.run();
  } finally {
    if (interactive) {
      output.off('resize', onResize);
      input.setRawMode(false);
    }
    input.pause();
  }
}
