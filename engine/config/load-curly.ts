// Loads the curly-brace format into a configuration tree. Each statement is resolved with the
// same path walker as `set`, relative to the enclosing block.
import { resolvePath, underLevel, type Resolved, type Step } from './path.ts';
import { applyDelete, applySet, findStatement, walk, type ValueEncoder } from './ops.ts';
import type { InteriorDecl, ListDecl } from './schema/types.ts';
import { lex, type Token } from './tokens.ts';
import { TAGS } from './quoting.ts';
import type { ContainerItem } from './tree.ts';

export interface LoadError {
  line: number;
  col: number;
  message: string;
  /** The offending word, when there is one. */
  near?: string;
}

export type LoadResult = { ok: true } | { ok: false; errors: LoadError[] };

interface Frame {
  steps: Step[];
  decl: InteriorDecl;
  /** Inside `system-services { ... }`: statements are keys of this list. */
  block?: ListDecl;
}


/**
 * Applies `text` to `root` in place, relative to the node at `base` (the caller works on a copy and keeps it only when the
 * result is ok). `replace:` tags replace the tagged statement instead of merging into it.
 */
export function loadCurly(root: ContainerItem, text: string, encode: ValueEncoder, base: Step[] = []): LoadResult {
  const lexed = lex(text, true);
  if (!lexed.ok) return { ok: false, errors: [{ line: lexed.line, col: lexed.col, message: lexed.message }] };
  const { tokens, comments } = lexed;
  const errors: LoadError[] = [];
  const stack: Frame[] = [{ steps: base, decl: base.length ? base[base.length - 1]!.decl : root.decl }];
  let i = 0;

  const errorAt = (t: Token | undefined, message: string): void => {
    const last = tokens[tokens.length - 1];
    errors.push(t ? { line: t.line, col: t.col, message, near: t.text } : { line: last?.line ?? 1, col: last?.col ?? 0, message });
  };

  while (i < tokens.length && errors.length === 0) {
    const first = tokens[i]!;
    if (first.punct && first.text === '}') {
      if (stack.length === 1) errorAt(first, 'syntax error');
      stack.pop();
      i++;
      continue;
    }
    const annotation = comments.get(i);
    const tags = new Set<string>();
    while (i < tokens.length && !tokens[i]!.quoted && TAGS.includes(tokens[i]!.text)) tags.add(tokens[i++]!.text);
    const words: Token[] = [];
    while (i < tokens.length && !(tokens[i]!.punct && '{};'.includes(tokens[i]!.text))) words.push(tokens[i++]!);
    const end = tokens[i];
    if (!end) {
      errorAt(words[words.length - 1] ?? first, "syntax error, expecting ';' or '{'");
      break;
    }
    if (end.text === '}') {
      errorAt(end, "syntax error, expecting ';' or '{'");
      break;
    }
    i++;
    if (words.length === 0) {
      errorAt(end, 'syntax error');
      break;
    }
    const frame = stack[stack.length - 1]!;
    const texts = words.map((w) => w.text);
    const quoted = words.map((w) => w.quoted);
    const path = frame.block ? [frame.block.name, ...texts] : texts;
    const pathQuoted = frame.block ? [false, ...quoted] : quoted;
    const offset = frame.block ? 1 : 0;

    // `system-services {` opens a block of keys rather than a node.
    if (end.text === '{' && !frame.block) {
      const asList = resolvePath(frame.decl, texts, 'path', quoted);
      if (asList.ok && asList.value.list?.style === 'block') {
        stack.push({ steps: [...frame.steps, ...asList.value.steps], decl: stepDecl(frame, asList.value), block: asList.value.list });
        continue;
      }
    }
    const res = resolvePath(frame.decl, path, 'set', pathQuoted);
    if (!res.ok) {
      errorAt(words[res.error.token - offset] ?? end, res.error.message.replace(/\.$/, ''));
      break;
    }
    const r = res.value;
    if (end.text === '{' && r.assignments.length > 0) {
      errorAt(end, "syntax error, expecting ';'");
      break;
    }
    const full = underLevel(frame.steps, r);
    if (tags.has('replace:')) applyDelete(root, full.assignments.length ? full : { steps: full.steps, assignments: [] });
    const applied = applySet(root, full, encode);
    if (!applied.ok) {
      errorAt(words[words.length - 1], applied.message);
      break;
    }
    // Tags and annotations belong to the entry a one-line statement opens, else to its leaf.
    const target = r.steps.length > 0 ? { steps: full.steps, assignments: [] } : full;
    const stmt = findStatement(root, target);
    if (stmt) {
      if (tags.has('inactive:')) stmt.inactive = true;
      if (annotation !== undefined) stmt.annotation = annotation;
    }
    if (end.text === '{') {
      walk(root, full.steps, true);
      stack.push({ steps: full.steps, decl: full.steps[full.steps.length - 1]!.decl });
    }
  }
  if (errors.length === 0 && stack.length > 1) errorAt(undefined, "syntax error, expecting '}'");
  return errors.length ? { ok: false, errors } : { ok: true };
}

function stepDecl(frame: Frame, r: Resolved): InteriorDecl {
  return r.steps.length ? r.steps[r.steps.length - 1]!.decl : frame.decl;
}
