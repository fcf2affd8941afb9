// The boundary between the terminal layer (shell/) and the Junos grammars (modes/).
// The shell owns keys, history, echo, pipes, the pager and the transport; an Interpreter
// owns words: prompts, completion, help text and what a command line does.

export interface CompletionItem {
  name: string;
  help: string;
  /** Junos row mark in `?` lists: '>' for a container, '+' for a leaf-list. */
  mark?: '>' | '+';
}

/**
 * Tab inserts `insert`. Space (with complete-on-space on, at the end of a word outside
 * quotes) inserts `insert` plus a space unless it already ends with one; when there is a
 * message or candidates it inserts `insert` only. So: a unique keyword prefix → its rest
 * plus ' '; a free-form value → ''; an ambiguous prefix → '' with candidates.
 */
export interface Completion {
  /** Text inserted at the cursor; may be ''. */
  insert: string;
  /** When non-empty, printed as a "Possible completions:" list, then the line is redrawn. */
  candidates?: CompletionItem[];
  /** Printed (before any candidates), then the line is redrawn: e.g. a caret line and
   *  `syntax error, expecting <command>.` when space completion meets a bad word. */
  message?: string;
}

/** What a command did: 'error' marks a command that reported an error (an ssh exec
 *  channel then exits with status 1); 'exit' ends the session. */
export type Outcome = 'continue' | 'error' | 'exit';

export interface TerminalSettings {
  /** Rows per screen for the pager, prompt line included; 0 turns the pager off. */
  screenLength: number;
  screenWidth: number;
  completeOnSpace: boolean;
}

export interface HistoryEntry {
  /** Clock time (ms since the epoch) when the line was entered. */
  at: number;
  line: string;
}

/** The session state a command may read or change (`set cli ...`, `show cli history`). */
export interface TerminalControl {
  /** false on a pipe or an ssh exec channel: no echo, no pager, no completion. */
  readonly interactive: boolean;
  readonly settings: TerminalSettings;
  readonly history: readonly HistoryEntry[];
}

export interface AskOptions {
  /** Do not echo what is typed (passwords). */
  secret?: boolean;
}

export interface CommandIO {
  /** Command output; it goes through the `|` pipes and the pager. '\n' ends a line. */
  write(text: string): void;
  /** Shows `question` once earlier output has been displayed and reads one line raw
   *  (no completion). Rejects with CommandAborted on Ctrl-C, and with EndOfInput on
   *  Ctrl-D at an empty line or when the input stream ends. */
  ask(question: string, options?: AskOptions): Promise<string>;
  /** Columns to format for (the session's screen width). */
  readonly width: number;
  /** Aborted by Ctrl-C or when the output is given up (`q` at the pager, the session
   *  ending): long-running commands should stop. `abortReason(signal)` tells which. */
  readonly signal: AbortSignal;
  readonly terminal: TerminalControl;
  /**
   * Declares that Ctrl-C ends this command the way SIGINT ends FreeBSD's ping or tcpdump:
   * the terminal echoes `^C` and what the command writes after the interrupt (its closing
   * summary) is still shown. Without this, output after Ctrl-C is dropped. After a quit
   * nothing more is shown either way. Optional: a CommandIO may leave it out.
   */
  handlesInterrupt?(): void;
}

/** Why a command's signal was aborted: 'interrupt' for Ctrl-C while it runs (or at a
 *  question), 'quit' when its output is given up (`q` or Ctrl-C at the pager, the session
 *  ending). */
export type AbortReason = 'interrupt' | 'quit';

/** The AbortReason of an aborted signal (an abort without a reason counts as a quit);
 *  undefined while it is not aborted. */
export function abortReason(signal: AbortSignal): AbortReason | undefined {
  if (!signal.aborted) return undefined;
  return signal.reason === 'interrupt' ? 'interrupt' : 'quit';
}

/** Where a banner is drawn: at session start, after a command, or when the shell
 *  redraws the line (after `?`, a Tab list, Ctrl-C, Ctrl-L). */
export type BannerContext = 'start' | 'command' | 'redraw';

export interface Interpreter {
  /** The prompt, asked before each prompt is drawn: "admin@Edge> ", "admin@Edge# ". */
  prompt(): string;
  /** Lines printed on their own above the prompt, e.g. ['', '[edit security ike]']. */
  banner(context: BannerContext): string[];
  /** Tab and space completion of the command part of a line (pipes are the shell's). */
  complete(lineUpToCursor: string): Completion;
  /** The full text printed for `?` (see formatPossibleCompletions). */
  help(lineUpToCursor: string): string;
  /**
   * Runs one line: the command part plus the pipe segments this interpreter claimed
   * through pipeCommands (e.g. "show configuration | display set"); the shell's own
   * pipes (match, count, ...) are already removed. A thrown error is shown as
   * `error: <message>` and the session goes on.
   */
  execute(line: string, io: CommandIO): Promise<Outcome>;
  /** Pipe commands this interpreter runs itself after `command`, offered in `| ?` next
   *  to the shell's (e.g. display, compare). Their arguments are completed via
   *  complete/help on "command | display ...". */
  pipeCommands?(command: string): CompletionItem[];
  /** The session is over (logout, disconnect, idle timeout): release locks, private
   *  candidates, the entry in "Users currently editing". */
  close?(): void;
}

/** Rejection of CommandIO.ask when the user presses Ctrl-C. */
export class CommandAborted extends Error {
  constructor() {
    super('aborted');
    this.name = 'CommandAborted';
  }
}

/** Rejection of CommandIO.ask at Ctrl-D or the end of the input (`load ... terminal` ends there). */
export class EndOfInput extends Error {
  constructor() {
    super('end of input');
    this.name = 'EndOfInput';
  }
}
