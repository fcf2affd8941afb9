// `| display set`: one set command per leaf, then deactivate commands for inactive statements.
import type { Interior, Item } from './tree.ts';
import { entryWords, orderedChildren, quotePositional } from './render-curly.ts';
import type { InteriorDecl } from './schema/types.ts';
import { quote } from './quoting.ts';

function walkSet(node: Interior, path: string[], out: string[]): void {
  const kids = orderedChildren(node);
  if (kids.length === 0 && path.length > 0) out.push(`set ${path.join(' ')}`);
  for (const item of kids) emitItem(item, path, out, node.decl);
  if (node.inactive) out.push(`deactivate ${path.join(' ')}`);
}

function emitItem(item: Item, path: string[], out: string[], parent: InteriorDecl): void {
  switch (item.kind) {
    case 'container':
      if (orderedChildren(item).length === 0 && !item.decl.presence) return;
      walkSet(item, [...path, item.decl.name], out);
      return;
    case 'list':
      for (const e of item.entries.values()) {
        const words = item.decl.style === 'nokeyword' ? entryWords(e, false) : [item.decl.name, ...entryWords(e, false)];
        walkSet(e, [...path, ...words], out);
      }
      return;
    case 'leaf': {
      // A positional leaf is named by its value, in set and in deactivate alike.
      const words = item.decl.positional ? [...path, quotePositional(parent, item.value)] : [...path, item.decl.name, quote(item.value, item.decl.type.kind === 'secret')];
      out.push(`set ${words.join(' ')}`);
      if (item.inactive) out.push(`deactivate ${(item.decl.positional ? words : [...path, item.decl.name]).join(' ')}`);
      return;
    }
    case 'leaf-list':
      for (const v of item.values) out.push(`set ${[...path, item.decl.name, quote(v)].join(' ')}`);
      if (item.inactive) out.push(`deactivate ${[...path, item.decl.name].join(' ')}`);
      return;
    case 'flag':
      out.push(`set ${[...path, item.decl.name].join(' ')}`);
      if (item.inactive) out.push(`deactivate ${[...path, item.decl.name].join(' ')}`);
      return;
  }
}

/** `path` is the set-form path of `node` itself (empty for the root). */
export function renderSet(node: Interior, path: string[] = []): string {
  const out: string[] = [];
  for (const item of orderedChildren(node)) emitItem(item, path, out, node.decl);
  if (node.inactive && path.length > 0) out.push(`deactivate ${path.join(' ')}`);
  return out.length ? out.join('\n') + '\n' : '';
}
