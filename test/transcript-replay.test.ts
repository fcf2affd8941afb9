// Every transcript under transcripts/ replays clean through `replay`, the function behind
// `srxsim replay`; a one-character change fails with a diff naming file and line; and the
// whole set passes many times in a row in shuffled orders (nothing leaks between labs).
import test from 'ava';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { replay } from '../shell/transcript/player.ts';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'transcripts');
const files = readdirSync(dir).filter((f) => f.endsWith('.transcript')).sort();

test('transcripts/ holds transcripts', (t) => {
  t.true(files.length >= 5, files.join(', '));
});

for (const f of files) {
  test(`replays ${f}`, async (t) => {
    let report = '';
    const r = await replay([path.join(dir, f)], { print: (s) => (report += s) });
    t.is(r.failed, 0, report);
    t.true(r.results[0]!.commands > 0);
    t.regex(report, new RegExp(`^PASS .*${f.replace('.', '\\.')}`));
  });
}

test('changing one character of an expected output fails with a diff that names file and line', async (t) => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'srxsim-transcript-'));
  const file = path.join(tmp, 'edited.transcript');
  copyFileSync(path.join(dir, 'config-navigation.transcript'), file);
  const lines = readFileSync(file, 'utf8').split('\n');
  const at = lines.indexOf('Model: srx240h2');
  t.true(at > 0);
  lines[at] = 'Model: srx240h3';
  writeFileSync(file, lines.join('\n'));
  let report = '';
  const r = await replay([file], { print: (s) => (report += s) });
  t.is(r.failed, 1);
  const line = at + 1;
  t.true(report.includes(`FAIL ${file}`), report);
  t.true(report.includes(`${file}:${line}: output of "run show version" (line ${line - 2}) differs from the expected output`), report);
  t.true(report.includes(`--- ${file}\n+++ ${file} (actual)\n`), report);
  // The hunk header counts the transcript's own lines; three lines of context each side.
  t.true(report.includes(`@@ -${line - 3},7 +${line - 3},7 @@\n [edit]\n admin@Edge# run show version\n Hostname: Edge\n-Model: srx240h3\n+Model: srx240h2\n JUNOS`), report);
  t.regex(report, /1 transcript: 0 passed, 1 failed\n$/);
});

test('a wrong prompt (mode or device) is a mismatch too', async (t) => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'srxsim-transcript-'));
  const file = path.join(tmp, 'mode.transcript');
  writeFileSync(file, '# lab: default\nadmin@Edge# show version\nHostname: Edge\nModel: srx240h2\nJUNOS Software Release [12.1X44-D10.4]\n\n');
  let report = '';
  const r = await replay([file], { print: (s) => (report += s) });
  t.is(r.failed, 1);
  t.true(report.includes(`${file}:2: the session's prompt is "admin@Edge> " for "show version"`), report);
  t.true(report.includes('-admin@Edge# show version\n+admin@Edge> show version\n'), report);
});

/** A small deterministic generator (xorshift32) so that a failing order can be replayed. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0 || 1;
  const next = () => ((s ^= s << 13), (s ^= s >>> 17), (s ^= s << 5), (s >>> 0) / 2 ** 32);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// 100 rounds of the whole set took about 20 s for 5 transcripts (about 40 ms per
// transcript). SRXSIM_TRANSCRIPT_ROUNDS lowers (or raises) it, e.g. on a slow machine.
const ROUNDS = Number(process.env.SRXSIM_TRANSCRIPT_ROUNDS ?? 100);

test(`every transcript passes ${ROUNDS} times in a row, in shuffled orders`, async (t) => {
  t.timeout(10 * 60_000);
  const started = performance.now();
  const paths = files.map((f) => path.join(dir, f));
  for (let round = 0; round < ROUNDS; round++) {
    const order = shuffle(paths, 0x5eed + round);
    let report = '';
    const r = await replay(order, { print: (s) => (report += s) });
    if (r.failed > 0) return t.fail(`round ${round} (order ${order.map((p) => path.basename(p)).join(', ')}):\n${report}`);
  }
  t.log(`${ROUNDS} rounds of ${files.length} transcripts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  t.pass();
});
