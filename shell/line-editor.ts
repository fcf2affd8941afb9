// An Emacs-style line editor for one terminal line. It tracks where the terminal cursor
// is (as a column offset from the start of the prompt, wrapping every `width` columns) so
// edits of lines longer than the terminal still redraw correctly. Typing at the end of
// the line echoes exactly the typed characters: automation tools match on that echo.
import type { Completion } from './interpreter.ts';
import type { CommandHistory } from './history.ts';
import type { Key } from './key-decoder.ts';
import { formatPossibleCompletions } from './possible-completions.ts';
import { toCrlf } from './terminal-text.ts';

export type EditResult =
  | { type: 'line'; line: string }
  | { type: 'interrupt' } // Ctrl-C: the line is abandoned
  | { type: 'eof' }; // Ctrl-D on an empty line

/** What the line being edited may ask of the command grammar; absent for raw input. */
export interface EditorFeatures {
  complete(lineUpToCursor: string): Completion;
  help(lineUpToCursor: string): string;
  completeOnSpace(): boolean;
  /** Lines redrawn above the prompt after a help or completion list. */
  redrawBanner(): string[];
  history: CommandHistory;
}

export class LineEditor {
  private chars: string[] = [];
  private cursor = 0;
  private prompt = '';
  private promptLength = 0;
  /** Terminal cursor, as a column offset from the start of the prompt. */
  private termPos = 0;
  private killed = '';
  private literalNext = false;

  constructor(
    private readonly write: (raw: string) => void,
    private width: number,
    private readonly features?: EditorFeatures,
  ) {}

  get line(): string {
    return this.chars.join('');
  }

  get cursorIndex(): number {
    return this.cursor;
  }

  setWidth(columns: number): void {
    this.width = Math.max(1, Math.floor(columns) || 1);
  }

  /** Draws the prompt (on the current terminal line) and starts an empty line. */
  begin(prompt: string): void {
    this.chars = [];
    this.cursor = 0;
    this.literalNext = false;
    this.prompt = prompt.slice(prompt.lastIndexOf('\n') + 1);
    this.promptLength = [...this.prompt].length;
    this.termPos = 0;
    this.features?.history.resetBrowsing();
    this.emit(this.prompt);
  }

  handle(key: Key): EditResult | undefined {
    if (this.literalNext) {
      this.literalNext = false;
      if (key.type === 'char') this.insert(key.char);
      return undefined;
    }
    if (key.type === 'char') return this.handleChar(key.char);
    switch (key.name) {
      case 'enter':
        this.moveTo(this.chars.length);
        this.write('\r\n');
        return { type: 'line', line: this.line };
      case 'ctrl-c':
        this.moveTo(this.chars.length);
        this.write('\r\n');
        return { type: 'interrupt' };
      case 'ctrl-d':
        if (this.chars.length === 0) return { type: 'eof' };
        this.deleteRange(this.cursor, this.cursor + 1);
        return undefined;
      case 'ctrl-a': case 'home': return void this.moveTo(0);
      case 'ctrl-e': case 'end': return void this.moveTo(this.chars.length);
      case 'ctrl-b': case 'left': return void this.moveTo(this.cursor - 1);
      case 'ctrl-f': case 'right': return void this.moveTo(this.cursor + 1);
      case 'meta-b': return void this.moveTo(this.wordStart());
      case 'meta-f': return void this.moveTo(this.wordEnd());
      case 'backspace': return void this.deleteRange(this.cursor - 1, this.cursor);
      case 'delete': return void this.deleteRange(this.cursor, this.cursor + 1);
      case 'ctrl-k': return void this.kill(this.cursor, this.chars.length);
      case 'ctrl-u': return void this.kill(0, this.cursor);
      case 'ctrl-w': case 'meta-backspace': return void this.kill(this.wordStart(), this.cursor);
      case 'meta-d': return void this.kill(this.cursor, this.wordEnd());
      case 'ctrl-y': return void this.insert(this.killed);
      case 'ctrl-v': return void (this.literalNext = true);
      case 'ctrl-l': return void this.showBelow('');
      case 'up': case 'ctrl-p': return void this.recall(this.features?.history.previous(this.line));
      case 'down': case 'ctrl-n': return void this.recall(this.features?.history.next());
      case 'tab': return void (this.features && this.completeWord('tab')); // raw input (a question) has no completion
      default: return undefined; // other keys do nothing at the prompt
    }
  }

  /** Replaces the whole line (used for type-ahead replay and history recall). */
  setLine(text: string): void {
    this.replace(0, this.chars.length, [...text], [...text].length);
  }

  /** Prints text below the line (e.g. a broadcast message), then redraws the line. */
  showBelow(text: string): void {
    this.moveTo(this.chars.length);
    this.write('\r\n' + toCrlf(text.endsWith('\n') || text === '' ? text : text + '\n'));
    this.redraw();
  }

  private handleChar(char: string): EditResult | undefined {
    const f = this.features;
    if (f && char === '?') {
      const text = f.help(this.textBeforeCursor());
      this.moveTo(this.chars.length);
      this.write('?');
      this.showBelow(text);
    } else if (f && char === ' ' && f.completeOnSpace() && this.shouldCompleteOnSpace()) {
      this.completeWord('space');
    } else {
      this.insert(char);
    }
    return undefined;
  }

  private shouldCompleteOnSpace(): boolean {
    if (this.cursor !== this.chars.length) return false;
    const before = this.textBeforeCursor();
    if (before.trim() === '' || before.endsWith(' ')) return false;
    return (before.match(/"/g)?.length ?? 0) % 2 === 0; // not inside a quoted string
  }

  private completeWord(trigger: 'tab' | 'space'): void {
    const c = this.features!.complete(this.textBeforeCursor());
    const list = c.candidates?.length ? formatPossibleCompletions(c.candidates) : '';
    const shown = (c.message ?? '') + list;
    if (trigger === 'space' && shown === '') {
      this.insert(c.insert.endsWith(' ') ? c.insert : c.insert + ' ');
      return;
    }
    this.insert(c.insert);
    if (shown !== '') this.showBelow(shown);
  }

  private textBeforeCursor(): string {
    return this.chars.slice(0, this.cursor).join('');
  }

  private recall(text: string | undefined): void {
    if (text !== undefined) this.setLine(text);
  }

  private insert(text: string): void {
    const added = [...text].filter((c) => c >= ' ' && c !== '\x7f');
    if (added.length > 0) this.replace(this.cursor, this.cursor, added, this.cursor + added.length);
  }

  private kill(from: number, to: number): void {
    if (to <= from) return;
    this.killed = this.chars.slice(from, to).join('');
    this.deleteRange(from, to);
  }

  private deleteRange(from: number, to: number): void {
    from = Math.max(0, from);
    to = Math.min(this.chars.length, to);
    if (to > from) this.replace(from, to, [], from);
  }

  /** Replaces chars[from, to) and redraws from `from`; the cursor lands on `cursorAfter`. */
  private replace(from: number, to: number, added: string[], cursorAfter: number): void {
    const oldLength = this.chars.length;
    this.chars.splice(from, to - from, ...added);
    this.moveTo(Math.min(from, this.cursor), true);
    const start = Math.min(from, this.cursor);
    this.cursor = cursorAfter;
    this.emit(this.chars.slice(start).join(''));
    if (this.chars.length < oldLength) this.write('\x1b[J');
    this.moveTo(this.cursor);
  }

  private redraw(): void {
    for (const line of this.features?.redrawBanner() ?? []) this.write(toCrlf(line) + '\r\n');
    this.termPos = 0;
    this.emit(this.prompt + this.line);
    this.moveTo(this.cursor);
  }

  /** Writes text at the terminal cursor; a line that fills the last column is followed
   *  by CRLF so the terminal's pending-wrap state never disagrees with termPos. */
  private emit(text: string): void {
    if (text === '') return;
    this.write(text);
    this.termPos += [...text].length;
    if (this.termPos % this.width === 0) this.write('\r\n');
  }

  /** Moves the terminal cursor to line index `index` (clamped); with `keepCursor` the
   *  logical cursor is left alone (used mid-edit). */
  private moveTo(index: number, keepCursor = false): void {
    index = Math.max(0, Math.min(this.chars.length, index));
    if (!keepCursor) this.cursor = index;
    const target = this.promptLength + index;
    const w = this.width;
    const [fromRow, fromCol] = [Math.floor(this.termPos / w), this.termPos % w];
    const [toRow, toCol] = [Math.floor(target / w), target % w];
    let out = '';
    if (toRow < fromRow) out += `\x1b[${fromRow - toRow}A`;
    if (toRow > fromRow) out += `\x1b[${toRow - fromRow}B`;
    const dx = toCol - fromCol;
    if (dx === -1) out += '\b';
    else if (dx < 0) out += toCol === 0 ? '\r' : `\x1b[${-dx}D`;
    else if (dx > 0) out += `\x1b[${dx}C`;
    if (out) this.write(out);
    this.termPos = target;
  }

  private wordStart(): number {
    let i = this.cursor;
    while (i > 0 && this.chars[i - 1] === ' ') i--;
    while (i > 0 && this.chars[i - 1] !== ' ') i--;
    return i;
  }

  private wordEnd(): number {
    let i = this.cursor;
    while (i < this.chars.length && this.chars[i] === ' ') i++;
    while (i < this.chars.length && this.chars[i] !== ' ') i++;
    return i;
  }
}
