// A candidate configuration and the edits config mode makes to it. Every edit either
// succeeds completely or leaves the tree untouched: the operations in ops.ts check before
// they change anything, and a load works on a copy that replaces the tree only on success.
import { resolvePath, underLevel, type PathError, type Resolved, type Step } from './path.ts';
import { applyDelete, applySet, copyEntry, insertEntry, renameEntry, setAnnotation, setInactive, walk, type OpResult, type ValueEncoder } from './ops.ts';
import { loadCurly, type LoadError } from './load-curly.ts';
import { renderCurly } from './render-curly.ts';
import { cloneInterior, type ContainerItem, type Interior } from './tree.ts';
import { lex } from './tokens.ts';

export interface Word {
  text: string;
  quoted?: boolean;
}

export type EditResult =
  | { ok: true; warning?: string }
  | { ok: false; error: PathError | { token?: undefined; message: string } };

export type LoadMode = 'merge' | 'override' | 'replace' | 'set';
export type LoadOutcome = { ok: true } | { ok: false; errors: LoadError[] };

const texts = (w: readonly Word[]) => w.map((x) => x.text);
const quotes = (w: readonly Word[]) => w.map((x) => x.quoted === true);

export class Candidate {
  constructor(
    public tree: ContainerItem,
    private readonly encode: ValueEncoder,
    /** For a private candidate: the committed configuration it started from. */
    public base?: ContainerItem,
  ) {}

  /** Resolves `words` relative to the edit level `level`. */
  resolve(level: readonly Step[], words: readonly Word[], mode: 'set' | 'path'): { ok: true; value: Resolved } | { ok: false; error: PathError } {
    const base = level.length ? level[level.length - 1]!.decl : this.tree.decl;
    const r = resolvePath(base, texts(words), mode, quotes(words));
    if (!r.ok) return r;
    return { ok: true, value: underLevel(level, r.value) };
  }

  private mutate(op: (tree: ContainerItem) => OpResult): EditResult {
    const r = op(this.tree);
    if (!r.ok) return r.message.startsWith('warning:') ? { ok: true, warning: r.message } : { ok: false, error: { message: r.message } };
    return { ok: true };
  }

  set(level: readonly Step[], words: readonly Word[]): EditResult {
    const r = this.resolve(level, words, 'set');
    if (!r.ok) return r;
    return this.mutate((t) => applySet(t, r.value, this.encode));
  }

  delete(level: readonly Step[], words: readonly Word[]): EditResult {
    const r = this.resolve(level, words, 'path');
    if (!r.ok) return r;
    if (r.value.steps.length === 0 && r.value.assignments.length === 0 && !r.value.list) {
      return this.mutate((t) => (t.children.clear(), { ok: true }));
    }
    return this.mutate((t) => applyDelete(t, r.value));
  }

  activate(level: readonly Step[], words: readonly Word[], inactive: boolean): EditResult {
    const r = this.resolve(level, words, 'path');
    if (!r.ok) return r;
    return this.mutate((t) => setInactive(t, r.value, inactive));
  }

  annotate(level: readonly Step[], words: readonly Word[], comment: string): EditResult {
    const r = this.resolve(level, words, 'path');
    if (!r.ok) return r;
    return this.mutate((t) => setAnnotation(t, r.value, comment));
  }

  /** `rename A to B`, `copy A to B`: B repeats A's list keyword or gives the new key alone. */
  renameOrCopy(level: readonly Step[], words: readonly Word[], kind: 'rename' | 'copy'): EditResult {
    const to = words.findIndex((w) => w.text === 'to' && !w.quoted);
    if (to < 1 || to === words.length - 1) return { ok: false, error: { token: to < 1 ? words.length : to + 1, message: "syntax error, expecting 'to'." } };
    const r = this.resolve(level, words.slice(0, to), 'path');
    if (!r.ok) return r;
    const last = r.value.steps[r.value.steps.length - 1];
    if (!last || last.decl.kind !== 'list' || r.value.assignments.length || r.value.list) return { ok: false, error: { token: 0, message: 'syntax error.' } };
    const target = words.slice(to + 1).map((w) => w.text);
    const newKeys = target[0] === last.decl.name && last.decl.style !== 'nokeyword' ? target.slice(1) : target;
    if (newKeys.length !== last.decl.keys.length) return { ok: false, error: { token: words.length, message: 'syntax error.' } };
    if (kind === 'rename') return this.mutate((t) => renameEntry(t, r.value, newKeys));
    return this.mutate((t) => copyEntry(t, r.value, newKeys, cloneInterior));
  }

  /** `insert A before|after B`, B given as the keyword and key or the key alone. */
  insert(level: readonly Step[], words: readonly Word[]): EditResult {
    const at = words.findIndex((w) => (w.text === 'before' || w.text === 'after') && !w.quoted);
    if (at < 1) return { ok: false, error: { token: words.length, message: "syntax error, expecting 'before' or 'after'." } };
    const r = this.resolve(level, words.slice(0, at), 'path');
    if (!r.ok) return r;
    const last = r.value.steps[r.value.steps.length - 1];
    if (!last || last.decl.kind !== 'list') return { ok: false, error: { token: 0, message: 'syntax error.' } };
    const ref = words.slice(at + 1).map((w) => w.text);
    const refKeys = ref[0] === last.decl.name ? ref.slice(1) : ref;
    return this.mutate((t) => insertEntry(t, r.value, words[at]!.text as 'before' | 'after', refKeys));
  }

  /** The edit level a path names (`edit security ike`); it must end at a container or entry. */
  level(level: readonly Step[], words: readonly Word[]): { ok: true; steps: Step[] } | { ok: false; error: PathError } {
    const r = this.resolve(level, words, 'path');
    if (!r.ok) return r;
    if (r.value.assignments.length || r.value.list) {
      return { ok: false, error: { token: words.length, message: r.value.list ? 'missing argument.' : 'syntax error.' } };
    }
    return { ok: true, steps: r.value.steps };
  }

  /** The node at `steps`, if it exists. */
  node(steps: readonly Step[]): Interior | undefined {
    return walk(this.tree, steps, false)?.at(-1);
  }

  show(steps: readonly Step[]): string {
    const n = this.node(steps);
    return n ? renderCurly(n) : '';
  }

  /** `load merge|override|replace terminal` (curly text) and `load set` (set commands). */
  load(mode: LoadMode, text: string, level: readonly Step[] = []): LoadOutcome {
    const base = mode === 'override' ? { ...this.tree, children: new Map() } : cloneInterior(this.tree);
    const scratch = new Candidate(base, this.encode);
    const r = mode === 'set' ? scratch.loadSet(text, level) : loadCurly(scratch.tree, text, this.encode, [...level]);
    if (r.ok) this.tree = scratch.tree;
    return r;
  }

  private loadSet(text: string, level: readonly Step[]): LoadOutcome {
    const errors: LoadError[] = [];
    text.split('\n').forEach((raw, n) => {
      if (errors.length) return;
      const lexed = lex(raw, false);
      if (!lexed.ok) return void errors.push({ line: n + 1, col: lexed.col, message: lexed.message });
      const toks = lexed.tokens;
      if (toks.length === 0 || raw.trim().startsWith('#')) return;
      const verb = toks[0]!.text;
      const words = toks.slice(1).map((t) => ({ text: t.text, quoted: t.quoted }));
      const run = SET_VERBS.get(verb);
      if (!run) return void errors.push({ line: n + 1, col: toks[0]!.col, message: 'syntax error', near: verb });
      const r = run(this, level, words);
      if (!r.ok) {
        const bad = r.error.token === undefined ? undefined : toks[r.error.token + 1];
        errors.push({ line: n + 1, col: bad?.col ?? raw.length, message: r.error.message.replace(/\.$/, ''), ...(bad ? { near: bad.text } : {}) });
      }
    });
    return errors.length ? { ok: false, errors } : { ok: true };
  }
}

type SetVerb = (c: Candidate, level: readonly Step[], words: readonly Word[]) => EditResult;

/** The configuration-mode verbs a set-format file may use (a Map: any word may be looked up). */
const SET_VERBS = new Map<string, SetVerb>([
  ['set', (c, l, w) => c.set(l, w)],
  ['delete', (c, l, w) => c.delete(l, w)],
  ['deactivate', (c, l, w) => c.activate(l, w, true)],
  ['activate', (c, l, w) => c.activate(l, w, false)],
  ['rename', (c, l, w) => c.renameOrCopy(l, w, 'rename')],
  ['copy', (c, l, w) => c.renameOrCopy(l, w, 'copy')],
  ['insert', (c, l, w) => c.insert(l, w)],
]);
