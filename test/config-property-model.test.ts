// Property: the ConfigStore behaves like a simple reference model under random sequences of
// set, delete, invalid set, commit, commit check, rollback N and restart.
//
// Leaf universe (no mandatory statements, no references, so every commit check passes):
//   system host-name NAME
//   security ike proposal P { description, authentication-method, dh-group,
//                             authentication-algorithm, encryption-algorithm, lifetime-seconds }
// The model is a map per proposal (in creation order) plus the host name; a committed
// snapshot; and the retained commits, newest first (rollback 0 = current, at most 50).
// After every step the candidate's `| display set` lines equal the model's (compared as a
// set, then in order), the committed configuration equals the model's committed snapshot,
// and the history has the model's length.
import test from 'ava';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Word } from '../engine/config/candidate.ts';
import { renderSet } from '../engine/config/render-set.ts';
import { ike } from '../engine/config/schema/security-ike.ts';
import { security } from '../engine/config/schema/index.ts';
import { system } from '../engine/config/schema/system.ts';
import { ConfigStore } from '../engine/config/store.ts';
import type { InteriorDecl } from '../engine/config/schema/types.ts';
import { VirtualClock } from '../engine/runtime/clock.ts';
import { SeededRandom } from '../engine/runtime/random.ts';
import { abbreviations, freeText, uniquePrefixes } from './helpers/config-arbitraries.ts';

const NUM_RUNS = 120;
// A failure found late shrinks within this budget (fast-check reports the partly shrunk case) rather than hitting ava's 2-minute timeout; on a slow machine the runs stop here too.
const TIME_LIMIT = 60_000;
const MAX_HISTORY = 50;

// ---------------------------------------------------------------------------------------
// The model.

const ENUMS: Record<string, readonly string[]> = {
  'authentication-method': ['dsa-signatures', 'pre-shared-keys', 'rsa-signatures'],
  'dh-group': ['group1', 'group2', 'group5', 'group14', 'group19', 'group20', 'group24'],
  'authentication-algorithm': ['md5', 'sha-256', 'sha-384', 'sha1'],
  'encryption-algorithm': ['des-cbc', '3des-cbc', 'aes-128-cbc', 'aes-192-cbc', 'aes-256-cbc'],
};
/** Proposal leaves in the order Junos displays them. */
const LEAVES = ['description', 'authentication-method', 'dh-group', 'authentication-algorithm', 'encryption-algorithm', 'lifetime-seconds'];
const NAMES = ['p1', 'p2', 'P-3', 'x.y_z'];

interface Cfg {
  host?: string;
  props: Map<string, Map<string, string>>;
}
const emptyCfg = (): Cfg => ({ props: new Map() });
const cloneCfg = (c: Cfg): Cfg => ({ ...(c.host !== undefined ? { host: c.host } : {}), props: new Map([...c.props].map(([k, v]) => [k, new Map(v)])) });

/** Junos's quoting, as the model understands it: blanks, quotes, backslash, punctuation and comment delimiters. */
const q = (v: string) => (v === '' || /[\s"'\\;{}[\]#]|\/\*|\*\//.test(v) ? `"${v.replace(/["\\]/g, (c) => '\\' + c)}"` : v);

function modelLines(c: Cfg): string[] {
  const out: string[] = [];
  if (c.host !== undefined) out.push(`set system host-name ${c.host}`);
  for (const [p, leaves] of c.props) {
    if (leaves.size === 0) out.push(`set security ike proposal ${p}`);
    for (const l of LEAVES) if (leaves.has(l)) out.push(`set security ike proposal ${p} ${l} ${q(leaves.get(l)!)}`);
  }
  return out;
}

const sameContent = (a: Cfg, b: Cfg) => JSON.stringify(modelLines(a).sort()) === JSON.stringify(modelLines(b).sort());

// ---------------------------------------------------------------------------------------
// Operations.

type DeleteTarget =
  | { t: 'all' } | { t: 'system' } | { t: 'host' } | { t: 'security' } | { t: 'ike' } | { t: 'proposals' }
  | { t: 'prop'; p: string } | { t: 'leaf'; p: string; leaf: string };

type Op =
  | { kind: 'set-host'; words: Word[]; value: string }
  | { kind: 'set-prop'; words: Word[]; p: string }
  | { kind: 'set-leaf'; words: Word[]; p: string; leaf: string; value: string }
  | { kind: 'delete'; words: Word[]; target: DeleteTarget }
  | { kind: 'invalid'; words: Word[] }
  | { kind: 'commit'; comment?: string }
  | { kind: 'commit-many'; n: number }
  | { kind: 'check' }
  | { kind: 'rollback'; n: number }
  | { kind: 'restart' };

/** A keyword as typed: the full word or, often, a unique abbreviation. */
const kw = (parent: InteriorDecl, name: string): fc.Arbitrary<Word> =>
  fc.oneof(fc.constant({ text: name }), fc.constantFrom(...abbreviations(parent, name)).map((text) => ({ text })));
const val = (text: string): fc.Arbitrary<Word> => fc.boolean().map((quoted) => (quoted ? { text, quoted } : { text }));
const words = (...ws: fc.Arbitrary<Word>[]): fc.Arbitrary<Word[]> => fc.tuple(...ws);

const proposalDecl = ike.children.find((d) => d.name === 'proposal') as InteriorDecl;
const root = { kind: 'container', name: 'configuration', children: [system, security] } as unknown as InteriorDecl;
const secPath = () => [kw(root, 'security'), kw(security, 'ike'), kw(ike, 'proposal')];

const name = fc.constantFrom(...NAMES);
const hostName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9.-]{0,20}$/);
const description = freeText(16);

const leafValue = (leaf: string): fc.Arbitrary<{ typed: string; value: string }> => {
  if (leaf === 'description') return description.map((v) => ({ typed: v, value: v }));
  if (leaf === 'lifetime-seconds') {
    return fc.oneof(fc.integer({ min: 180, max: 86400 }), fc.constantFrom(180, 86400)).chain((n) =>
      fc.constantFrom(String(n), '00' + n).map((typed) => ({ typed, value: String(n) })),
    );
  }
  const values = ENUMS[leaf]!;
  return fc.constantFrom(...values).chain((v) => fc.constantFrom(...uniquePrefixes(values, v)).map((typed) => ({ typed, value: v })));
};

const setHost: fc.Arbitrary<Op> = fc
  .tuple(kw(root, 'system'), kw(system, 'host-name'), hostName.chain((h) => val(h).map((w) => [w, h] as const)))
  .map(([a, b, [w, h]]) => ({ kind: 'set-host', words: [a, b, w], value: h }));

const setProp: fc.Arbitrary<Op> = fc.tuple(words(...secPath()), name).chain(([ws, p]) => val(p).map((w) => ({ kind: 'set-prop' as const, words: [...ws, w], p })));

const setLeaf: fc.Arbitrary<Op> = fc
  .tuple(words(...secPath()), name, fc.constantFrom(...LEAVES))
  .chain(([ws, p, leaf]) =>
    fc.tuple(val(p), kw(proposalDecl, leaf), leafValue(leaf)).chain(([pw, lw, v]) =>
      val(v.typed).map((vw) => ({ kind: 'set-leaf' as const, words: [...ws, pw, lw, vw], p, leaf, value: v.value })),
    ),
  );

const del: fc.Arbitrary<Op> = fc.oneof(
  fc.constant<Op>({ kind: 'delete', words: [], target: { t: 'all' } }),
  kw(root, 'system').map((a): Op => ({ kind: 'delete', words: [a], target: { t: 'system' } })),
  words(kw(root, 'system'), kw(system, 'host-name')).map((ws): Op => ({ kind: 'delete', words: ws, target: { t: 'host' } })),
  kw(root, 'security').map((a): Op => ({ kind: 'delete', words: [a], target: { t: 'security' } })),
  words(kw(root, 'security'), kw(security, 'ike')).map((ws): Op => ({ kind: 'delete', words: ws, target: { t: 'ike' } })),
  words(...secPath()).map((ws): Op => ({ kind: 'delete', words: ws, target: { t: 'proposals' } })),
  fc.tuple(words(...secPath()), name).chain(([ws, p]) => val(p).map((w): Op => ({ kind: 'delete', words: [...ws, w], target: { t: 'prop', p } }))),
  fc.tuple(words(...secPath()), name, fc.constantFrom(...LEAVES)).chain(([ws, p, leaf]) =>
    fc.tuple(val(p), kw(proposalDecl, leaf)).map(([pw, lw]): Op => ({ kind: 'delete', words: [...ws, pw, lw], target: { t: 'leaf', p, leaf } })),
  ),
);

const W = (s: string): Word[] => s.split(' ').map((text) => ({ text }));
/** Set commands that must fail and change nothing. */
const invalid: fc.Arbitrary<Op> = fc
  .tuple(
    fc.constantFrom('p1', 'p9'),
    fc.constantFrom(
      'dh-group group3', 'dh-group gr', 'dh-group', 'dh-group group2 extra', 'lifetime-seconds 179', 'lifetime-seconds 86401',
      'lifetime-seconds 12x', 'lifetime-seconds -5', 'lifetime-seconds 99999999999999999999', 'encryption-algorithm aes',
      'authentication-algorithm sha', 'authentication-method pre-shared-keysX', 'a x', 'bogus x', 'description',
    ),
  )
  .map(([p, rest]) => `security ike proposal ${p} ${rest}`.trim())
  .chain((s) => fc.constantFrom(s, 'security ike proposal -bad dh-group group2', `security ike proposal ${'x'.repeat(33)}`, 'system host-name -bad',
    'system host-nameX a', 'system host-name', 'security ike policy ip9 pre-shared-key hexadecimal zz', 'bogus', 'system host-name "a b"'))
  .map((s): Op => ({ kind: 'invalid', words: s.includes('"') ? [...W(s.replace(/ ".*/, '')), { text: 'a b', quoted: true }] : W(s) }));

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: setLeaf },
  { weight: 2, arbitrary: setProp },
  { weight: 2, arbitrary: setHost },
  { weight: 5, arbitrary: del },
  { weight: 3, arbitrary: invalid },
  { weight: 4, arbitrary: fc.option(fc.constantFrom('fix', 'a "quoted" comment', ''), { nil: undefined }).map((comment): Op => (comment === undefined ? { kind: 'commit' } : { kind: 'commit', comment })) },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 30 }).map((n): Op => ({ kind: 'commit-many', n })) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'check' }) },
  { weight: 4, arbitrary: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 60 })).map((n): Op => ({ kind: 'rollback', n })) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'restart' }) },
);

// ---------------------------------------------------------------------------------------
// Model transitions: what each operation does to the model and what the store must answer.

type Expect = 'ok' | 'warning' | 'error';

function deleteIn(c: Cfg, t: DeleteTarget): boolean {
  switch (t.t) {
    case 'all': c.host = undefined; delete c.host; c.props.clear(); return true;
    case 'system':
    case 'host':
      if (c.host === undefined) return false;
      delete c.host;
      return true;
    case 'security':
    case 'ike':
    case 'proposals':
      if (c.props.size === 0) return false;
      c.props.clear();
      return true;
    case 'prop':
      return c.props.delete(t.p);
    case 'leaf':
      return c.props.get(t.p)?.delete(t.leaf) ?? false;
  }
}

class Model {
  cand = emptyCfg();
  committed = emptyCfg();
  /** Retained commits, newest first. */
  history: Cfg[] = [];

  commit(): void {
    this.committed = cloneCfg(this.cand);
    this.history = [cloneCfg(this.cand), ...this.history].slice(0, MAX_HISTORY);
  }

  /** Applies an edit; returns what the store must say. */
  edit(o: Op): Expect {
    switch (o.kind) {
      case 'set-host': this.cand.host = o.value; return 'ok';
      case 'set-prop': if (!this.cand.props.has(o.p)) this.cand.props.set(o.p, new Map()); return 'ok';
      case 'set-leaf': {
        let m = this.cand.props.get(o.p);
        if (!m) this.cand.props.set(o.p, (m = new Map()));
        m.set(o.leaf, o.value);
        return 'ok';
      }
      case 'delete': return deleteIn(this.cand, o.target) ? 'ok' : 'warning';
      case 'invalid': return 'error';
      default: throw new Error(`not an edit: ${o.kind}`);
    }
  }

  rollback(n: number): boolean {
    if (n === 0) this.cand = cloneCfg(this.committed);
    else if (n < this.history.length) this.cand = cloneCfg(this.history[n]!);
    else return false;
    return true;
  }
}

// ---------------------------------------------------------------------------------------
// Running a sequence against the store.

const describe = (o: Op): string => ('words' in o ? `${o.kind} ${o.words.map((w) => (w.quoted ? JSON.stringify(w.text) : w.text)).join(' ')}` : JSON.stringify(o));
const lines = (text: string) => text.split('\n').filter((l) => l !== '');

function compareLines(what: string, actual: string[], expected: string[], step: number, o: Op): void {
  const a = new Set(actual);
  const e = new Set(expected);
  const missing = expected.filter((l) => !a.has(l));
  const extra = actual.filter((l) => !e.has(l));
  if (missing.length || extra.length || a.size !== actual.length) {
    throw new Error(`step ${step} (${describe(o)}): ${what} differs\n  missing: ${JSON.stringify(missing)}\n  extra: ${JSON.stringify(extra)}\n  actual: ${JSON.stringify(actual)}`);
  }
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`step ${step} (${describe(o)}): ${what} in a different order\n  expected: ${JSON.stringify(expected)}\n  actual: ${JSON.stringify(actual)}`);
  }
}

function runSequence(ops: readonly Op[]): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'srxsim-model-'));
  const clock = new VirtualClock();
  const random = new SeededRandom(1);
  const open = () => ConfigStore.open({ dir, clock, random });
  try {
    let store = open();
    const m = new Model();
    ops.forEach((o, step) => {
      clock.advance(1000);
      const fail = (msg: string): never => {
        throw new Error(`step ${step} (${describe(o)}): ${msg}`);
      };
      const c = store.shared;
      switch (o.kind) {
        case 'set-host':
        case 'set-prop':
        case 'set-leaf':
        case 'delete':
        case 'invalid': {
          const expect = m.edit(o);
          const r = o.kind === 'delete' ? c.delete([], o.words) : c.set([], o.words);
          const got: Expect = !r.ok ? 'error' : r.warning ? 'warning' : 'ok';
          if (got !== expect) fail(`expected ${expect}, got ${JSON.stringify(r)}`);
          break;
        }
        case 'commit': {
          const r = store.commit(c, { user: 'admin', client: 'cli', ...(o.comment !== undefined ? { comment: o.comment } : {}) });
          if (!r.ok || r.output !== 'commit complete\n') fail(`commit: ${r.output}`);
          m.commit();
          const h = store.history()[0];
          if (h?.comment !== o.comment || h.user !== 'admin' || h.time !== clock.now()) fail(`history head ${JSON.stringify(h)}`);
          break;
        }
        case 'commit-many':
          for (let k = 0; k < o.n; k++) {
            if (!store.commit(c, { user: 'admin', client: 'cli' }).ok) fail('commit failed');
            m.commit();
          }
          break;
        case 'check': {
          const r = store.commitCheck(c);
          if (!r.ok || r.output !== 'configuration check succeeds\n') fail(`check: ${r.output}`);
          break;
        }
        case 'rollback': {
          const expectOk = m.rollback(o.n);
          const r = store.rollback(c, o.n);
          if (r.ok !== expectOk) fail(`rollback ${o.n} with ${m.history.length} retained: ${r.output}`);
          if (!r.ok && r.output !== `error: Requested rollback ${o.n} does not exist\n`) fail(`rollback error text: ${r.output}`);
          break;
        }
        case 'restart':
          store = open();
          m.cand = cloneCfg(m.committed);
          break;
      }
      compareLines('candidate', lines(renderSet(store.shared.tree)), modelLines(m.cand), step, o);
      compareLines('committed', lines(renderSet(store.committed())), modelLines(m.committed), step, o);
      if (store.history().length !== m.history.length) fail(`history has ${store.history().length} commits, model ${m.history.length}`);
      const modified = store.isModified(store.shared);
      if (modified !== !sameContent(m.cand, m.committed)) fail(`isModified is ${modified}`);
      if ((store.compare(store.shared).output === '') === modified) fail('compare disagrees with isModified');
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('ConfigStore agrees with the reference model', (t) => {
  fc.assert(fc.property(fc.array(op, { minLength: 10, maxLength: 60, size: 'max' }), runSequence), { numRuns: NUM_RUNS, interruptAfterTimeLimit: TIME_LIMIT });
  t.pass();
});

test('the model test catches a divergence (sanity: a wrong model fails)', (t) => {
  // Deliberately expect `rollback 1` to be the current configuration: must be reported.
  const ops: Op[] = [
    { kind: 'set-host', words: W('system host-name a'), value: 'a' },
    { kind: 'commit' },
    { kind: 'set-host', words: W('system host-name b'), value: 'b' },
    { kind: 'commit' },
    { kind: 'rollback', n: 1 },
  ];
  t.notThrows(() => runSequence(ops));
  const wrong = ops.map((o) => (o.kind === 'set-host' && o.value === 'a' ? { ...o, value: 'b' } : o));
  t.throws(() => runSequence(wrong), { message: /candidate differs/ });
});

test('the model quotes comment delimiters as the store does (seed 2004660833)', (t) => {
  // The shrunk counterexample: the model expected `description /*` where the store shows `description "/*"`.
  const leaf = (s: string, p: string, value: string): Op => ({ kind: 'set-leaf', words: [...W(s), { text: value }], p, leaf: 'description', value });
  const ops: Op[] = [
    leaf('securi ike propo x.y_z description', 'x.y_z', '/*'),
    { kind: 'set-host', words: W('sy h 0'), value: '0' },
    { kind: 'commit' },
    { kind: 'delete', words: W('security ik pr'), target: { t: 'proposals' } },
    leaf('security ike proposal p1 de', 'p1', ''),
    { kind: 'check' },
    leaf('se ik pr p1 de', 'p1', ''),
    { kind: 'set-prop', words: W('security ike pr p1'), p: 'p1' },
    leaf('se ik proposal p1 de', 'p1', 'a*/b'),
    { kind: 'delete', words: W('system host-name'), target: { t: 'host' } },
    leaf('se ik pr p1 description', 'p1', ''),
    leaf('se ik pr p2 description', 'p2', 'é/*'),
  ];
  t.notThrows(() => runSequence(ops));
});
