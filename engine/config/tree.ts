// The configuration data tree: instances of the schema's declarations.
import type { ContainerDecl, FlagDecl, LeafDecl, LeafListDecl, ListDecl } from './schema/types.ts';

export interface Meta {
  inactive?: boolean;
  annotation?: string;
}

export interface ContainerItem extends Meta {
  kind: 'container';
  decl: ContainerDecl;
  children: Map<string, Item>;
}

export interface EntryItem extends Meta {
  kind: 'entry';
  decl: ListDecl;
  keys: string[];
  children: Map<string, Item>;
}

export interface ListItem {
  kind: 'list';
  decl: ListDecl;
  entries: Map<string, EntryItem>;
}

export interface LeafItem extends Meta {
  kind: 'leaf';
  decl: LeafDecl;
  value: string;
}

export interface LeafListItem extends Meta {
  kind: 'leaf-list';
  decl: LeafListDecl;
  values: string[];
}

export interface FlagItem extends Meta {
  kind: 'flag';
  decl: FlagDecl;
}

export type Interior = ContainerItem | EntryItem;
export type Item = ContainerItem | ListItem | LeafItem | LeafListItem | FlagItem;
/** Anything that can be deactivated or annotated. */
export type Statement = Exclude<Item, ListItem> | EntryItem;

export const entryId = (keys: readonly string[]): string => keys.join('\u0000');

export function newContainer(decl: ContainerDecl): ContainerItem {
  return { kind: 'container', decl, children: new Map() };
}

export function newEntry(decl: ListDecl, keys: string[]): EntryItem {
  return { kind: 'entry', decl, keys, children: new Map() };
}

function copyMeta<T extends Meta>(from: Meta, to: T): T {
  if (from.inactive) to.inactive = true;
  if (from.annotation !== undefined) to.annotation = from.annotation;
  return to;
}

function cloneChildren(children: Map<string, Item>): Map<string, Item> {
  const out = new Map<string, Item>();
  for (const [name, item] of children) out.set(name, cloneItem(item));
  return out;
}

export function cloneInterior<T extends Interior>(node: T): T {
  const copy: Interior =
    node.kind === 'container'
      ? { kind: 'container', decl: node.decl, children: cloneChildren(node.children) }
      : { kind: 'entry', decl: node.decl, keys: [...node.keys], children: cloneChildren(node.children) };
  return copyMeta(node, copy) as T;
}

export function cloneItem(item: Item): Item {
  switch (item.kind) {
    case 'container':
      return cloneInterior(item);
    case 'list': {
      const entries = new Map<string, EntryItem>();
      for (const [id, e] of item.entries) entries.set(id, cloneInterior(e));
      return { kind: 'list', decl: item.decl, entries };
    }
    case 'leaf':
      return copyMeta<LeafItem>(item, { kind: 'leaf', decl: item.decl, value: item.value });
    case 'leaf-list':
      return copyMeta<LeafListItem>(item, { kind: 'leaf-list', decl: item.decl, values: [...item.values] });
    case 'flag':
      return copyMeta<FlagItem>(item, { kind: 'flag', decl: item.decl });
  }
}

/** True when the node carries no configuration (and so is not displayed unless it is a presence container). */
export function isEmpty(node: Interior): boolean {
  for (const item of node.children.values()) {
    if (item.kind === 'list' ? item.entries.size > 0 : true) return false;
  }
  return true;
}

