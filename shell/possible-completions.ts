// The Junos `?` layout: "Possible completions:", then rows with a one-column mark, a
// space, the name padded to 20 columns, a space and the help string.
import type { CompletionItem } from './interpreter.ts';

export const ENTER_ITEM: CompletionItem = { name: '<[Enter]>', help: 'Execute this command' };
export const PIPE_ITEM: CompletionItem = { name: '|', help: 'Pipe through a command' };

export function formatCompletionRow(item: CompletionItem): string {
  return `${item.mark ?? ' '} ${item.name.padEnd(20)} ${item.help}`.trimEnd();
}

export function formatPossibleCompletions(items: readonly CompletionItem[]): string {
  return ['Possible completions:', ...items.map(formatCompletionRow)].join('\n') + '\n';
}
