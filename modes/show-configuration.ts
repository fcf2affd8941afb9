// Resolving the path of `show configuration PATH` and config mode's `show PATH`. A path that
// ends at a list keyword (`show security ike proposal`) shows every entry of that list.
import type { Candidate } from '../engine/config/candidate.ts';
import type { Step } from '../engine/config/path.ts';
import type { Interior } from '../engine/config/tree.ts';
import type { CommandContext } from './context.ts';
import { levelWords } from './edit-level.ts';
import type { LineWord } from './words.ts';

/** The node to show and its set-form path; undefined (after printing the error) if the path is wrong. */
export function showConfigurationPath(
  ctx: CommandContext,
  candidate: Candidate,
  level: readonly Step[],
  words: readonly LineWord[],
  wordOffset: number,
): { node: Interior | undefined; path: string[] } | undefined {
  const r = candidate.resolve(level, words.map((w) => ({ text: w.text, quoted: w.quoted })), 'path');
  if (!r.ok) {
    ctx.errorAt(wordOffset + r.error.token, r.error.message);
    return undefined;
  }
  const steps = r.value.steps;
  const node = candidate.node(steps);
  // A path ending at a list keyword or a leaf shows just that statement of its parent.
  const only = r.value.list?.name ?? r.value.assignments[0]?.decl.name;
  if (only === undefined || !node) return { node, path: levelWords(steps) };
  const item = node.children.get(only);
  return { node: { ...node, inactive: false, annotation: undefined, children: new Map(item ? [[only, item]] : []) }, path: levelWords(steps) };
}
