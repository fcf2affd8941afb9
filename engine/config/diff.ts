// `show | compare`: Junos's diff format — an `[edit ...]` header per changed block, then the
// removed (`-`) and added (`+`) statements rendered as in the curly form.
import { entryWords, orderedChildren, renderEntry, renderItem } from './render-curly.ts';
import type { ContainerItem, EntryItem, Interior, Item } from './tree.ts';

const INDENT = '    ';

function lines(render: (out: string[]) => void): string[] {
  const out: string[] = [];
  render(out);
  return out;
}

const entryLines = (e: EntryItem) => lines((out) => renderEntry(e, 0, out, e.decl.style === 'keyword'));
const itemLines = (i: Item, parent: Interior) => lines((out) => renderItem(i, 0, out, parent.decl));
const sameMeta = (x: EntryItem | ContainerItem, y: EntryItem | ContainerItem) => x.inactive === y.inactive && x.annotation === y.annotation;

function words(node: Interior): string[] {
  if (node.kind === 'container') return [node.decl.name];
  return entryWords(node, node.decl.style === 'keyword');
}

class DiffWriter {
  readonly out: string[] = [];
  private header = '';

  emit(path: string[], sign: '+' | '-', body: string[]): void {
    const h = path.length ? `[edit ${path.join(' ')}]` : '[edit]';
    if (h !== this.header) {
      this.out.push(h);
      this.header = h;
    }
    for (const l of body) this.out.push(`${sign}${INDENT}${l}`);
  }
}

function diffEntries(a: Map<string, EntryItem>, b: Map<string, EntryItem>, path: string[], w: DiffWriter): void {
  for (const [id, e] of a) if (!b.has(id)) w.emit(path, '-', entryLines(e));
  for (const [id, e] of b) {
    const old = a.get(id);
    if (!old) w.emit(path, '+', entryLines(e));
    else if (!sameMeta(old, e)) {
      w.emit(path, '-', entryLines(old));
      w.emit(path, '+', entryLines(e));
    } else diffNode(old, e, [...path, ...words(e)], w);
  }
}

function diffNode(a: Interior, b: Interior, path: string[], w: DiffWriter): void {
  for (const d of b.decl.children) {
    const x = a.children.get(d.name);
    const y = b.children.get(d.name);
    if (!x && !y) continue;
    if (d.kind === 'list') {
      const xs = x?.kind === 'list' ? x.entries : new Map<string, EntryItem>();
      const ys = y?.kind === 'list' ? y.entries : new Map<string, EntryItem>();
      diffEntries(xs, ys, d.style === 'block' ? [...path, d.name] : path, w);
      continue;
    }
    if (x?.kind === 'container' && y?.kind === 'container' && sameMeta(x, y)) {
      if (orderedChildren(x).length + orderedChildren(y).length > 0) diffNode(x, y, [...path, d.name], w);
      continue;
    }
    const before = x ? itemLines(x, a) : [];
    const after = y ? itemLines(y, b) : [];
    if (before.join('\n') === after.join('\n')) continue;
    if (before.length) w.emit(path, '-', before);
    if (after.length) w.emit(path, '+', after);
  }
}

/** The changes that turn `from` into `to`; empty when they are the same. */
export function compareConfigurations(from: ContainerItem, to: ContainerItem): string {
  const w = new DiffWriter();
  diffNode(from, to, [], w);
  return w.out.length ? w.out.join('\n') + '\n' : '';
}
