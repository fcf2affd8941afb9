// The `[edit ...]` banner words of an edit level.
import type { Step } from '../engine/config/path.ts';
import { quote } from '../engine/config/quoting.ts';

export function levelWords(steps: readonly Step[]): string[] {
  return steps.flatMap((s) => {
    if (s.decl.kind === 'container') return [s.decl.name];
    const keys = s.keys.flatMap((k, i) => (i === 0 ? [quote(k)] : [s.decl.kind === 'list' ? s.decl.keys[i]!.name : '', quote(k)]));
    return s.decl.style === 'nokeyword' ? keys : [s.decl.name, ...keys];
  });
}

export function editBanner(steps: readonly Step[]): string {
  return steps.length ? `[edit ${levelWords(steps).join(' ')}]` : '[edit]';
}
