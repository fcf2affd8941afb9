// Acceptance: every configuration in the Junos seed loads from its curly text, renders back
// identically (apart from `$9$` values) and prints its set commands.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { renderCurly } from '../engine/config/render-curly.ts';
import { renderSet } from '../engine/config/render-set.ts';
import { emptyCandidate, openStore, words } from './helpers/config.ts';

const fixture = (name: string) => readFileSync(new URL(`fixtures/seed/${name}`, import.meta.url), 'utf8');

/** The seed's slides indent by 2 or 4; Junos by 4. Compare the statements, re-indented by depth. */
function normalise(text: string): string[] {
  let depth = 0;
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    if (l.startsWith('}')) depth--;
    const out = '    '.repeat(depth) + l.replace(/"\$9\$[^"]*"/g, '"$9$"');
    if (l.endsWith('{')) depth++;
    return out;
  });
}

const cases: [string, string][] = [
  ['ike-policy-based.conf', 'security ike'],
  ['ipsec-policy-based.conf', 'security ipsec'],
  ['ike-route-based.conf', 'security ike'],
  ['ipsec-route-based.conf', 'security ipsec'],
  ['zone-public.conf', 'security zones security-zone Public'],
];

for (const [file, level] of cases) {
  test(`seed ${file} loads at [edit ${level}] and renders back`, (t) => {
    const c = emptyCandidate();
    const lv = c.level([], words(level));
    if (!lv.ok) return t.fail(lv.error.message);
    const r = c.load('merge', fixture(file), lv.steps);
    t.deepEqual(r, { ok: true });
    const shown = c.show(lv.steps);
    t.deepEqual(normalise(shown), normalise(fixture(file)));
    // Junos's own layout: four spaces a level.
    const indents = (lines: string[]) => lines.map((l) => l.length - l.trimStart().length);
    t.deepEqual(indents(shown.split('\n').filter(Boolean)), indents(normalise(shown)));
  });
}

test('seed IKE example prints its set commands', (t) => {
  const c = emptyCandidate();
  const lv = c.level([], words('security ike'));
  if (!lv.ok) return t.fail();
  c.load('merge', fixture('ike-policy-based.conf'), lv.steps);
  const set = renderSet(c.tree).replace(/"\$9\$[^"]*"/, '"$9$"');
  t.is(set, [
    'set security ike proposal ike-phase1-proposal authentication-method pre-shared-keys',
    'set security ike proposal ike-phase1-proposal dh-group group2',
    'set security ike proposal ike-phase1-proposal authentication-algorithm md5',
    'set security ike proposal ike-phase1-proposal encryption-algorithm 3des-cbc',
    'set security ike proposal ike-phase1-proposal lifetime-seconds 600',
    'set security ike policy ike-policy1 mode main',
    'set security ike policy ike-policy1 proposals ike-phase1-proposal',
    'set security ike policy ike-policy1 pre-shared-key ascii-text "$9$"',
    'set security ike gateway ike-phase1-gateway ike-policy ike-policy1',
    'set security ike gateway ike-phase1-gateway address 1.1.70.1',
    'set security ike gateway ike-phase1-gateway dead-peer-detection interval 20',
    'set security ike gateway ike-phase1-gateway dead-peer-detection threshold 5',
    'set security ike gateway ike-phase1-gateway external-interface ge-1/0/1.0',
    '',
  ].join('\n'));
  // And the set form loads back to the same configuration.
  const again = emptyCandidate();
  t.deepEqual(again.load('set', renderSet(c.tree)), { ok: true });
  t.is(renderCurly(again.tree), renderCurly(c.tree));
});

for (const lab of ['default', 'route-based']) {
  for (const device of ['Edge', 'Remote']) {
    test(`lab ${lab} ${device}: the complete seed configuration commits and renders identically`, (t) => {
      const text = readFileSync(new URL(`../labs/${lab}/${device}.conf`, import.meta.url), 'utf8');
      const { store } = openStore({ factoryConfig: text });
      t.is(renderCurly(store.committed()), text);
    });
  }
}

test('commit check with the ike-policy definition deleted fails as Junos does and changes nothing', (t) => {
  const text = readFileSync(new URL('../labs/default/Edge.conf', import.meta.url), 'utf8');
  const { store } = openStore({ factoryConfig: text });
  t.true(store.shared.delete([], words('security ike policy ike-policy1')).ok);
  const check = store.commitCheck(store.shared);
  t.false(check.ok);
  t.is(check.output, [
    '[edit security ike gateway ike-phase1-gateway]',
    "  'ike-policy ike-policy1'",
    '    Referenced IKE policy must be defined under [edit security ike policy]',
    'error: configuration check-out failed',
    '',
  ].join('\n'));
  const commit = store.commit(store.shared, { user: 'admin', client: 'cli' });
  t.false(commit.ok);
  t.is(renderCurly(store.committed()), text);
  t.is(store.history().length, 1);
});
