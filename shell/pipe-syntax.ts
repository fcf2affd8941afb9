// Splits a command line at its `|` pipes (outside double quotes) and parses the pipes
// the shell runs itself. Pipes the interpreter claims (display, compare, ...) stay on the
// line it executes. Errors carry the column of the offending word for the caret line.
import type { CompletionItem } from './interpreter.ts';
import { formatPossibleCompletions } from './possible-completions.ts';

export interface Token {
  value: string;
  start: number;
  end: number;
}

export interface Segment {
  /** Raw text between two pipes (or after the last). */
  text: string;
  /** Column of text[0] in the whole line. */
  start: number;
}

export type ShellPipe =
  | { name: 'match' | 'except' | 'find'; pattern: RegExp }
  | { name: 'count' | 'no-more' }
  | { name: 'last'; lines?: number }
  | { name: 'trim'; columns: number }
  | { name: 'save'; file: string };

interface ArgSpec {
  name: string;
  help: string;
  kind: 'pattern' | 'number' | 'file';
  optional?: boolean;
}

export interface ShellPipeSpec extends CompletionItem {
  arg?: ArgSpec;
}

const PATTERN = (help: string): ArgSpec => ({ name: '<pattern>', help, kind: 'pattern' });

export const SHELL_PIPES: readonly ShellPipeSpec[] = [
  { name: 'count', help: 'Count occurrences' },
  { name: 'except', help: 'Show only text that does not match a pattern', arg: PATTERN('Pattern to avoid') },
  { name: 'find', help: 'Search for first occurrence of pattern', arg: PATTERN('Pattern to search for') },
  {
    name: 'last', help: 'Display end of output only',
    arg: { name: '<lines>', help: 'Number of lines to display from end of output', kind: 'number', optional: true },
  },
  { name: 'match', help: 'Show only text that matches a pattern', arg: PATTERN('Pattern to match against') },
  { name: 'no-more', help: "Don't paginate output" },
  { name: 'save', help: 'Save output text to file', arg: { name: '<filename>', help: 'Name of file', kind: 'file' } },
  {
    name: 'trim', help: 'Trim specified number of columns from start of line',
    arg: { name: '<columns>', help: 'Number of columns to trim', kind: 'number' },
  },
];

export interface ParsedLine {
  /** What the interpreter executes: the command and the pipes it claimed. */
  interpreterLine: string;
  pipes: ShellPipe[];
}

export interface PipeSyntaxError {
  column: number;
  message: string;
}

/** Splits at '|' outside double quotes; segment 0 is the command. */
export function splitPipes(line: string): Segment[] {
  const segments: Segment[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\' && quoted) i++;
    else if (ch === '"') quoted = !quoted;
    else if (ch === '|' && !quoted) {
      segments.push({ text: line.slice(start, i), start });
      start = i + 1;
    }
  }
  segments.push({ text: line.slice(start), start });
  return segments;
}

/** Whitespace-separated words; double quotes group (and are removed), \" escapes. */
export function tokenize(segment: Segment): Token[] {
  const tokens: Token[] = [];
  const text = segment.text;
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ' || text[i] === '\t') {
      i++;
      continue;
    }
    const start = i;
    let value = '';
    let quoted = false;
    while (i < text.length && (quoted || (text[i] !== ' ' && text[i] !== '\t'))) {
      const ch = text[i]!;
      if (ch === '"') quoted = !quoted;
      else if (ch === '\\' && quoted && i + 1 < text.length) value += text[++i];
      else value += ch;
      i++;
    }
    tokens.push({ value, start: segment.start + start, end: segment.start + i });
  }
  return tokens;
}

export type PipeResolution =
  | { kind: 'shell'; spec: ShellPipeSpec }
  | { kind: 'interpreter'; item: CompletionItem }
  | { kind: 'ambiguous'; matches: CompletionItem[] }
  | { kind: 'unknown' };

/** Resolves a pipe word: exact name first, then a unique prefix (as Junos does). */
export function resolvePipe(word: string, interpreterPipes: readonly CompletionItem[]): PipeResolution {
  const all = pipeChoices(interpreterPipes);
  const exact = all.find((item) => item.name === word);
  const matches = exact ? [exact] : all.filter((item) => item.name.startsWith(word));
  if (matches.length === 0 || word === '') return { kind: 'unknown' };
  if (matches.length > 1) return { kind: 'ambiguous', matches };
  const item = matches[0]!;
  const spec = SHELL_PIPES.find((s) => s === item);
  return spec ? { kind: 'shell', spec } : { kind: 'interpreter', item };
}

/** The shell's pipes and the interpreter's, sorted as `| ?` lists them. */
export function pipeChoices(interpreterPipes: readonly CompletionItem[]): CompletionItem[] {
  const own = new Set(SHELL_PIPES.map((s) => s.name));
  return [...SHELL_PIPES, ...interpreterPipes.filter((p) => !own.has(p.name))].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
}

export function parseLine(
  line: string,
  interpreterPipes: (command: string) => readonly CompletionItem[],
): ParsedLine | PipeSyntaxError {
  const [command, ...rest] = splitPipes(line);
  const claimed = interpreterPipes(command!.text);
  let interpreterLine = command!.text.trimEnd();
  const pipes: ShellPipe[] = [];
  for (const segment of rest) {
    const tokens = tokenize(segment);
    const word = tokens[0];
    if (!word) return { column: segment.start + segment.text.length, message: 'syntax error, expecting <command>.' };
    const r = resolvePipe(word.value, claimed);
    if (r.kind === 'unknown') return { column: word.start, message: 'syntax error, expecting <command>.' };
    if (r.kind === 'ambiguous') {
      return { column: word.start, message: `'${word.value}' is ambiguous.\n${formatPossibleCompletions(r.matches)}`.trimEnd() };
    }
    if (r.kind === 'interpreter') {
      interpreterLine += ` | ${segment.text.trim()}`;
      continue;
    }
    const pipe = parseShellPipe(r.spec, tokens.slice(1), segment.start + segment.text.length);
    if ('column' in pipe) return pipe;
    pipes.push(pipe);
  }
  return { interpreterLine, pipes };
}

function parseShellPipe(spec: ShellPipeSpec, args: Token[], endColumn: number): ShellPipe | PipeSyntaxError {
  const extra = args[spec.arg ? 1 : 0];
  if (extra) return { column: extra.start, message: 'syntax error.' };
  const arg = args[0];
  const name = spec.name as ShellPipe['name'];
  if (!spec.arg) return { name } as ShellPipe;
  if (!arg) {
    if (spec.arg.optional) return { name } as ShellPipe;
    return { column: endColumn, message: 'missing argument.' };
  }
  switch (spec.arg.kind) {
    case 'number': {
      if (!/^\d{1,9}$/.test(arg.value)) return { column: arg.start, message: 'syntax error, expecting <number>.' };
      const n = Number(arg.value);
      return name === 'trim' ? { name, columns: n } : { name: 'last', lines: n };
    }
    case 'file':
      return { name: 'save', file: arg.value };
    case 'pattern': {
      const pattern = compilePattern(arg.value);
      if (!pattern) return { column: arg.start, message: 'error: invalid regular expression.' };
      return { name: name as 'match' | 'except' | 'find', pattern };
    }
  }
}

const POSIX_CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', upper: 'A-Z', lower: 'a-z', space: '\\s',
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', word: '\\w',
};

/** POSIX 1003.2 extended regex (Junos pipes) as a JS RegExp; matching ignores case. */
export function compilePattern(source: string): RegExp | undefined {
  const translated = source.replace(/\[:([a-z]+):\]/g, (whole, name: string) => (Object.hasOwn(POSIX_CLASSES, name) ? POSIX_CLASSES[name]! : whole));
  try {
    return new RegExp(translated, 'i');
  } catch {
    return undefined;
  }
}

/** The caret line and message Junos prints under a command line echoed after `prefixWidth` columns. */
export function caretError(prefixWidth: number, column: number, message: string): string {
  return `${' '.repeat(prefixWidth + column)}^\n${message}\n`;
}
