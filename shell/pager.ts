// The Junos pager: after a screenful it shows ---(more)--- (---(more NN%)--- once the
// command has finished and the total is known) and waits for a key: space = next page,
// Enter = next line, q = stop the output, G = the rest without stopping. The prompt is
// erased with CR, spaces, CR, as the device does.
import type { Key } from './key-decoder.ts';
import type { LineSink } from './pipes.ts';

export class Pager implements LineSink {
  private readonly queue: string[] = [];
  private shown = 0;
  private budget: number;
  private freshPage = true;
  private unlimited = false;
  private ended = false;
  private quit = false;
  private waiting = false;
  private scheduled = false;
  private promptLength = 0;
  private waiters: Array<() => void> = [];

  /**
   * @param write raw terminal output
   * @param pageRows rows shown per page (screen length minus the prompt line)
   * @param width terminal columns, to count wrapped rows
   * @param events quit: the user stopped the output (q, Ctrl-C); waiting: the prompt is up
   */
  constructor(
    private readonly write: (raw: string) => void,
    private readonly pageRows: number,
    private readonly width: number,
    private readonly events: { quit(): void; waiting(): void },
  ) {
    this.budget = pageRows;
  }

  get isWaiting(): boolean {
    return this.waiting;
  }

  line(text: string): void {
    if (this.quit) return;
    this.queue.push(text);
    this.schedule();
  }

  end(): Promise<void> {
    this.ended = true;
    this.schedule();
    return this.whenIdle();
  }

  /** Resolves when every line received so far has been displayed (or the user quit). */
  whenIdle(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  key(key: Key): void {
    if (!this.waiting) return;
    const k = key.type === 'char' ? key.char : key.name;
    if (k === ' ') this.nextPage();
    else if (k === 'enter' || k === 'down') this.nextLine();
    else if (k === 'G') {
      this.unlimited = true;
      this.resume();
    } else if (k === 'q' || k === 'Q' || k === 'ctrl-c') this.stop();
  }

  /** Ends paging as if the user pressed q (input closed, session ending). */
  stop(): void {
    if (this.waiting) this.erasePrompt();
    this.waiting = false;
    this.quit = true;
    this.queue.length = 0;
    this.events.quit();
    this.notifyIdle();
  }

  private nextPage(): void {
    this.budget = this.pageRows;
    this.freshPage = true;
    this.resume();
  }

  private nextLine(): void {
    this.budget = this.rowsOf(this.queue[0] ?? '');
    this.resume();
  }

  private resume(): void {
    this.erasePrompt();
    this.waiting = false;
    this.pump();
  }

  /** Output is displayed one event-loop turn later, so that a command which writes all
   *  of its output at once has finished and the percentage can be shown. */
  private schedule(): void {
    if (this.scheduled || this.waiting) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.waiting || this.quit) return;
    while (this.queue.length > 0) {
      const rows = this.rowsOf(this.queue[0]!);
      if (!this.unlimited && !this.freshPage && rows > this.budget) return this.showPrompt();
      this.write(this.queue.shift()! + '\r\n');
      this.shown++;
      this.budget -= rows;
      this.freshPage = false;
    }
    this.notifyIdle();
  }

  private showPrompt(): void {
    const total = this.shown + this.queue.length;
    const text = this.ended ? `---(more ${Math.floor((this.shown * 100) / total)}%)---` : '---(more)---';
    this.promptLength = text.length;
    this.waiting = true;
    this.write(text);
    this.events.waiting();
  }

  private erasePrompt(): void {
    const blanks = Math.min(Math.max(this.promptLength, 40), Math.max(1, this.width - 1));
    this.write(`\r${' '.repeat(blanks)}\r`);
  }

  private rowsOf(line: string): number {
    return Math.max(1, Math.ceil([...line].length / this.width));
  }

  private idle(): boolean {
    return this.quit || (this.queue.length === 0 && !this.scheduled);
  }

  private notifyIdle(): void {
    if (!this.idle()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
