// One command line without a session around it: what an ssh exec channel runs
// (`ssh admin@device 'show version'`). No pager, no echo; questions get an empty answer.
import { runCommandLine } from './command-runner.ts';
import type { Interpreter, Outcome, TerminalControl } from './interpreter.ts';

export interface SingleCommandOptions {
  interpreter: Interpreter;
  line: string;
  write(text: string): void;
  columns?: number;
  saveFile?(name: string, content: string): Promise<void>;
  onInternalError?(error: unknown): void;
}

export async function runSingleCommand(options: SingleCommandOptions): Promise<Outcome> {
  const { interpreter, write } = options;
  const columns = options.columns ?? 80;
  const terminal: TerminalControl = {
    interactive: false,
    settings: { screenLength: 0, screenWidth: columns, completeOnSpace: false },
    history: [],
  };
  try {
    return await runCommandLine(options.line, {
      interpreter,
      terminal,
      print: write,
      writeRaw: write,
      columns,
      promptWidth: 0,
      readLine: async (question) => {
        write(question + '\n');
        return '';
      },
      abort: new AbortController(),
      setPager: () => {},
      saveFile: options.saveFile,
      onInternalError: options.onInternalError,
    });
  } finally {
    try {
      interpreter.close?.();
    } catch (error) {
      options.onInternalError?.(error);
    }
  }
}
