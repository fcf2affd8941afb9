// Per-session command history: the list `show cli history` prints, and the cursor that
// Up/Down (Ctrl-P/Ctrl-N) walk, keeping the line being typed as a draft.
import type { HistoryEntry } from './interpreter.ts';

const MAX_ENTRIES = 500;

export class CommandHistory {
  private readonly list: HistoryEntry[] = [];
  /** Index into list while browsing; list.length means "the draft". */
  private position = 0;
  private draft = '';

  get entries(): readonly HistoryEntry[] {
    return this.list;
  }

  add(line: string, at: number): void {
    if (line.trim() === '') return;
    this.list.push({ at, line });
    if (this.list.length > MAX_ENTRIES) this.list.shift();
    this.resetBrowsing();
  }

  resetBrowsing(): void {
    this.position = this.list.length;
    this.draft = '';
  }

  /** The older line, or undefined at the oldest. `current` is kept as the draft. */
  previous(current: string): string | undefined {
    if (this.position === 0) return undefined;
    if (this.position === this.list.length) this.draft = current;
    return this.list[--this.position]!.line;
  }

  /** The newer line, the draft after the newest, or undefined when already there. */
  next(): string | undefined {
    if (this.position >= this.list.length) return undefined;
    this.position++;
    return this.position === this.list.length ? this.draft : this.list[this.position]!.line;
  }
}
