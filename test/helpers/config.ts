// Shared set-up for configuration-store tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Candidate, type Word } from '../../engine/config/candidate.ts';
import { schemaRoot } from '../../engine/config/schema/index.ts';
import { secretEncoder } from '../../engine/config/secrets.ts';
import { ConfigStore, type StoreOptions } from '../../engine/config/store.ts';
import { newContainer } from '../../engine/config/tree.ts';
import { VirtualClock } from '../../engine/runtime/clock.ts';
import { SeededRandom } from '../../engine/runtime/random.ts';

export const words = (line: string): Word[] => line.split(/\s+/).filter(Boolean).map((text) => ({ text }));

export const emptyCandidate = (seed = 1) => new Candidate(newContainer(schemaRoot), secretEncoder(new SeededRandom(seed)));

export const tempDir = () => mkdtempSync(path.join(tmpdir(), 'srxsim-test-'));

export function openStore(extra: Partial<StoreOptions> = {}) {
  const clock = new VirtualClock(Date.UTC(2012, 5, 1, 10, 0, 0));
  const opts: StoreOptions = { dir: tempDir(), clock, random: new SeededRandom(7), ...extra };
  return { store: ConfigStore.open(opts), clock, opts };
}

/** Applies set-style lines (`set ...`, `delete ...`) to the shared candidate, failing loudly. */
export function apply(store: ConfigStore, ...lines: string[]): void {
  const r = store.shared.load('set', lines.join('\n'));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
}
