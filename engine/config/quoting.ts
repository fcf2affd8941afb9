// Junos quoting of words in curly and set output.

const NEEDS_QUOTES = /[\s;{}[\]#"'\\]|^$/;

export function quote(value: string, always = false): string {
  if (!always && !NEEDS_QUOTES.test(value)) return value;
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}
