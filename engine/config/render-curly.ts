// The curly-brace form Junos prints for `show` and `show configuration`.
import type { ContainerItem, EntryItem, Interior, Item, Meta } from './tree.ts';
import type { InteriorDecl } from './schema/types.ts';
import { matchKeyword } from './path.ts';
import { quote, TAGS } from './quoting.ts';

const INDENT = '    ';

/** The words that open an entry: `proposal p1`, `from-zone A to-zone B`, or the key alone. */
export function entryWords(e: EntryItem, withKeyword: boolean): string[] {
  const words = withKeyword ? [e.decl.name] : [];
  e.keys.forEach((k, i) => {
    if (i > 0) words.push(e.decl.keys[i]!.name);
    words.push(quote(k));
  });
  return words;
}

/**
 * A positional value is written without its keyword, so it is quoted where it could be
 * read back as a keyword or a tag of its node (`file "size";`).
 */
export function quotePositional(parent: InteriorDecl, value: string): string {
  const collides = TAGS.includes(value) || matchKeyword(parent, value).kind !== 'none';
  return quote(value, collides);
}

function leafWords(item: Item, parent: InteriorDecl): string[] | undefined {
  switch (item.kind) {
    case 'leaf': {
      if (item.decl.positional) return [quotePositional(parent, item.value)];
      return [item.decl.name, quote(item.value, item.decl.type.kind === 'secret')];
    }
    case 'leaf-list':
      return item.values.length === 1 ? [item.decl.name, quote(item.values[0]!)] : [item.decl.name, '[', ...item.values.map((v) => quote(v)), ']'];
    case 'flag':
      return [item.decl.name];
    default:
      return undefined;
  }
}

const isSecret = (item: Item) => item.kind === 'leaf' && item.decl.type.kind === 'secret';

/** Whether an item shows at all: empty lists and empty non-presence containers do not. */
function visible(item: Item): boolean {
  if (item.kind === 'list') return item.entries.size > 0;
  if (item.kind === 'container') return item.decl.presence === true || orderedChildren(item).length > 0;
  return true;
}

/** The visible items of a node, in schema order (a list's entries stay in list order). */
export function orderedChildren(node: Interior): Item[] {
  const out: Item[] = [];
  for (const d of node.decl.children) {
    const item = node.children.get(d.name);
    if (item && visible(item)) out.push(item);
  }
  return out;
}

function prefix(m: Meta): string {
  return m.inactive ? 'inactive: ' : '';
}

/** One-line rendering of a node whose content is only leaves, when its declaration allows it. */
function inlineWords(node: Interior): { words: string[]; secret: boolean } | undefined {
  const kids = orderedChildren(node);
  if (kids.some((k) => k.kind === 'container' || k.kind === 'list' || (k as Meta).inactive || (k as Meta).annotation !== undefined)) return undefined;
  const decl = node.decl;
  const onlyPositional = kids.length === 1 && kids[0]!.kind === 'leaf' && kids[0]!.decl.positional;
  const allowed = onlyPositional || (decl.kind === 'container' && decl.inline) || (decl.oneliner === true && kids.length === 1);
  if (!allowed || kids.length === 0) return undefined;
  return { words: kids.flatMap((k) => leafWords(k, decl)!), secret: kids.some(isSecret) };
}

function renderInterior(node: Interior, head: string[], depth: number, out: string[]): void {
  const pad = INDENT.repeat(depth);
  if (node.annotation !== undefined) out.push(`${pad}/* ${node.annotation} */`);
  const line = pad + prefix(node) + head.join(' ');
  const kids = orderedChildren(node);
  const inline = inlineWords(node);
  if (inline) {
    out.push(`${line} ${inline.words.join(' ')};${inline.secret ? ' ## SECRET-DATA' : ''}`);
  } else if (kids.length === 0) {
    out.push(`${line};`);
  } else {
    out.push(`${line} {`);
    renderChildren(node, depth + 1, out);
    out.push(`${pad}}`);
  }
}

/** Renders one list entry; `withKeyword` is false inside a block-style list or for key-only lists. */
export function renderEntry(e: EntryItem, depth: number, out: string[], withKeyword = e.decl.style === 'keyword'): void {
  renderInterior(e, entryWords(e, withKeyword), depth, out);
}

export function renderItem(item: Item, depth: number, out: string[], parent: InteriorDecl): void {
  const pad = INDENT.repeat(depth);
  switch (item.kind) {
    case 'container': {
      const kids = orderedChildren(item);
      if (kids.length === 0 && !item.decl.presence) return;
      const sole = kids[0];
      if (item.decl.flatten && kids.length === 1 && sole?.kind === 'container' && !item.inactive && item.annotation === undefined) {
        renderInterior(sole as ContainerItem, [item.decl.name, sole.decl.name], depth, out);
      } else {
        renderInterior(item, [item.decl.name], depth, out);
      }
      return;
    }
    case 'list':
      if (item.decl.style === 'block') {
        out.push(`${pad}${item.decl.name} {`);
        for (const e of item.entries.values()) renderEntry(e, depth + 1, out, false);
        out.push(`${pad}}`);
      } else {
        for (const e of item.entries.values()) renderEntry(e, depth, out);
      }
      return;
    default:
      if (item.annotation !== undefined) out.push(`${pad}/* ${item.annotation} */`);
      out.push(`${pad}${prefix(item)}${leafWords(item, parent)!.join(' ')};${isSecret(item) ? ' ## SECRET-DATA' : ''}`);
  }
}

export function renderChildren(node: Interior, depth: number, out: string[]): void {
  for (const item of orderedChildren(node)) renderItem(item, depth, out, node.decl);
}

/** Renders the children of `node` (the root, or the current edit level) as Junos shows them. */
export function renderCurly(node: Interior): string {
  const out: string[] = [];
  renderChildren(node, 0, out);
  return out.length ? out.join('\n') + '\n' : '';
}
