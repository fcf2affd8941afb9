// Child process for test/persistence-kill.test.ts: commits self-verifying configurations
// to the repository in argv[2] as fast as it can until the parent SIGKILLs it. Progress
// goes to stdout with synchronous writes so that every line printed before the kill
// reaches the parent: "ready G" (current generation on open), then "committing N" /
// "committed N" around each commit.
import { createHash } from 'node:crypto';
import { writeSync } from 'node:fs';
import { ConfigRepository } from '../../engine/config/persistence/config-repository.ts';
import { SeededRandom } from '../../engine/runtime/random.ts';

const [dir, seed] = process.argv.slice(2);
if (!dir || !seed) throw new Error('usage: persistence-committer DIR SEED');

const repo = ConfigRepository.open(dir);
const rnd = new SeededRandom(seed);
const header = /^## generation (\d+) sha256 ([0-9a-f]{64})\n/;
let generation = Number(header.exec(repo.current()?.text ?? '')?.[1] ?? 0);
writeSync(1, `ready ${generation}\n`);

for (;;) {
  generation++;
  // Up to ~64 KiB, so that a kill often lands while a file is being written.
  const body = rnd.bytes(rnd.int(32 * 1024)).toString('hex').replace(/(.{64})/g, '$1\n');
  const text = `## generation ${generation} sha256 ${createHash('sha256').update(body).digest('hex')}\n${body}`;
  writeSync(1, `committing ${generation}\n`);
  repo.commit(text, { time: generation * 1000, user: 'kill-test', client: 'other', comment: `gen ${generation}` });
  writeSync(1, `committed ${generation}\n`);
  if (generation % 7 === 0) repo.saveRescue(text);
}
