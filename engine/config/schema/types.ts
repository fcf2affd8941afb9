// Declarations of the configuration hierarchy. Everything else — path parsing, completion,
// rendering, loading, validation and the typed view — is derived from these (DESIGN.md).

export type ValueType =
  | { kind: 'string'; pattern?: RegExp; patternMessage?: string; maxLength?: number }
  | { kind: 'enum'; values: readonly EnumValue[] }
  | { kind: 'uint'; min: number; max: number }
  | { kind: 'ipv4-address' }
  | { kind: 'ipv4-prefix'; host?: 'allowed' | 'forbidden' }
  | { kind: 'interface-unit' }
  | { kind: 'interface-device' }
  | { kind: 'secret'; encoding: 'junos9' | 'crypt' }
  | { kind: 'union'; of: readonly ValueType[]; description: string };

export interface EnumValue {
  name: string;
  help: string;
}

/** A reference to a named object elsewhere in the configuration, checked at commit. */
export interface Reference {
  /** Absolute schema path of the list whose keys are valid values, e.g. ['security','ike','policy']. */
  list: readonly string[];
  /** A second list whose keys are valid too (application sets next to applications). */
  alsoList?: readonly string[];
  message: string;
  /** Values that need no definition (e.g. the predefined `any` address). */
  builtins?: readonly string[];
}

interface DeclBase {
  name: string;
  help: string;
  /** Members of one choice group exclude each other: setting one deletes the others. */
  choice?: string;
  mandatory?: boolean;
}

export interface LeafDecl extends DeclBase {
  kind: 'leaf';
  type: ValueType;
  default?: string;
  ref?: Reference;
  /** Written without its keyword right after a list key (`address host1 2.2.2.1/32;`). */
  positional?: boolean;
}

/** A valueless leaf: `any-service;`, `always-send;`. */
export interface FlagDecl extends DeclBase {
  kind: 'flag';
}

export interface LeafListDecl extends DeclBase {
  kind: 'leaf-list';
  type: ValueType;
  ref?: Reference;
  maxElements?: number;
}

export interface ContainerDecl extends DeclBase {
  kind: 'container';
  children: readonly Decl[];
  /** A presence container means something even when empty (`ssh;`). */
  presence?: boolean;
  /** Printed on one line when its only content is one leaf (`pre-shared-key ascii-text "...";`). */
  oneliner?: boolean;
  /** Printed on one line whenever all its content is leaves (`file kmd size 1m files 3;`). */
  inline?: boolean;
  /** Merged with a sole child container into one header (`family inet {`). */
  flatten?: boolean;
}

export interface KeyDecl {
  name: string;
  type: ValueType;
  help: string;
  ref?: Reference;
  /** Element name in XML and JSON when it is not the key's name (`from-zone-name`). */
  xmlName?: string;
}

export interface ListDecl extends DeclBase {
  kind: 'list';
  /** The first key follows the list keyword; further keys are written `keyword value`. */
  keys: readonly [KeyDecl, ...KeyDecl[]];
  children: readonly Decl[];
  /**
   * keyword:   `proposal p1 { ... }`, each entry under its own keyword.
   * block:     `interfaces { ge-0/0/0.0; st0.0; }`, entries grouped under one keyword.
   * nokeyword: `ge-1/0/1 { ... }`, the key alone names the entry (path `interfaces ge-1/0/1`).
   */
  style: 'keyword' | 'block' | 'nokeyword';
  oneliner?: boolean;
  /** User-ordered lists honour `insert`; the others keep insertion order too. */
  orderedByUser?: boolean;
  maxElements?: number;
  /** Element name of each entry in XML and JSON when it is not the list's name. */
  xmlName?: string;
}

export type Decl = LeafDecl | FlagDecl | LeafListDecl | ContainerDecl | ListDecl;
export type InteriorDecl = ContainerDecl | ListDecl;

export function isInterior(d: Decl): d is InteriorDecl {
  return d.kind === 'container' || d.kind === 'list';
}

// Builders keep the declaration files terse.
export const leaf = (name: string, type: ValueType, help: string, extra: Partial<LeafDecl> = {}): LeafDecl => ({
  kind: 'leaf', name, type, help, ...extra,
});
export const flag = (name: string, help: string, extra: Partial<FlagDecl> = {}): FlagDecl => ({ kind: 'flag', name, help, ...extra });
export const leafList = (name: string, type: ValueType, help: string, extra: Partial<LeafListDecl> = {}): LeafListDecl => ({
  kind: 'leaf-list', name, type, help, ...extra,
});
export const container = (name: string, help: string, children: readonly Decl[], extra: Partial<ContainerDecl> = {}): ContainerDecl => ({
  kind: 'container', name, help, children, ...extra,
});
export const list = (
  name: string,
  help: string,
  keys: readonly [KeyDecl, ...KeyDecl[]],
  children: readonly Decl[],
  extra: Partial<ListDecl> = {},
): ListDecl => ({ kind: 'list', name, help, keys, children, style: 'keyword', ...extra });

export const enumOf = (...values: (string | [string, string])[]): ValueType => ({
  kind: 'enum',
  values: values.map((v) => (typeof v === 'string' ? { name: v, help: '' } : { name: v[0], help: v[1] })),
});
export const uint = (min: number, max: number): ValueType => ({ kind: 'uint', min, max });
export const str = (extra: Omit<Extract<ValueType, { kind: 'string' }>, 'kind'> = {}): ValueType => ({ kind: 'string', ...extra });
export const key = (name: string, type: ValueType, help: string, ref?: Reference): KeyDecl => (ref ? { name, type, help, ref } : { name, type, help });
