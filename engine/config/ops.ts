// Edits of a configuration tree: the effect of set, delete, activate/deactivate, annotate,
// rename, copy and insert once their paths are resolved.
import type { Assignment, Resolved, Step } from './path.ts';
import type { Decl } from './schema/types.ts';
import { entryId, isEmpty, newContainer, newEntry, type ContainerItem, type EntryItem, type Interior, type ListItem, type Statement } from './tree.ts';

export type OpResult = { ok: true } | { ok: false; message: string };
const ok: OpResult = { ok: true };

/** Turns a value the user typed into the value stored (secrets get encoded here). */
export type ValueEncoder = (decl: Assignment['decl'], value: string) => { ok: true; value: string } | { ok: false; message: string };

/** Removes the siblings that share `decl`'s choice group. */
function clearChoice(node: Interior, decl: Decl): void {
  if (!decl.choice) return;
  for (const other of node.decl.children) {
    if (other !== decl && other.choice === decl.choice) node.children.delete(other.name);
  }
}

function childInterior(node: Interior, step: Step, create: boolean): Interior | undefined {
  const decl = step.decl;
  if (decl.kind === 'container') {
    let c = node.children.get(decl.name) as ContainerItem | undefined;
    if (!c && create) {
      clearChoice(node, decl);
      c = newContainer(decl);
      node.children.set(decl.name, c);
    }
    return c;
  }
  let l = node.children.get(decl.name) as ListItem | undefined;
  if (!l) {
    if (!create) return undefined;
    clearChoice(node, decl);
    l = { kind: 'list', decl, entries: new Map() };
    node.children.set(decl.name, l);
  }
  const id = entryId(step.keys);
  let e = l.entries.get(id);
  if (!e && create) {
    e = newEntry(decl, [...step.keys]);
    l.entries.set(id, e);
  }
  return e;
}

/** The interior nodes along `steps`, root first; undefined if one is missing and not created. */
export function walk(root: ContainerItem, steps: readonly Step[], create: boolean): Interior[] | undefined {
  const chain: Interior[] = [root];
  for (const step of steps) {
    const next = childInterior(chain[chain.length - 1]!, step, create);
    if (!next) return undefined;
    chain.push(next);
  }
  return chain;
}

/** Checks everything first, so that a failed set leaves the tree untouched. */
export function applySet(root: ContainerItem, r: Resolved, encode: ValueEncoder): OpResult {
  const encoded: string[][] = [];
  for (const a of r.assignments) {
    const values: string[] = [];
    for (const v of a.values) {
      const enc = encode(a.decl, v);
      if (!enc.ok) return enc;
      values.push(enc.value);
    }
    encoded.push(values);
  }
  const existing = walk(root, r.steps, false);
  for (const [k, a] of r.assignments.entries()) {
    if (a.decl.kind !== 'leaf-list' || a.decl.maxElements === undefined) continue;
    const item = existing?.[a.depth]?.children.get(a.decl.name);
    const merged = new Set([...(item?.kind === 'leaf-list' ? item.values : []), ...encoded[k]!]);
    if (merged.size > a.decl.maxElements) return { ok: false, message: `Number of elements exceeds limit (${a.decl.maxElements})` };
  }
  const chain = walk(root, r.steps, true)!;
  r.assignments.forEach((a, k) => {
    const node = chain[a.depth]!;
    const values = encoded[k]!;
    clearChoice(node, a.decl);
    const existing = node.children.get(a.decl.name);
    switch (a.decl.kind) {
      case 'flag':
        if (!existing) node.children.set(a.decl.name, { kind: 'flag', decl: a.decl });
        break;
      case 'leaf':
        if (existing?.kind === 'leaf') existing.value = values[0]!;
        else node.children.set(a.decl.name, { kind: 'leaf', decl: a.decl, value: values[0]! });
        break;
      case 'leaf-list': {
        const item = existing?.kind === 'leaf-list' ? existing : { kind: 'leaf-list' as const, decl: a.decl, values: [] as string[] };
        for (const v of values) if (!item.values.includes(v)) item.values.push(v);
        node.children.set(a.decl.name, item);
        break;
      }
    }
  });
  return ok;
}

/** Drops non-presence containers left empty by a deletion, innermost first. */
function prune(chain: Interior[]): void {
  for (let k = chain.length - 1; k > 0; k--) {
    const n = chain[k]!;
    if (n.kind !== 'container' || n.decl.presence || !isEmpty(n)) return;
    chain[k - 1]!.children.delete(n.decl.name);
  }
}

function removeInterior(parent: Interior, node: Interior): void {
  if (node.kind === 'container') {
    parent.children.delete(node.decl.name);
    return;
  }
  const l = parent.children.get(node.decl.name) as ListItem;
  l.entries.delete(entryId(node.keys));
  if (l.entries.size === 0) parent.children.delete(node.decl.name);
}

export function applyDelete(root: ContainerItem, r: Resolved): OpResult {
  const chain = walk(root, r.steps, false);
  const notFound: OpResult = { ok: false, message: 'warning: statement not found' };
  if (!chain) return notFound;
  const node = chain[chain.length - 1]!;
  if (r.list) {
    if (!node.children.delete(r.list.name)) return notFound;
  } else if (r.assignments.length > 0) {
    if (r.assignments.some((a) => !chain[a.depth]!.children.has(a.decl.name))) return notFound;
    for (const a of r.assignments) {
      const holder = chain[a.depth]!;
      const item = holder.children.get(a.decl.name)!;
      if (item.kind === 'leaf-list' && a.values.length > 0) {
        item.values = item.values.filter((v) => !a.values.includes(v));
        if (item.values.length === 0) holder.children.delete(a.decl.name);
      } else {
        holder.children.delete(a.decl.name);
      }
    }
  } else if (chain.length > 1) {
    removeInterior(chain[chain.length - 2]!, node);
    chain.pop();
  } else {
    node.children.clear();
  }
  prune(chain);
  return ok;
}

/** The statement a path names, for activate/deactivate/annotate. */
export function findStatement(root: ContainerItem, r: Resolved): Statement | undefined {
  if (r.list) return undefined;
  const chain = walk(root, r.steps, false);
  if (!chain) return undefined;
  const first = r.assignments[0];
  if (!first) return chain.length > 1 ? chain[chain.length - 1] : undefined;
  const item = chain[first.depth]!.children.get(first.decl.name);
  return item && item.kind !== 'list' ? item : undefined;
}

export function setInactive(root: ContainerItem, r: Resolved, inactive: boolean): OpResult {
  const s = findStatement(root, r);
  if (!s) return { ok: false, message: 'warning: statement not found' };
  if (inactive) s.inactive = true;
  else delete s.inactive;
  return ok;
}

export function setAnnotation(root: ContainerItem, r: Resolved, text: string): OpResult {
  const s = findStatement(root, r);
  if (!s) return { ok: false, message: 'warning: statement not found' };
  if (text === '') delete s.annotation;
  else s.annotation = text;
  return ok;
}

function entryAt(root: ContainerItem, r: Resolved): { parent: Interior; list: ListItem; entry: EntryItem } | undefined {
  if (r.list || r.assignments.length > 0 || r.steps.length === 0) return undefined;
  const last = r.steps[r.steps.length - 1]!;
  if (last.decl.kind !== 'list') return undefined;
  const chain = walk(root, r.steps, false);
  if (!chain) return undefined;
  const parent = chain[chain.length - 2]!;
  return { parent, list: parent.children.get(last.decl.name) as ListItem, entry: chain[chain.length - 1] as EntryItem };
}

/** Rebuilds a list's entry map with `entry` placed by `place` (which returns the new order). */
function reorder(list: ListItem, order: EntryItem[]): void {
  list.entries = new Map(order.map((e) => [entryId(e.keys), e]));
}

export function renameEntry(root: ContainerItem, r: Resolved, newKeys: string[]): OpResult {
  const at = entryAt(root, r);
  if (!at) return { ok: false, message: 'error: statement not found' };
  if (at.list.entries.has(entryId(newKeys))) return { ok: false, message: 'error: target statement already exists' };
  const order = [...at.list.entries.values()];
  at.entry.keys = newKeys;
  reorder(at.list, order);
  return ok;
}

export function copyEntry(root: ContainerItem, r: Resolved, newKeys: string[], clone: (e: EntryItem) => EntryItem): OpResult {
  const at = entryAt(root, r);
  if (!at) return { ok: false, message: 'error: statement not found' };
  if (at.list.entries.has(entryId(newKeys))) return { ok: false, message: 'error: target statement already exists' };
  const copy = clone(at.entry);
  copy.keys = newKeys;
  at.list.entries.set(entryId(newKeys), copy);
  return ok;
}

export function insertEntry(root: ContainerItem, r: Resolved, where: 'before' | 'after', refKeys: string[]): OpResult {
  const at = entryAt(root, r);
  if (!at) return { ok: false, message: 'error: statement not found' };
  const ref = at.list.entries.get(entryId(refKeys));
  if (!ref) return { ok: false, message: 'error: referenced statement not found' };
  if (ref === at.entry) return ok;
  const order = [...at.list.entries.values()].filter((e) => e !== at.entry);
  order.splice(order.indexOf(ref) + (where === 'after' ? 1 : 0), 0, at.entry);
  reorder(at.list, order);
  return ok;
}

