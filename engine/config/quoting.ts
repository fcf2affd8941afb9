// Junos quoting of words in curly and set output.

/** Whitespace and the curly format's punctuation, comments (`#`, `/*`) and empty words. */
const NEEDS_QUOTES = /[\s;{}[\]#"'\\]|\/\*|\*\/|^$/;

export function quote(value: string, always = false): string {
  if (!always && !NEEDS_QUOTES.test(value)) return value;
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** Tags the curly loader reads at the start of a statement. */
export const TAGS = ['inactive:', 'replace:', 'protect:'];
