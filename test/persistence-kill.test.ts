// Kill-during-commit: a child commits self-verifying configurations as fast as it can and
// is SIGKILLed at seeded pseudo-random moments. After every kill the repository must open
// with the last reported commit or the one in flight, intact, and a consistent history.
import test, { type ExecutionContext } from 'ava';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigRepository, MAX_HISTORY } from '../engine/config/persistence/config-repository.ts';
import { SeededRandom } from '../engine/runtime/random.ts';

const CHILD = fileURLToPath(new URL('./helpers/persistence-committer.ts', import.meta.url));
const TRIALS = 200;
const LANES = 2; // one child per core, each on its own repository
const MAX_DELAY_MS = 40; // after "ready"; a commit takes a few ms

/** Returns the generation the text claims, after checking its body against its hash. */
function verifiedGeneration(text: string): number {
  const m = /^## generation (\d+) sha256 ([0-9a-f]{64})\n/.exec(text);
  if (!m) throw new Error(`no header in text starting ${JSON.stringify(text.slice(0, 60))}`);
  const body = text.slice(m[0].length);
  if (createHash('sha256').update(body).digest('hex') !== m[2]) throw new Error(`generation ${m[1]}: torn text`);
  return Number(m[1]);
}

interface TrialOutput {
  ready: number;
  committed: number; // last generation reported committed (or `ready` if none)
  inFlight: number | undefined; // reported "committing" but not "committed"
}

/** Runs one child, kills it `delay` ms after it is ready, and returns what it reported. */
function runChild(dir: string, seed: string, delay: number): Promise<TrialOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, seed], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let killTimer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      if (killTimer === undefined && out.includes('\n')) killTimer = setTimeout(() => child.kill('SIGKILL'), delay);
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killTimer);
      if (signal !== 'SIGKILL') return reject(new Error(`child exited (code ${code}, signal ${signal}): ${err}`));
      const lines = out.split('\n').filter((l) => l !== '');
      const ready = /^ready (\d+)$/.exec(lines[0] ?? '');
      if (!ready) return reject(new Error(`child never got ready: ${out}${err}`));
      let committed = Number(ready[1]);
      let inFlight: number | undefined;
      for (const line of lines.slice(1)) {
        const [word, n] = line.split(' ');
        if (word === 'committing') inFlight = Number(n);
        else if (word === 'committed') [committed, inFlight] = [Number(n), undefined];
      }
      resolve({ ready: Number(ready[1]), committed, inFlight });
    });
  });
}

/** Temp files and commit files the index does not name, i.e. what a crash left behind. */
function debris(dir: string): number {
  const commits = fs.readdirSync(path.join(dir, 'commits'));
  const temps = [dir, path.join(dir, 'state')].flatMap((d) => fs.readdirSync(d)).concat(commits);
  let named: string[];
  try {
    const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8')) as { commits: { sequence: number }[] };
    named = index.commits.map((c) => `${String(c.sequence).padStart(8, '0')}.conf`);
  } catch {
    named = commits; // no index yet, or a torn one that ConfigRepository.open will report
  }
  const orphans = commits.filter((n) => !n.startsWith('.') && !named.includes(n));
  return temps.filter((n) => n.endsWith('.tmp')).length + orphans.length;
}

// Rounds run as serial tests so that ava's inactivity timeout sees progress on a loaded
// machine; the lanes' repositories carry over from round to round.
const ROUNDS = 5;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'srxsim-kill-'));
test.after.always(() => fs.rmSync(root, { recursive: true, force: true }));
const stats = { kills: 0, landedInFlight: 0, inFlightWon: 0, debrisLeft: 0, commits: 0 };
const lanes = Array.from({ length: LANES }, (_, id) => ({
  id,
  dir: path.join(root, `lane${id}`),
  rnd: new SeededRandom(`persistence-kill-${id}`),
  trial: 0,
  generation: 0, // what the repository holds after the previous trial
  broken: false, // stop a lane whose repository no longer opens
}));

async function runTrial(t: ExecutionContext, lane: (typeof lanes)[number]): Promise<void> {
  const where = `lane ${lane.id} trial ${lane.trial}`;
  const out = await runChild(lane.dir, `lane${lane.id}-trial${lane.trial++}`, lane.rnd.int(MAX_DELAY_MS));
  stats.kills++;
  t.is(out.ready, lane.generation, `${where}: child saw the wrong configuration on open`);
  if (out.inFlight !== undefined) stats.landedInFlight++;
  if (fs.existsSync(path.join(lane.dir, 'commits')) && debris(lane.dir) > 0) stats.debrisLeft++;

  let repo: ConfigRepository;
  try {
    repo = ConfigRepository.open(lane.dir);
  } catch (err) {
    lane.broken = true;
    return void t.fail(`${where}: the repository does not open: ${(err as Error).message}`);
  }
  const current = repo.current();
  const gen = current ? verifiedGeneration(current.text) : 0;
  const allowed = [out.committed, out.inFlight].filter((g) => g !== undefined);
  if (!allowed.includes(gen)) t.fail(`${where}: current is generation ${gen}, expected one of ${allowed.join(', ')}`);
  if (gen === out.inFlight) stats.inFlightWon++;
  stats.commits += gen - lane.generation;

  const history = repo.history();
  t.is(history.length, Math.min(gen, MAX_HISTORY), `${where}: history length`);
  history.forEach((meta, n) => {
    if (n > 0 && meta.sequence >= history[n - 1]!.sequence) t.fail(`${where}: sequences not decreasing at ${n}`);
    const g = verifiedGeneration(repo.rollbackText(n)!);
    if (g !== gen - n || meta.comment !== `gen ${g}`) t.fail(`${where}: rollback ${n} is generation ${g}, expected ${gen - n}`);
  });
  const rescue = repo.rescueText();
  if (rescue !== undefined && verifiedGeneration(rescue) > gen) t.fail(`${where}: rescue is newer than current`);
  lane.generation = gen;
}

for (let round = 1; round <= ROUNDS; round++) {
  test.serial(`commits killed at random moments leave the old or the new configuration intact (${round}/${ROUNDS})`, async (t) => {
    await Promise.all(lanes.map(async (lane) => {
      for (let i = 0; i < TRIALS / ROUNDS / LANES && !lane.broken; i++) await runTrial(t, lane);
    }));
  });
}

test.serial('the kills landed during commits', (t) => {
  t.log(`${stats.kills} kills, ${stats.commits} commits survived; ${stats.landedInFlight} kills mid-commit ` +
    `(${stats.inFlightWon} after the commit point); ${stats.debrisLeft} left temp/orphan files`);
  t.true(stats.kills >= TRIALS);
  // Otherwise the rounds above proved nothing.
  t.true(stats.landedInFlight >= TRIALS / 8, 'too few kills landed during a commit');
  t.true(stats.debrisLeft > 0, 'no kill ever left a partial write behind');
});
