// Tab/space completion and `?` help for a whole line: the command part goes to the
// interpreter; after a `|` the shell answers for its own pipes and hands the arguments of
// the interpreter's pipes (display, compare) back to it.
import type { Completion, CompletionItem, Interpreter } from './interpreter.ts';
import {
  caretError,
  pipeChoices,
  resolvePipe,
  splitPipes,
  tokenize,
  type Segment,
  type ShellPipeSpec,
} from './pipe-syntax.ts';
import { ENTER_ITEM, formatPossibleCompletions, PIPE_ITEM } from './possible-completions.ts';

type PipeContext =
  | { kind: 'command' }
  /** Typing a pipe name (`prefix` may be empty); `fresh`: nothing typed after the bar. */
  | { kind: 'pipe-name'; prefix: string; start: number; choices: CompletionItem[]; fresh: boolean }
  | { kind: 'shell-args'; spec: ShellPipeSpec; args: string[]; typing: boolean }
  | { kind: 'interpreter'; line: string }
  | { kind: 'bad-word'; start: number; message: string };

function analyse(interpreter: Interpreter, text: string): PipeContext {
  const segments = splitPipes(text);
  if (segments.length === 1) return { kind: 'command' };
  const command = segments[0]!.text;
  const claimed = interpreter.pipeCommands?.(command) ?? [];
  const current = segments[segments.length - 1]!;
  const tokens = tokenize(current);
  const typing = !/\s$/.test(current.text);
  if (tokens.length === 0 || (tokens.length === 1 && typing)) {
    const prefix = tokens[0]?.value ?? '';
    const choices = pipeChoices(claimed).filter((c) => c.name.startsWith(prefix));
    return { kind: 'pipe-name', prefix, start: tokens[0]?.start ?? text.length, choices, fresh: current.text === '' };
  }
  const word = tokens[0]!;
  const r = resolvePipe(word.value, claimed);
  if (r.kind === 'shell') return { kind: 'shell-args', spec: r.spec, args: tokens.slice(1).map((t) => t.value), typing };
  if (r.kind === 'interpreter') return { kind: 'interpreter', line: interpreterLine(segments, claimed) };
  const message = r.kind === 'ambiguous' ? `'${word.value}' is ambiguous.` : 'syntax error, expecting <command>.';
  return { kind: 'bad-word', start: word.start, message };
}

/** The command plus the interpreter's own pipe segments, the last one as typed. */
function interpreterLine(segments: Segment[], claimed: readonly CompletionItem[]): string {
  let line = segments[0]!.text.trimEnd();
  segments.slice(1).forEach((segment, i) => {
    const word = tokenize(segment)[0];
    const last = i === segments.length - 2;
    if (last) line += ` | ${segment.text.trimStart()}`;
    else if (word && resolvePipe(word.value, claimed).kind === 'interpreter') line += ` | ${segment.text.trim()}`;
  });
  return line;
}

function promptWidth(interpreter: Interpreter): number {
  const prompt = interpreter.prompt();
  return [...prompt.slice(prompt.lastIndexOf('\n') + 1)].length;
}

export function completeLine(interpreter: Interpreter, text: string): Completion {
  const ctx = analyse(interpreter, text);
  switch (ctx.kind) {
    case 'command':
      return interpreter.complete(text);
    case 'interpreter':
      return interpreter.complete(ctx.line);
    case 'shell-args':
      return { insert: '' }; // free text: patterns, numbers, file names
    case 'bad-word':
      return { insert: '', message: caretError(promptWidth(interpreter), ctx.start, ctx.message) };
    case 'pipe-name': {
      if (ctx.fresh) return { insert: ' ' };
      const { choices, prefix } = ctx;
      if (choices.length === 0) {
        return { insert: '', message: caretError(promptWidth(interpreter), ctx.start, 'syntax error, expecting <command>.') };
      }
      const exact = choices.find((c) => c.name === prefix);
      if (choices.length === 1 || exact) return { insert: (exact ?? choices[0]!).name.slice(prefix.length) + ' ' };
      const common = commonPrefix(choices.map((c) => c.name));
      return { insert: common.slice(prefix.length), candidates: choices };
    }
  }
}

export function helpLine(interpreter: Interpreter, text: string): string {
  const ctx = analyse(interpreter, text);
  switch (ctx.kind) {
    case 'command':
      return interpreter.help(text);
    case 'interpreter':
      return interpreter.help(ctx.line);
    case 'bad-word':
      return caretError(promptWidth(interpreter), ctx.start, ctx.message);
    case 'pipe-name':
      if (ctx.choices.length === 0) {
        return caretError(promptWidth(interpreter), ctx.start, 'syntax error, expecting <command>.');
      }
      return formatPossibleCompletions(ctx.choices);
    case 'shell-args': {
      const arg = ctx.spec.arg;
      const wantsArg = arg && (ctx.args.length === 0 || (ctx.args.length === 1 && ctx.typing));
      if (!wantsArg) return formatPossibleCompletions([ENTER_ITEM, PIPE_ITEM]);
      const row = { name: arg.name, help: arg.help };
      return formatPossibleCompletions(arg.optional ? [ENTER_ITEM, row, PIPE_ITEM] : [row]);
    }
  }
}

function commonPrefix(words: string[]): string {
  let prefix = words[0] ?? '';
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
