// Resolving the path of `show configuration PATH` and config mode's `show PATH`.
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
  const lv = candidate.level(level, words.map((w) => ({ text: w.text, quoted: w.quoted })));
  if (!lv.ok) {
    ctx.errorAt(wordOffset + lv.error.token, lv.error.message);
    return undefined;
  }
  return { node: candidate.node(lv.steps), path: levelWords(lv.steps) };
}
