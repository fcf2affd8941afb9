// Resolves a statement path (`security ike proposal p1 dh-group group2`) against the schema:
// keyword abbreviation, list keys, positional and inline leaves, leaf-list brackets.
import type { Decl, FlagDecl, InteriorDecl, LeafDecl, LeafListDecl, ListDecl } from './schema/types.ts';
import { parseValue } from './value-type.ts';

export interface Step {
  decl: InteriorDecl;
  /** List entry keys; empty for a container. */
  keys: string[];
}

export interface Assignment {
  decl: LeafDecl | LeafListDecl | FlagDecl;
  /** Empty when the path only names the leaf (delete, show). */
  values: string[];
  /** How many of the resolved steps lead to the leaf's node (one line may set leaves at several levels). */
  depth: number;
}

export interface Resolved {
  /** Interior nodes from the root, outermost first. */
  steps: Step[];
  assignments: Assignment[];
  /** Set when the path ends at a list keyword without a key (`delete security ike proposal`). */
  list?: ListDecl;
}

export interface PathError {
  /** Index of the offending token (tokens.length when one is missing). */
  token: number;
  message: string;
  /** Candidates for an ambiguous keyword. */
  ambiguous?: { name: string; help: string }[];
  /** What was expected where the words ran out, for completion and `?`. */
  expecting?: Expectation;
}

export type Expectation =
  | { kind: 'keyword'; name: string; help: string }
  | { kind: 'key'; list: ListDecl; index: number }
  | { kind: 'value'; decl: LeafDecl | LeafListDecl };

export type PathResult = { ok: true; value: Resolved } | { ok: false; error: PathError };

/** `r` as seen from the node at `level`: its steps and leaf depths follow `level`'s. */
export function underLevel(level: readonly Step[], r: Resolved): Resolved {
  const out: Resolved = { steps: [...level, ...r.steps], assignments: r.assignments.map((a) => ({ ...a, depth: a.depth + level.length })) };
  return r.list ? { ...out, list: r.list } : out;
}

/** 'set' needs values for leaves; 'path' accepts a bare leaf name and an optional value. */
export type PathMode = 'set' | 'path';

export type KeywordMatch =
  | { kind: 'hit'; decl: Decl }
  | { kind: 'ambiguous'; candidates: Decl[] }
  | { kind: 'none' };

/** The keyword-addressed children of an interior declaration. */
export function keywordChildren(decl: InteriorDecl): Decl[] {
  return decl.children.filter((d) => !(d.kind === 'list' && d.style === 'nokeyword') && !(d.kind === 'leaf' && d.positional));
}

export function matchKeyword(decl: InteriorDecl, word: string): KeywordMatch {
  const kids = keywordChildren(decl);
  const exact = kids.find((d) => d.name === word);
  if (exact) return { kind: 'hit', decl: exact };
  const hits = kids.filter((d) => d.name.startsWith(word));
  if (hits.length === 1) return { kind: 'hit', decl: hits[0]! };
  if (hits.length > 1) return { kind: 'ambiguous', candidates: hits };
  return { kind: 'none' };
}

const fail = (token: number, message: string, extra: Pick<PathError, 'ambiguous' | 'expecting'> = {}): PathResult => ({
  ok: false,
  error: { token, message, ...extra },
});

/**
 * Walks `tokens` from `root`. `quoted[i]` marks tokens the user quoted: they are never
 * taken as keywords or brackets.
 */
export function resolvePath(root: InteriorDecl, tokens: readonly string[], mode: PathMode, quoted: readonly boolean[] = []): PathResult {
  const steps: Step[] = [];
  const assignments: Assignment[] = [];
  let at: InteriorDecl = root;
  let i = 0;

  const readKeys = (list: ListDecl): PathResult | string[] => {
    const keys: string[] = [];
    for (const [k, kd] of list.keys.entries()) {
      if (k > 0) {
        if (i >= tokens.length) return mode === 'set' || keys.length > 0 ? fail(i, `syntax error, expecting '${kd.name}'.`, { expecting: { kind: 'keyword', name: kd.name, help: kd.help } }) : keys;
        if (tokens[i] !== kd.name && !(kd.name.startsWith(tokens[i]!) && !quoted[i])) return fail(i, `syntax error, expecting '${kd.name}'.`);
        i++;
      }
      if (i >= tokens.length) return fail(i, 'missing argument.', { expecting: { kind: 'key', list, index: k } });
      const v = parseValue(kd.type, tokens[i]!);
      if (!v.ok) return fail(i, v.message);
      keys.push(v.value);
      i++;
    }
    return keys;
  };

  const readValues = (decl: LeafDecl | LeafListDecl): PathResult | string[] => {
    if (i >= tokens.length) return mode === 'set' ? fail(i, 'missing argument.', { expecting: { kind: 'value', decl } }) : [];
    const raw: string[] = [];
    if (decl.kind === 'leaf-list' && tokens[i] === '[' && !quoted[i]) {
      i++;
      while (i < tokens.length && !(tokens[i] === ']' && !quoted[i])) raw.push(tokens[i++]!);
      if (i >= tokens.length) return fail(i, "syntax error, expecting ']'.");
      i++;
      if (raw.length === 0) return fail(i - 1, 'missing argument.');
    } else {
      raw.push(tokens[i++]!);
    }
    const values: string[] = [];
    for (const [n, text] of raw.entries()) {
      const v = parseValue(decl.type, text);
      if (!v.ok) return fail(i - raw.length + n - (raw.length > 1 || tokens[i - 1] === ']' ? 1 : 0), v.message);
      values.push(v.value);
    }
    return values;
  };

  while (i < tokens.length) {
    const word = tokens[i]!;
    const m: KeywordMatch = quoted[i] ? { kind: 'none' } : matchKeyword(at, word);
    if (m.kind === 'ambiguous') return fail(i, `'${word}' is ambiguous.`, { ambiguous: m.candidates.map((d) => ({ name: d.name, help: d.help })) });
    let decl: Decl | undefined;
    if (m.kind === 'hit') {
      decl = m.decl;
      i++;
    } else {
      decl = at.children.find((d) => (d.kind === 'list' && d.style === 'nokeyword') || (d.kind === 'leaf' && d.positional));
      if (!decl) return fail(i, 'syntax error.');
    }

    switch (decl.kind) {
      case 'container':
        steps.push({ decl, keys: [] });
        at = decl;
        continue;
      case 'list': {
        if (i >= tokens.length && mode === 'path') return { ok: true, value: { steps, assignments, list: decl } };
        const keys = readKeys(decl);
        if (!Array.isArray(keys)) return keys;
        steps.push({ decl, keys });
        at = decl;
        continue;
      }
      case 'flag':
        assignments.push({ decl, values: [], depth: steps.length });
        break;
      case 'leaf':
      case 'leaf-list': {
        const values = readValues(decl);
        if (!Array.isArray(values)) return values;
        assignments.push({ decl, values, depth: steps.length });
        break;
      }
    }
  }
  if (mode === 'set' && assignments.length === 0 && steps.length === 0) return fail(i, 'syntax error, expecting <statement>.');
  return { ok: true, value: { steps, assignments } };
}
