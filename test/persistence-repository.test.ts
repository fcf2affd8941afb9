import test from 'ava';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  type CommitRequest,
  ConfigRepository,
  MAX_HISTORY,
  RepositoryError,
} from '../engine/config/persistence/config-repository.ts';

function tempDir(t: { teardown(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'srxsim-repo-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'device'); // not yet existing: open() creates it
}

const by = (time: number, extra: Partial<CommitRequest> = {}): CommitRequest => ({ time, user: 'admin', client: 'cli', ...extra });
const text = (i: number): string => `system {\n    host-name r${i};\n}\n`;

test('an empty repository has no configuration, history or rescue', (t) => {
  const repo = ConfigRepository.open(tempDir(t));
  t.is(repo.current(), undefined);
  t.deepEqual(repo.history(), []);
  t.is(repo.rollbackText(0), undefined);
  t.is(repo.rescueText(), undefined);
  t.notThrows(() => repo.deleteRescue());
});

test('commits are numbered and listed newest first with their metadata', (t) => {
  const repo = ConfigRepository.open(tempDir(t));
  t.deepEqual(repo.commit(text(1), by(1000)), { sequence: 1, time: 1000, user: 'admin', client: 'cli' });
  repo.commit(text(2), by(2000, { client: 'netconf', comment: 'second' }));
  const third = repo.commit(text(3), by(3000, { confirmed: { deadline: 603000 } }));
  t.deepEqual(third, { sequence: 3, time: 3000, user: 'admin', client: 'cli', confirmed: { deadline: 603000 } });
  t.deepEqual(repo.current(), { text: text(3), meta: third });
  t.deepEqual(repo.history().map((m) => [m.sequence, m.comment]), [[3, undefined], [2, 'second'], [1, undefined]]);
  t.deepEqual([0, 1, 2, 3].map((n) => repo.rollbackText(n)), [text(3), text(2), text(1), undefined]);
  t.throws(() => repo.rollbackText(-1), { instanceOf: RangeError });
});

test('metadata is validated and a rejected commit changes nothing', (t) => {
  const repo = ConfigRepository.open(tempDir(t));
  repo.commit(text(1), by(1000));
  t.throws(() => repo.commit(text(2), { ...by(2000), client: 'telnet' as 'cli' }), { instanceOf: RepositoryError });
  t.throws(() => repo.commit(text(2), by(Number.NaN)), { instanceOf: RepositoryError });
  t.is(repo.history().length, 1);
  t.is(repo.current()?.text, text(1));
});

test(`history keeps the last ${MAX_HISTORY} commits and their files only`, (t) => {
  const dir = tempDir(t);
  const repo = ConfigRepository.open(dir);
  for (let i = 1; i <= 60; i++) repo.commit(text(i), by(i * 1000));
  const history = repo.history();
  t.is(history.length, MAX_HISTORY);
  t.is(history[0]!.sequence, 60);
  t.is(history[MAX_HISTORY - 1]!.sequence, 11);
  t.is(repo.rollbackText(MAX_HISTORY - 1), text(11));
  t.is(repo.rollbackText(MAX_HISTORY), undefined);
  t.is(fs.readdirSync(path.join(dir, 'commits')).length, MAX_HISTORY);
});

test('everything survives re-opening the directory', (t) => {
  const dir = tempDir(t);
  const repo = ConfigRepository.open(dir);
  for (let i = 1; i <= 55; i++) repo.commit(text(i), by(i * 1000, { comment: `c${i}` }));
  repo.saveRescue('rescue text\n');
  repo.saveState('pending-confirm', { deadline: 123, rollbackTo: 1 });

  const again = ConfigRepository.open(dir);
  t.deepEqual(again.history(), repo.history());
  t.deepEqual(again.current(), repo.current());
  for (let n = 0; n < MAX_HISTORY; n++) t.is(again.rollbackText(n), text(55 - n));
  t.is(again.rescueText(), 'rescue text\n');
  t.deepEqual(again.loadState('pending-confirm'), { deadline: 123, rollbackTo: 1 });
  t.is(again.commit(text(56), by(56000)).sequence, 56);
});

test('rescue configuration can be saved, replaced and deleted', (t) => {
  const dir = tempDir(t);
  const repo = ConfigRepository.open(dir);
  repo.saveRescue('one');
  repo.saveRescue('two');
  t.is(ConfigRepository.open(dir).rescueText(), 'two');
  repo.deleteRescue();
  t.is(ConfigRepository.open(dir).rescueText(), undefined);
});

test('state blobs are saved, replaced and deleted by key', (t) => {
  const repo = ConfigRepository.open(tempDir(t));
  t.is(repo.loadState('x'), undefined);
  repo.saveState('x', [1, 'a']);
  repo.saveState('x', { b: null });
  t.deepEqual(repo.loadState('x'), { b: null });
  repo.deleteState('x');
  t.is(repo.loadState('x'), undefined);
  t.throws(() => repo.saveState('../escape', 1), { instanceOf: RangeError });
  t.throws(() => repo.saveState('.hidden', 1), { instanceOf: RangeError });
  t.throws(() => repo.saveState('f', () => 1), { instanceOf: TypeError });
});

test('temp and orphan files left by a crash are ignored and removed on open', (t) => {
  const dir = tempDir(t);
  const repo = ConfigRepository.open(dir);
  repo.commit(text(1), by(1000));
  repo.saveRescue('rescue');
  const leftovers = [
    path.join(dir, '.index.json.tmp'), // a torn index that was never renamed
    path.join(dir, '.rescue.conf.tmp'),
    path.join(dir, 'commits', '.00000002.conf.tmp'),
    path.join(dir, 'commits', '00000002.conf'), // written, but the index never named it
    path.join(dir, 'state', '.k.json.tmp'),
  ];
  for (const f of leftovers) fs.writeFileSync(f, '{"torn');

  const again = ConfigRepository.open(dir);
  t.is(again.current()?.text, text(1));
  t.is(again.rescueText(), 'rescue');
  t.is(again.loadState('k'), undefined);
  for (const f of leftovers) t.false(fs.existsSync(f), f);
  t.is(again.commit(text(2), by(2000)).sequence, 2);
  t.is(ConfigRepository.open(dir).rollbackText(0), text(2));
});

test('a damaged repository is reported, not used', (t) => {
  const dir = tempDir(t);
  const repo = ConfigRepository.open(dir);
  repo.commit(text(1), by(1000));
  repo.commit(text(2), by(2000));
  const index = path.join(dir, 'index.json');
  const good = fs.readFileSync(index, 'utf8');

  fs.writeFileSync(index, good.slice(0, 40));
  t.throws(() => ConfigRepository.open(dir), { instanceOf: RepositoryError, message: /index\.json: not valid JSON/ });
  fs.writeFileSync(index, good.replace('"sequence": 1', '"sequence": 7'));
  t.throws(() => ConfigRepository.open(dir), { instanceOf: RepositoryError, message: /not strictly decreasing/ });
  fs.writeFileSync(index, good);

  fs.appendFileSync(path.join(dir, 'commits', '00000001.conf'), 'tampered');
  t.throws(() => ConfigRepository.open(dir).rollbackText(1), { instanceOf: RepositoryError, message: /checksum/ });
  fs.rmSync(path.join(dir, 'commits', '00000002.conf'));
  t.throws(() => ConfigRepository.open(dir), { instanceOf: RepositoryError, message: /commit 2 has no file/ });
});
