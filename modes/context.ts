// What a command handler gets: the session, its output, and the words it was typed with.
import type { CommandIO, Outcome } from '../shell/interpreter.ts';
import type { JunosCli } from './junos-cli.ts';
import { caretError, type LineWord } from './words.ts';

export class CommandContext {
  constructor(
    readonly cli: JunosCli,
    readonly io: CommandIO,
    /** The command's words, pipes excluded. */
    readonly words: readonly LineWord[],
    /** The interpreter's own pipes (`display set`, `compare rollback 1`), as word lists. */
    readonly pipes: readonly (readonly string[])[],
    /** The prompt the line was typed at, for caret alignment. */
    readonly prompt: string,
    readonly line: string,
  ) {}

  write(text: string): void {
    this.io.write(text);
  }

  /** A caret under word `index` (or past the end) and the message; the command failed. */
  errorAt(index: number, message: string): Outcome {
    const w = this.words[index];
    this.io.write(caretError(this.prompt, w ? w.col : this.line.trimEnd().length + 1, message));
    return 'error';
  }

  error(message: string): Outcome {
    this.io.write(message.endsWith('\n') ? message : message + '\n');
    return 'error';
  }

  pipe(name: string): readonly string[] | undefined {
    return this.pipes.find((p) => p[0] !== undefined && name.startsWith(p[0]))?.slice(1);
  }
}
