// Completion and `?` help for configuration paths, derived from the schema and the
// candidate (existing list keys are offered next to the `<name>` placeholder).
import type { Candidate, Word } from '../engine/config/candidate.ts';
import { keywordChildren, type Step } from '../engine/config/path.ts';
import type { Decl, InteriorDecl, ValueType } from '../engine/config/schema/types.ts';
import type { CompletionItem } from '../shell/interpreter.ts';

function item(d: Decl): CompletionItem {
  const mark = d.kind === 'container' || d.kind === 'list' ? '>' : d.kind === 'leaf-list' ? '+' : undefined;
  return mark ? { name: d.name, help: d.help, mark } : { name: d.name, help: d.help };
}

function valueItems(t: ValueType, name: string, help: string): CompletionItem[] {
  if (t.kind === 'enum') return t.values.map((v) => ({ name: v.name, help: v.help }));
  if (t.kind === 'union') return [{ name: `<${name}>`, help }, ...t.of.flatMap((m) => (m.kind === 'enum' ? valueItems(m, name, help) : []))];
  return [{ name: `<${name}>`, help }];
}

function childItems(c: Candidate, decl: InteriorDecl, steps: readonly Step[]): CompletionItem[] {
  const items = keywordChildren(decl).map(item);
  for (const d of decl.children) {
    if (d.kind === 'list' && d.style === 'nokeyword') items.unshift(...keyItems(c, steps, d.name, d.keys[0].help, d));
    if (d.kind === 'leaf' && d.positional) items.unshift({ name: `<${d.name}>`, help: d.help });
  }
  return items;
}

function keyItems(c: Candidate, steps: readonly Step[], listName: string, help: string, list: Decl): CompletionItem[] {
  const node = c.node(steps);
  const existing = node?.children.get(listName);
  const keys = existing?.kind === 'list' ? [...existing.entries.values()].map((e) => ({ name: e.keys[0]!, help: '' })) : [];
  const first = list.kind === 'list' ? list.keys[0] : undefined;
  const enumerated = first && first.type.kind === 'enum' ? valueItems(first.type, first.name, help) : [{ name: `<${first?.name ?? 'name'}>`, help }];
  return [...enumerated, ...keys.filter((k) => !enumerated.some((e) => e.name === k.name))];
}

/** Choices after `words` (complete words only) at edit level `level`; undefined if the words are wrong. */
export function pathChoices(c: Candidate, level: readonly Step[], words: readonly Word[]): { items: CompletionItem[]; complete: boolean } | undefined {
  const r = c.resolve(level, words, words.length ? 'set' : 'path');
  if (r.ok) {
    const steps = r.value.steps;
    const decl = steps.length ? steps[steps.length - 1]!.decl : c.tree.decl;
    if (r.value.assignments.length) {
      // More statements of the same node may follow on one line (`class super-user authentication ...`).
      const done = new Set(r.value.assignments.filter((a) => a.depth === steps.length).map((a) => a.decl));
      return { items: childItems(c, decl, steps).filter((i) => !decl.children.some((d) => done.has(d as never) && d.name === i.name)), complete: true };
    }
    // `set security` alone sets nothing: only entries and presence containers stand alone.
    const standsAlone = steps.length > 0 && (decl.kind === 'list' || decl.presence === true);
    return { items: childItems(c, decl, steps), complete: standsAlone || words.length === 0 };
  }
  const e = r.error;
  if (e.token !== words.length || !e.expecting) return undefined;
  const x = e.expecting;
  if (x.kind === 'keyword') return { items: [{ name: x.name, help: x.help }], complete: false };
  if (x.kind === 'value') {
    const base = valueItems(x.decl.type, x.decl.name === 'address' ? 'address' : 'value', x.decl.help);
    return { items: x.decl.kind === 'leaf-list' ? [...base, { name: '[', help: 'Open a set of values' }] : base, complete: false };
  }
  // A list key: resolve the words before the list keyword to find existing entries.
  const before = c.resolve(level, words.slice(0, x.index === 0 && x.list.style !== 'nokeyword' ? -1 : words.length), 'path');
  const steps = before.ok ? before.value.steps : [];
  const kd = x.list.keys[x.index]!;
  return { items: x.index === 0 ? keyItems(c, steps, x.list.name, kd.help, x.list) : valueItems(kd.type, kd.name, kd.help), complete: false };
}
