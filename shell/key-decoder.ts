// Turns a terminal byte stream into key events. Any byte sequence is accepted: unknown
// or malformed escape sequences are swallowed, an over-long one is bounded, and a C0
// control inside a sequence cancels it (as on a VT100), so input can never wedge it.
import { StringDecoder } from 'node:string_decoder';

export type KeyName =
  | 'enter' | 'tab' | 'backspace' | 'delete' | 'up' | 'down' | 'left' | 'right' | 'home' | 'end'
  | `ctrl-${string}` | `meta-${string}`;

export type Key = { type: 'char'; char: string } | { type: 'key'; name: KeyName };

const MAX_SEQUENCE = 64;
const CSI_FINAL: Record<string, KeyName> = { A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end' };
const CSI_TILDE: Record<string, KeyName> = { '1': 'home', '7': 'home', '4': 'end', '8': 'end', '3': 'delete' };

type State = 'ground' | 'esc' | 'csi' | 'ss3' | 'string' | 'string-esc';

export class KeyDecoder {
  private readonly utf8 = new StringDecoder('utf8');
  private state: State = 'ground';
  private params = '';
  private length = 0;
  /** Swallow the '\n' of a "\r\n" pair, even when split across chunks. */
  private afterCr = false;

  decode(chunk: Buffer | string): Key[] {
    const text = typeof chunk === 'string' ? chunk : this.utf8.write(chunk);
    const keys: Key[] = [];
    for (const ch of text) this.step(ch, keys);
    return keys;
  }

  private step(ch: string, out: Key[]): void {
    const code = ch.codePointAt(0)!;
    const wasAfterCr = this.afterCr;
    this.afterCr = false;
    switch (this.state) {
      case 'ground':
        if (ch === '\n' && wasAfterCr) return;
        return this.ground(ch, code, out);
      case 'esc':
        this.state = 'ground';
        if (ch === '[') return this.begin('csi');
        if (ch === 'O') return this.begin('ss3');
        if (ch === ']' || ch === 'P' || ch === 'X' || ch === '^' || ch === '_') return this.begin('string');
        if (ch === '\x1b') return void (this.state = 'esc');
        if (code === 0x7f) return void out.push({ type: 'key', name: 'meta-backspace' });
        if (code < 0x20) return this.ground(ch, code, out);
        if (code < 0x7f) out.push({ type: 'key', name: `meta-${ch.toLowerCase()}` });
        return;
      case 'csi':
        if (code >= 0x40 && code <= 0x7e) {
          this.state = 'ground';
          const name = ch === '~' ? CSI_TILDE[this.params.split(';')[0] ?? ''] : CSI_FINAL[ch];
          if (name) out.push({ type: 'key', name });
          return;
        }
        if (code >= 0x20 && code <= 0x3f) return this.collect(ch);
        this.state = 'ground';
        return this.ground(ch, code, out);
      case 'ss3':
        this.state = 'ground';
        if (code >= 0x40 && code <= 0x7e) {
          const name = CSI_FINAL[ch];
          if (name) out.push({ type: 'key', name });
          return;
        }
        return this.ground(ch, code, out);
      case 'string':
        // OSC/DCS/PM/APC bodies: end at BEL or ESC \; CAN/SUB cancel.
        if (ch === '\x07' || ch === '\x18' || ch === '\x1a') return void (this.state = 'ground');
        if (ch === '\x1b') return void (this.state = 'string-esc');
        if (++this.length > MAX_SEQUENCE * 8) this.state = 'ground';
        return;
      case 'string-esc':
        // ESC \ ends the string and CAN/SUB cancel it; any other ESC sequence ends the string
        // and starts itself (DEC STD 070), so keys typed after it are not swallowed.
        if (ch === '\\' || ch === '\x18' || ch === '\x1a') return void (this.state = 'ground');
        this.state = 'esc';
        return this.step(ch, out);
    }
  }

  private begin(state: State): void {
    this.state = state;
    this.params = '';
    this.length = 0;
  }

  private collect(ch: string): void {
    if (++this.length <= MAX_SEQUENCE) this.params += ch;
  }

  private ground(ch: string, code: number, out: Key[]): void {
    if (ch === '\x1b') return void (this.state = 'esc');
    if (ch === '\r') {
      this.afterCr = true;
      return void out.push({ type: 'key', name: 'enter' });
    }
    if (ch === '\n') return void out.push({ type: 'key', name: 'enter' });
    if (ch === '\t') return void out.push({ type: 'key', name: 'tab' });
    if (code === 0x7f || code === 0x08) return void out.push({ type: 'key', name: 'backspace' });
    if (code < 0x20) {
      if (code === 0) return; // NUL: padding some clients send after CR
      return void out.push({ type: 'key', name: `ctrl-${String.fromCharCode(code + 0x60)}` });
    }
    // C1 controls and U+FFFD (undecodable bytes) are noise, not text.
    if ((code >= 0x80 && code <= 0x9f) || code === 0xfffd) return;
    out.push({ type: 'char', char: ch });
  }
}
