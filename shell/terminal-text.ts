// Text conventions of a terminal in raw mode: it needs CRLF, and a command's "\n" is
// only a line feed there.

export function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
