// Word splitting shared by command lines and configuration text: double-quoted strings with
// backslash escapes, and the punctuation of the curly format.

export interface Token {
  text: string;
  /** Line (1-based) and column (0-based) where the token starts. */
  line: number;
  col: number;
  quoted: boolean;
  /** Punctuation `{ } ; [ ]`, only produced in curly mode. */
  punct: boolean;
}

export type LexResult = { ok: true; tokens: Token[]; comments: Map<number, string> } | { ok: false; line: number; col: number; message: string };

/**
 * Splits `text` into tokens. In curly mode `{ } ; [ ]` are separate tokens, `#` starts a
 * comment to the end of the line and `/* ... *\/` annotations are returned in `comments`,
 * keyed by the index of the token that follows them.
 */
export function lex(text: string, curly: boolean): LexResult {
  const tokens: Token[] = [];
  const comments = new Map<number, string>();
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    const col = i - lineStart;
    if (curly && c === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (curly && c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return { ok: false, line, col, message: 'unterminated comment' };
      const body = text.slice(i + 2, end).trim();
      for (let k = i; k < end; k++) if (text[k] === '\n') { line++; lineStart = k + 1; }
      comments.set(tokens.length, body);
      i = end + 2;
      continue;
    }
    if (curly && '{};[]'.includes(c)) {
      tokens.push({ text: c, line, col, quoted: false, punct: true });
      i++;
      continue;
    }
    if (c === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= n) return { ok: false, line, col, message: 'unterminated quoted string' };
        const d = text[j]!;
        if (d === '"') break;
        if (d === '\\' && j + 1 < n) {
          value += text[j + 1];
          j += 2;
          continue;
        }
        if (d === '\n') { line++; lineStart = j + 1; }
        value += d;
        j++;
      }
      tokens.push({ text: value, line, col, quoted: true, punct: false });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < n && !' \t\r\n"'.includes(text[j]!) && !(curly && '{};[]'.includes(text[j]!))) j++;
    tokens.push({ text: text.slice(i, j), line, col, quoted: false, punct: false });
    i = j;
  }
  return { ok: true, tokens, comments };
}
