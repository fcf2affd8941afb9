// Committing a private candidate merges its own changes into whatever is committed now,
// as Junos does: the changes are taken line by line in set form (what the private session
// added since it started, and what it removed), applied to the current configuration.
import { Candidate } from './candidate.ts';
import type { ValueEncoder } from './ops.ts';
import { renderSet } from './render-set.ts';
import { newContainer, type ContainerItem } from './tree.ts';

export function mergePrivateChanges(base: ContainerItem, mine: ContainerItem, current: ContainerItem, encode: ValueEncoder): ContainerItem | { error: string } {
  const lines = (t: ContainerItem) => renderSet(t).split('\n').filter(Boolean);
  const before = new Set(lines(base));
  const after = lines(mine);
  const kept = new Set(after);
  const removed = new Set([...before].filter((l) => !kept.has(l)));
  const merged = [...lines(current).filter((l) => !removed.has(l)), ...after.filter((l) => !before.has(l))];
  const result = new Candidate(newContainer(base.decl), encode);
  const r = result.load('set', [...new Set(merged)].join('\n'));
  return r.ok ? result.tree : { error: `merge failed at line ${r.errors[0]!.line}: ${r.errors[0]!.message}` };
}
