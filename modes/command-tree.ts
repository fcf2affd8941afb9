// Declared command trees (words, arguments, help) with one handler each, and the matching,
// completion and `?` help derived from them — the operational-mode counterpart of the schema.
import type { Device } from '../engine/device.ts';
import type { CompletionItem } from '../shell/interpreter.ts';
import type { LineWord } from './words.ts';

export interface ArgSpec {
  /** Shown in `?` as `<name>`. */
  name: string;
  help: string;
  optional?: boolean;
  /** Takes every remaining word (`run <command>`, `show configuration <path>`). */
  rest?: boolean;
  /** Known values to offer in completion (e.g. file names, rollback numbers). */
  values?: (device: Device) => CompletionItem[];
}

export interface CommandNode<C> {
  name: string;
  help: string;
  children?: CommandNode<C>[];
  /** An argument after this word (before any children). */
  arg?: ArgSpec;
  /** Runs the command ending at this node; `args` maps argument names to the words given. */
  run?: (ctx: C, args: Map<string, string[]>) => Promise<unknown> | unknown;
  /** Offered neither in `?` nor to completion; still runs when typed in full. */
  hidden?: boolean;
}

export type MatchResult<C> =
  | { ok: true; node: CommandNode<C>; args: Map<string, string[]> }
  | { ok: false; word: number; message: string; candidates?: CompletionItem[] };

const visible = <C>(n: CommandNode<C>) => !n.hidden;

/** The node a word names among `nodes`: an exact name, else a unique visible prefix. */
export function lookupWord<C>(nodes: readonly CommandNode<C>[], word: string): CommandNode<C> | undefined {
  const hits = pick(nodes, word);
  return hits.length === 1 ? hits[0] : undefined;
}

function pick<C>(nodes: readonly CommandNode<C>[], word: string): CommandNode<C>[] {
  const exact = nodes.filter((n) => n.name === word);
  if (exact.length) return exact;
  return nodes.filter((n) => visible(n) && n.name.startsWith(word));
}

interface Walk<C> {
  node: CommandNode<C> | undefined;
  args: Map<string, string[]>;
  /** The word that failed to match, with the reason. */
  failure?: { word: number; message: string; candidates?: CompletionItem[] };
}

function walk<C>(root: readonly CommandNode<C>[], words: readonly LineWord[]): Walk<C> {
  const args = new Map<string, string[]>();
  let level: readonly CommandNode<C>[] = root;
  let node: CommandNode<C> | undefined;
  for (let i = 0; i < words.length; ) {
    if (node?.arg && !args.has(node.arg.name)) {
      const taken = node.arg.rest ? words.slice(i).map((w) => w.text) : [words[i]!.text];
      args.set(node.arg.name, taken);
      i += taken.length;
      continue;
    }
    const word = words[i]!;
    const hits = word.quoted ? [] : pick(level, word.text);
    if (hits.length > 1) {
      return { node, args, failure: { word: i, message: `'${word.text}' is ambiguous.`, candidates: hits.map((n) => ({ name: n.name, help: n.help })).sort((a, b) => (a.name < b.name ? -1 : 1)) } };
    }
    if (hits.length === 0) {
      const message = !node ? 'unknown command.' : node.run && level.length === 0 ? 'syntax error.' : 'syntax error, expecting <command>.';
      return { node, args, failure: { word: i, message } };
    }
    node = hits[0]!;
    level = node.children ?? [];
    i++;
  }
  return { node, args };
}

const argPending = <C>(w: Walk<C>) => Boolean(w.node?.arg && !w.args.has(w.node.arg.name));

/** Matches words against the tree; the error names the word index and Junos's message. */
export function matchCommand<C>(root: readonly CommandNode<C>[], words: readonly LineWord[]): MatchResult<C> {
  const w = walk(root, words);
  if (w.failure) return { ok: false, ...w.failure };
  if (!w.node) return { ok: false, word: 0, message: 'unknown command.' };
  if (argPending(w) && !w.node.arg!.optional) return { ok: false, word: words.length, message: 'missing argument.' };
  if (!w.node.run) return { ok: false, word: words.length, message: 'syntax error, expecting <command>.' };
  return { ok: true, node: w.node, args: w.args };
}

/** What may follow `words` (child commands, the pending argument) for `?` and Tab. */
export function nextChoices<C>(root: readonly CommandNode<C>[], words: readonly LineWord[], device: Device): { items: CompletionItem[]; canRun: boolean } | undefined {
  const w = walk(root, words);
  if (w.failure) return undefined;
  const node = w.node;
  const pending = argPending(w);
  const items: CompletionItem[] = [];
  if (pending) items.push({ name: `<${node!.arg!.name}>`, help: node!.arg!.help }, ...(node!.arg!.values?.(device) ?? []));
  if (!pending || node!.arg!.optional) items.push(...(node ? node.children ?? [] : root).filter(visible).map((n) => ({ name: n.name, help: n.help })));
  return { items, canRun: Boolean(node?.run) && (!pending || Boolean(node!.arg!.optional)) };
}
