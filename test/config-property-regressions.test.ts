// Regressions for engine bugs the configuration property tests found (quoting of comment
// starts and of positional values that look like keywords or tags, empty containers,
// deactivated positional leaves, line breaks in values), each as its smallest example.
import test from 'ava';
import type { Word } from '../engine/config/candidate.ts';
import { compareConfigurations } from '../engine/config/diff.ts';
import { loadCurly } from '../engine/config/load-curly.ts';
import { renderCurly } from '../engine/config/render-curly.ts';
import { renderSet } from '../engine/config/render-set.ts';
import { secretEncoder } from '../engine/config/secrets.ts';
import { SeededRandom } from '../engine/runtime/random.ts';
import { freshCandidate, freshTree } from './helpers/config-arbitraries.ts';
import type { ExecutionContext } from 'ava';

/** Words of a command line; a word written "like this" is quoted. */
const W = (line: string): Word[] => (line.match(/"[^"]*"|\S+/g) ?? []).map((w) => (w.startsWith('"') ? { text: w.slice(1, -1), quoted: true } : { text: w }));

function build(t: ExecutionContext, edits: string[]) {
  const c = freshCandidate(1);
  for (const e of edits) {
    const [verb, ...rest] = e.split(' ');
    const ws = W(rest.join(' '));
    const r = verb === 'set' ? c.set([], ws) : verb === 'deactivate' ? c.activate([], ws, true) : c.annotate([], ws.slice(0, -1), ws.at(-1)!.text);
    t.true(r.ok && !('warning' in r && r.warning), `${e}: ${JSON.stringify(r)}`);
  }
  return c;
}

function assertCurlyRoundTrip(t: ExecutionContext, edits: string[]): void {
  const c = build(t, edits);
  const curly = renderCurly(c.tree);
  const tree = freshTree();
  const r = loadCurly(tree, curly, secretEncoder(new SeededRandom(2)));
  t.deepEqual(r, { ok: true }, curly);
  t.is(renderCurly(tree), curly);
  t.is(compareConfigurations(c.tree, tree), '');
}

function assertSetRoundTrip(t: ExecutionContext, edits: string[]): void {
  const c = build(t, edits);
  const set = renderSet(c.tree);
  const c2 = freshCandidate(2);
  t.deepEqual(c2.load('set', set), { ok: true }, set);
  t.is(renderSet(c2.tree), set);
}

test('a value starting with /* survives curly render and load', (t) => {
  assertCurlyRoundTrip(t, ['set security ike proposal p1 description "/*x"']);
});

test('a positional value that abbreviates a keyword survives curly render and load', (t) => {
  assertCurlyRoundTrip(t, ['set security ike traceoptions file "s"']);
});

test('a positional value equal to a keyword keeps its meaning after render and load', (t) => {
  assertCurlyRoundTrip(t, ['set security ike traceoptions file "world-readable"']);
});

test('a positional value equal to a tag survives curly render and load', (t) => {
  assertCurlyRoundTrip(t, ['set security ike traceoptions file "protect:" size 1m', 'annotate security ike traceoptions file size "why"']);
});

test('set of a bare non-presence container renders consistently', (t) => {
  assertCurlyRoundTrip(t, ['set system login']);
});

test('an inactive positional leaf survives set render and load', (t) => {
  assertSetRoundTrip(t, ['set security zones security-zone z address-book address a 1.2.3.4/32', 'deactivate security zones security-zone z address-book address a "1.2.3.4/32"']);
});

test('a value with a line break is refused, so no output can be misread', (t) => {
  const c = freshCandidate(1);
  t.like(c.load('merge', 'security { ike { proposal p1 { description "a\nb"; } } }\n'), { ok: false });
  t.like(c.set([], W('security ike proposal p1 description "a\nb"').map((w) => ({ ...w, text: w.text.replace('\\n', '\n') }))), { ok: false });
  t.is(renderCurly(c.tree), '');
});

// Found by config-property-parsers: `load set` looked its verb up in a plain object, so a line
// whose first word is an Object.prototype member threw a TypeError instead of reporting an error.
test('load set reports an unknown verb that names an Object.prototype member', (t) => {
  for (const verb of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
    const c = freshCandidate(1);
    t.like(c.load('set', `${verb} x`), { ok: false, errors: [{ line: 1, col: 0, message: 'syntax error', near: verb }] });
  }
});

// Found by config-property-model (seed 2004660833): `set ... description /*` renders as
// `description "/*"` (a bare `/*` would open a comment when the output is loaded back), but the
// model's quoting rule knew nothing of comment delimiters and expected `description /*`. The
// store was right; the model now quotes `/*` and `*/` as the store does. Pinned here with the
// empty description from the same counterexample, which Junos shows as `description "";`.
test('a description of /* or the empty string is quoted in set and curly output and loads back', (t) => {
  const edits = ['set security ike proposal x.y_z description /*', 'set security ike proposal p1 description ""', 'set security ike proposal p2 description a*/b'];
  const c = build(t, edits);
  t.is(
    renderSet(c.tree),
    'set security ike proposal x.y_z description "/*"\nset security ike proposal p1 description ""\nset security ike proposal p2 description "a*/b"\n',
  );
  t.regex(renderCurly(c.tree), /^ +description "\/\*";$/m);
  t.regex(renderCurly(c.tree), /^ +description "";$/m);
  assertSetRoundTrip(t, edits);
  assertCurlyRoundTrip(t, edits);
});
