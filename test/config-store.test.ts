// The commit model: commit, check, confirmed, rollback, rescue, history, persistence and
// the engine hand-off. Every failure leaves both configurations untouched.
import test from 'ava';
import { renderCurly } from '../engine/config/render-curly.ts';
import { formatCommitHistory } from '../engine/config/commit-log.ts';
import { ConfigStore } from '../engine/config/store.ts';
import type { ConfigObject } from '../engine/config/view.ts';
import { apply, openStore, words } from './helpers/config.ts';

const P1 = 'set security ike proposal p1 dh-group group2';

test('commit makes the candidate current and records who and how', (t) => {
  const { store, clock } = openStore();
  apply(store, P1);
  t.true(store.isModified(store.shared));
  const r = store.commit(store.shared, { user: 'admin', client: 'cli', comment: 'first' });
  t.deepEqual(r, { ok: true, output: 'commit complete\n' });
  t.false(store.isModified(store.shared));
  t.is(renderCurly(store.committed()), 'security {\n    ike {\n        proposal p1 {\n            dh-group group2;\n        }\n    }\n}\n');
  t.is(formatCommitHistory(store.history(), clock.now()), '0   2012-06-01 10:00:00 UTC by admin via cli\n    first\n');
});

test('a failing commit check changes nothing', (t) => {
  const { store } = openStore();
  apply(store, P1);
  store.commit(store.shared, { user: 'admin', client: 'cli' });
  apply(store, 'set security ike gateway gw1 address 1.1.1.1');
  const before = renderCurly(store.shared.tree);
  const r = store.commit(store.shared, { user: 'admin', client: 'cli' });
  t.false(r.ok);
  t.is(r.output, [
    '[edit security ike]',
    "  'gateway gw1'",
    "    Missing mandatory statement: 'ike-policy'",
    '[edit security ike]',
    "  'gateway gw1'",
    "    Missing mandatory statement: 'external-interface'",
    'error: commit failed: (missing mandatory statements)',
    '',
  ].join('\n'));
  t.is(renderCurly(store.shared.tree), before);
  t.is(store.history().length, 1);
  t.is(store.commitCheck(store.shared).output.split('\n').at(-2), 'error: configuration check-out failed: (missing mandatory statements)');
});

test('show | compare prints Junos diff blocks', (t) => {
  const { store } = openStore();
  apply(store, P1, 'set security ike proposal p1 lifetime-seconds 600');
  store.commit(store.shared, { user: 'admin', client: 'cli' });
  apply(store, 'set security ike proposal p1 dh-group group14', 'set security ike proposal p2 encryption-algorithm aes-128-cbc', 'delete security ike proposal p1 lifetime-seconds');
  t.is(store.compare(store.shared).output, [
    '[edit security ike proposal p1]',
    '-    dh-group group2;',
    '+    dh-group group14;',
    '-    lifetime-seconds 600;',
    '[edit security ike]',
    '+    proposal p2 {',
    '+        encryption-algorithm aes-128-cbc;',
    '+    }',
    '',
  ].join('\n'));
});

test('rollback N loads history into the candidate; compare rollback N diffs against it', (t) => {
  const { store } = openStore();
  apply(store, P1);
  store.commit(store.shared, { user: 'admin', client: 'cli' });
  apply(store, 'set security ike proposal p1 dh-group group5');
  store.commit(store.shared, { user: 'admin', client: 'cli' });
  t.is(store.compare(store.shared, 1).output, '[edit security ike proposal p1]\n-    dh-group group2;\n+    dh-group group5;\n');
  t.deepEqual(store.rollback(store.shared, 1), { ok: true, output: 'load complete\n' });
  t.regex(renderCurly(store.shared.tree), /group2/);
  t.regex(renderCurly(store.committed()), /group5/, 'rollback alone does not commit');
  t.deepEqual(store.rollback(store.shared, 7), { ok: false, output: 'error: Requested rollback 7 does not exist\n' });
  t.regex(renderCurly(store.shared.tree), /group2/, 'a failed rollback leaves the candidate alone');
});

test('commit confirmed rolls back by itself on the device clock unless confirmed', (t) => {
  const broadcasts: string[] = [];
  const { store, clock } = openStore({ onBroadcast: (m) => broadcasts.push(m) });
  apply(store, P1);
  store.commit(store.shared, { user: 'admin', client: 'cli' });
  apply(store, 'set security ike proposal p1 dh-group group14');
  const r = store.commit(store.shared, { user: 'admin', client: 'cli', confirmMinutes: 2 });
  t.is(r.output, 'configuration check succeeds\ncommit confirmed will be automatically rolled back in 2 minutes unless confirmed\ncommit complete\n');
  t.is(store.confirmMinutesLeft(), 2);
  t.regex(formatCommitHistory(store.history(), clock.now()), /^0 {3}.* via cli commit confirmed, rollback in 2mins\n {4}rollback pending\n/);
  clock.advance(119_000);
  t.regex(renderCurly(store.committed()), /group14/);
  clock.advance(1_000);
  t.regex(renderCurly(store.committed()), /group2/);
  t.deepEqual(broadcasts, ['Commit was not confirmed; automatic rollback complete.']);
  t.is(store.history()[0]!.client, 'other');
  t.is(store.confirmMinutesLeft(), undefined);
});

test('a second commit confirms a commit confirmed', (t) => {
  const { store, clock } = openStore();
  apply(store, P1);
  store.commit(store.shared, { user: 'admin', client: 'cli', confirmMinutes: 1 });
  store.commit(store.shared, { user: 'admin', client: 'cli' });
  clock.advance(600_000);
  t.regex(renderCurly(store.committed()), /group2/);
  t.is(store.history().length, 2);
});

test('committed configuration, rollback history and rescue survive a restart', (t) => {
  const { store, opts } = openStore();
  for (const g of ['group1', 'group2', 'group5']) {
    apply(store, `set security ike proposal p1 dh-group ${g}`);
    store.commit(store.shared, { user: 'admin', client: 'cli', comment: g });
  }
  store.saveRescue();
  apply(store, 'set system host-name Edge');
  store.commit(store.shared, { user: 'admin', client: 'cli' });
  const again = ConfigStore.open(opts);
  t.is(renderCurly(again.committed()), renderCurly(store.committed()));
  t.deepEqual(again.history().map((h) => h.comment), [undefined, 'group5', 'group2', 'group1']);
  t.true(again.rollbackRescue(again.shared).ok);
  t.regex(renderCurly(again.shared.tree), /group5/);
  t.notRegex(renderCurly(again.shared.tree), /host-name/);
});

test('a commit confirmed pending at shutdown still rolls back after a restart', (t) => {
  const { store, opts, clock } = openStore();
  apply(store, P1);
  store.commit(store.shared, { user: 'admin', client: 'cli' });
  apply(store, 'set security ike proposal p1 dh-group group14');
  store.commit(store.shared, { user: 'admin', client: 'cli', confirmMinutes: 5 });
  const again = ConfigStore.open(opts);
  clock.advance(5 * 60_000);
  t.regex(renderCurly(again.committed()), /group2/);
});

test('the engine receives the typed configuration, and a refusal fails the commit', (t) => {
  const seen: ConfigObject[] = [];
  let refuse = false;
  const { store } = openStore({
    consumer: { apply: (next) => (seen.push(next), refuse ? { ok: false, message: 'kmd refused' } : { ok: true }) },
  });
  apply(store, P1, 'set security ike proposal p1 lifetime-seconds 900', 'set security ike proposal p2', 'deactivate security ike proposal p2');
  t.true(store.commit(store.shared, { user: 'admin', client: 'cli' }).ok);
  const ike = (seen.at(-1)!.security as ConfigObject).ike as ConfigObject;
  t.deepEqual(ike.proposal, [{ name: 'p1', 'authentication-method': 'pre-shared-keys', 'dh-group': 'group2', 'authentication-algorithm': 'sha1', 'encryption-algorithm': '3des-cbc', 'lifetime-seconds': 900 }]);
  refuse = true;
  apply(store, 'set security ike proposal p1 dh-group group5');
  t.deepEqual(store.commit(store.shared, { user: 'admin', client: 'cli' }), { ok: false, output: 'error: kmd refused\nerror: commit failed\n' });
  t.regex(renderCurly(store.committed()), /group2/);
});

test('pre-shared keys are stored encoded and handed to the engine decoded', (t) => {
  const seen: ConfigObject[] = [];
  const { store } = openStore({ consumer: { apply: (next) => (seen.push(next), { ok: true }) } });
  t.true(store.shared.set([], [...words('security ike policy pol pre-shared-key ascii-text'), { text: 'my secret key', quoted: true }]).ok);
  store.commit(store.shared, { user: 'admin', client: 'cli' });
  const shown = renderCurly(store.committed());
  t.notRegex(shown, /my secret key/);
  t.regex(shown, /pre-shared-key ascii-text "\$9\$[^"]+"; ## SECRET-DATA/);
  const pol = (((seen.at(-1)!.security as ConfigObject).ike as ConfigObject).policy as ConfigObject[])[0]!;
  t.deepEqual(pol['pre-shared-key'], { 'ascii-text': 'my secret key' });
});

test('a $9$ value copied from a real SRX is kept and decodes to its key', (t) => {
  const seen: ConfigObject[] = [];
  const { store } = openStore({ consumer: { apply: (next) => (seen.push(next), { ok: true }) } });
  // The Crypt::Juniper synopsis pair: "$9$LbHX-wg4Z" is "lc".
  apply(store, 'set security ike policy pol pre-shared-key ascii-text "$9$LbHX-wg4Z"');
  store.commit(store.shared, { user: 'admin', client: 'cli' });
  t.regex(renderCurly(store.committed()), /ascii-text "\$9\$LbHX-wg4Z"; ## SECRET-DATA/);
  const pol = (((seen.at(-1)!.security as ConfigObject).ike as ConfigObject).policy as ConfigObject[])[0]!;
  t.deepEqual(pol['pre-shared-key'], { 'ascii-text': 'lc' });
});

test('a private candidate commits only its own changes onto what others committed meanwhile', (t) => {
  const { store } = openStore();
  apply(store, P1, 'set system host-name Edge');
  store.commit(store.shared, { user: 'admin', client: 'cli' });
  const a = store.openPrivate();
  const b = store.openPrivate();
  t.true(a.set([], words('system host-name A')).ok);
  t.true(b.set([], words('security ike proposal p2 dh-group group5')).ok);
  t.true(b.delete([], words('security ike proposal p1')).ok);
  t.true(store.commit(a, { user: 'alice', client: 'cli' }).ok);
  t.true(store.commit(b, { user: 'bob', client: 'cli' }).ok);
  const shown = renderCurly(store.committed());
  t.regex(shown, /host-name A;/);
  t.regex(shown, /proposal p2 \{\n\s+dh-group group5;/);
  t.notRegex(shown, /proposal p1/);
});
