// Command lines as words with their columns, and Junos's caret error layout.
import { lex } from '../engine/config/tokens.ts';

export interface LineWord {
  text: string;
  quoted: boolean;
  /** Column of the word's first character in the line. */
  col: number;
}

export type SplitResult = { ok: true; words: LineWord[] } | { ok: false; col: number; message: string };

export function splitWords(line: string): SplitResult {
  const r = lex(line, false);
  if (!r.ok) return { ok: false, col: r.col, message: r.message };
  return { ok: true, words: r.tokens.map((t) => ({ text: t.text, quoted: t.quoted, col: t.col })) };
}

/**
 * The caret line under the echoed command, then the message: Junos aligns the caret with
 * the offending word counting the prompt (`admin@Edge> show foo` → caret under `foo`).
 */
export function caretError(prompt: string, col: number, message: string): string {
  return `${' '.repeat(prompt.length + col)}^\n${message}\n`;
}
