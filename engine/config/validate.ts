// `commit check`: mandatory statements, references and cross-statement rules, reported in
// Junos's error-block format. Inactive statements are ignored, as on a real device.
import type { Decl, Reference } from './schema/types.ts';
import { entryWords, orderedChildren } from './render-curly.ts';
import type { ContainerItem, Interior, Item } from './tree.ts';

export interface CheckError {
  /** The `[edit ...]` path words of the block the statement is in. */
  path: string[];
  statement: string;
  message: string;
  mandatory?: boolean;
}

const active = (item: Item) => item.kind === 'list' || !item.inactive;

function childAt(node: Interior, name: string): Item | undefined {
  const item = node.children.get(name);
  return item && active(item) ? item : undefined;
}

/** Keys of the active entries of the list at `path`; nested lists join keys with '.' (ge-0/0/0.0). */
export function definedKeys(root: ContainerItem, path: readonly string[]): Set<string> {
  const out = new Set<string>();
  const visit = (node: Interior, i: number, prefix: string): void => {
    const item = childAt(node, path[i]!);
    if (!item) return;
    if (item.kind === 'container') return visit(item, i + 1, prefix);
    if (item.kind !== 'list') return;
    for (const e of item.entries.values()) {
      if (e.inactive) continue;
      const k = prefix + e.keys[0];
      if (i === path.length - 1) out.add(k);
      else visit(e, i + 1, k + '.');
    }
  };
  visit(root, 0, '');
  return out;
}

function nodeWords(node: Interior): string[] {
  if (node.kind === 'container') return [node.decl.name];
  return node.decl.style === 'nokeyword' ? entryWords(node, false) : entryWords(node, true);
}

export function checkConfiguration(root: ContainerItem): CheckError[] {
  const errors: CheckError[] = [];
  const refCache = new Map<Reference, Set<string>>();
  const known = (ref: Reference, value: string): boolean => {
    let keys = refCache.get(ref);
    if (!keys) {
      keys = definedKeys(root, ref.list);
      if (ref.alsoList) for (const k of definedKeys(root, ref.alsoList)) keys.add(k);
      for (const b of ref.builtins ?? []) keys.add(b);
      refCache.set(ref, keys);
    }
    return keys.has(value);
  };

  const visit = (node: Interior, path: string[]): void => {
    const here = node.kind === 'container' && path.length === 0 ? [] : path;
    // Keys that reference other objects (from-zone/to-zone, zone interfaces).
    if (node.kind === 'entry') {
      node.decl.keys.forEach((k, i) => {
        if (k.ref && !known(k.ref, node.keys[i]!)) errors.push({ path: here.slice(0, -nodeWords(node).length), statement: nodeWords(node).join(' '), message: k.ref.message });
      });
    }
    for (const d of node.decl.children) checkMandatory(node, d, here);
    for (const item of orderedChildren(node)) {
      if (!active(item)) continue;
      switch (item.kind) {
        case 'container':
          visit(item, [...here, item.decl.name]);
          break;
        case 'list':
          for (const e of item.entries.values()) if (!e.inactive) visit(e, [...here, ...nodeWords(e)]);
          break;
        case 'leaf':
          if (item.decl.ref && !known(item.decl.ref, item.value)) errors.push({ path: here, statement: `${item.decl.name} ${item.value}`, message: item.decl.ref.message });
          break;
        case 'leaf-list':
          for (const v of item.values) {
            if (item.decl.ref && !known(item.decl.ref, v)) errors.push({ path: here, statement: `${item.decl.name} ${v}`, message: item.decl.ref.message });
          }
          break;
        case 'flag':
          break;
      }
    }
  };

  const checkMandatory = (node: Interior, d: Decl, path: string[]): void => {
    if (!d.mandatory || childAt(node, d.name)) return;
    const words = nodeWords(node);
    errors.push({ path: path.slice(0, path.length - words.length), statement: words.join(' '), message: `Missing mandatory statement: '${d.name}'`, mandatory: true });
  };

  visit(root, []);
  return errors;
}

/** Junos's rendering of check errors; `verb` is 'configuration check-out' or 'commit'. */
export function formatCheckErrors(errors: readonly CheckError[], verb: 'check' | 'commit'): string {
  const lines: string[] = [];
  for (const e of errors) {
    lines.push(e.path.length ? `[edit ${e.path.join(' ')}]` : '[edit]', `  '${e.statement}'`, `    ${e.message}`);
  }
  const mandatory = errors.some((e) => e.mandatory) ? ': (missing mandatory statements)' : '';
  lines.push(verb === 'check' ? `error: configuration check-out failed${mandatory}` : `error: commit failed${mandatory || ': (statements constraint check failed)'}`);
  return lines.join('\n') + '\n';
}
