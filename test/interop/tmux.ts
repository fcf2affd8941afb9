// A private tmux server (its own socket, no user configuration) running one command in a
// real pty, driven with send-keys and read with capture-pane. Every wait is bounded.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sleep } from './lab.ts';

export class TmuxPane {
  private readonly dir = mkdtempSync(path.join(os.tmpdir(), 'srxsim-tmux-'));
  private readonly socket = path.join(this.dir, 'socket');
  private readonly target = 'interop';

  constructor(command: string, readonly columns = 80, readonly rows = 24) {
    this.tmux('-f', '/dev/null', 'new-session', '-d', '-s', this.target, '-x', String(columns), '-y', String(rows), command);
    this.tmux('set-option', '-t', this.target, 'history-limit', '5000');
  }

  tmux(...args: string[]): string {
    const r = spawnSync('tmux', ['-S', this.socket, ...args], { encoding: 'utf8', timeout: 10_000, env: { ...process.env, TERM: 'xterm' } });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  }

  /** Types text literally (no key-name interpretation). */
  type(text: string): void {
    this.tmux('send-keys', '-t', this.target, '-l', text);
  }

  /** Presses named keys (Enter, Tab, Space, C-u, ...). */
  press(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.target, ...keys);
  }

  /** The visible screen, one string per row, trailing blanks trimmed. */
  screen(): string[] {
    return this.tmux('capture-pane', '-p', '-t', this.target).replace(/\n$/, '').split('\n').map((l) => l.trimEnd());
  }

  /** Scrollback and screen, wrapped lines joined, trailing blanks and blank rows dropped
   *  (a prompt's trailing space is checked with cursorLine()). */
  history(): string {
    const rows = this.tmux('capture-pane', '-p', '-J', '-S', '-5000', '-t', this.target).split('\n').map((l) => l.trimEnd());
    while (rows.length > 0 && rows.at(-1) === '') rows.pop();
    return rows.join('\n');
  }

  /** The row the cursor is on, as displayed (not trimmed). */
  cursorLine(): string {
    const [x, y] = this.tmux('display-message', '-p', '-t', this.target, '#{cursor_x} #{cursor_y}').trim().split(' ').map(Number);
    const row = this.tmux('capture-pane', '-p', '-t', this.target).split('\n')[y!] ?? '';
    return row.padEnd(x!).slice(0, Math.max(x!, row.trimEnd().length));
  }

  /** Polls the whole history until `pattern` matches it; throws with the screen on timeout. */
  async waitFor(pattern: RegExp, timeoutMs = 10_000, what = 'history'): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let text = '';
    for (;;) {
      text = what === 'cursor' ? this.cursorLine() : this.history();
      if (pattern.test(text)) return text;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${pattern} in the ${what}; screen:\n${this.screen().join('\n')}`);
      await sleep(100);
    }
  }

  /** Waits for the cursor line to match (e.g. a prompt with the cursor after it). */
  waitForCursorLine(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    return this.waitFor(pattern, timeoutMs, 'cursor');
  }

  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
