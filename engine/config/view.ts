// The typed view of a configuration that the engine applies: inactive statements dropped,
// defaults filled in, numbers as numbers, flags as true, secrets decoded, lists as arrays
// in configuration order.
import type { Decl, ValueType } from './schema/types.ts';
import { decodeJunos9 } from './secret/junos9.ts';
import type { Interior, Item } from './tree.ts';

export type ConfigValue = string | number | boolean | string[] | ConfigObject | ConfigObject[];
export interface ConfigObject {
  [statement: string]: ConfigValue | undefined;
}

function typed(t: ValueType, v: string): string | number {
  if (t.kind === 'uint') return Number(v);
  if (t.kind === 'secret' && t.encoding === 'junos9') return decodeJunos9(v) ?? v;
  return v;
}

function itemValue(item: Item): ConfigValue | undefined {
  switch (item.kind) {
    case 'container':
      return interiorView(item);
    case 'list':
      return [...item.entries.values()].filter((e) => !e.inactive).map((e) => interiorView(e));
    case 'leaf':
      return typed(item.decl.type, item.value);
    case 'leaf-list':
      return item.values.map((v) => String(typed(item.decl.type, v)));
    case 'flag':
      return true;
  }
}

function defaultOf(d: Decl): ConfigValue | undefined {
  return d.kind === 'leaf' && d.default !== undefined ? typed(d.type, d.default) : undefined;
}

export function interiorView(node: Interior): ConfigObject {
  const out: ConfigObject = {};
  if (node.kind === 'entry') {
    node.decl.keys.forEach((k, i) => (out[k.name] = typed(k.type, node.keys[i]!)));
  }
  for (const d of node.decl.children) {
    const item = node.children.get(d.name);
    const value = item && (item.kind === 'list' || !item.inactive) ? itemValue(item) : defaultOf(d);
    if (value !== undefined) out[d.name] = value;
  }
  return out;
}

/** A list statement of the view as its entries ([] when absent). */
export const objects = (v: unknown): ConfigObject[] => (Array.isArray(v) ? (v as ConfigObject[]) : []);

/** A container statement of the view ({} when absent). */
export const object = (v: unknown): ConfigObject => (v && typeof v === 'object' && !Array.isArray(v) ? (v as ConfigObject) : {});
