// Property: configurations generated from the schema survive render -> load -> render.
//
// Curly form carries everything (inactive: tags, /* annotations */, SECRET-DATA), so
// renderCurly(load(renderCurly(t))) must equal renderCurly(t). Set form (`| display set`)
// carries deactivate commands but no annotations, as on Junos; so for set output we check
// renderSet(load(renderSet(t))) === renderSet(t), and that the loaded tree's curly form equals
// the curly form of t with its annotations stripped.
import test from 'ava';
import fc from 'fast-check';
import { loadCurly } from '../engine/config/load-curly.ts';
import { renderCurly } from '../engine/config/render-curly.ts';
import { renderSet } from '../engine/config/render-set.ts';
import { compareConfigurations } from '../engine/config/diff.ts';
import { secretEncoder } from '../engine/config/secrets.ts';
import { SeededRandom } from '../engine/runtime/random.ts';
import { buildCandidate, configScriptArb, freshCandidate, freshTree, stripAnnotations } from './helpers/config-arbitraries.ts';

const NUM_RUNS = 1000;
// A failure found late shrinks within this budget (fast-check reports the partly shrunk case) rather than hitting ava's 2-minute timeout; on a slow machine the runs stop here too.
const TIME_LIMIT = 60_000;
const scripts = configScriptArb({ abbreviate: true });

test('generated set commands are all accepted', (t) => {
  fc.assert(
    fc.property(scripts, (script) => {
      const { unexpected } = buildCandidate(script);
      if (unexpected.length) throw new Error(`unexpected failures: ${JSON.stringify(unexpected, null, 1)}`);
    }),
    { numRuns: NUM_RUNS, interruptAfterTimeLimit: TIME_LIMIT },
  );
  t.pass();
});

test('curly: render -> loadCurly -> render is the identity', (t) => {
  fc.assert(
    fc.property(scripts, fc.integer(), (script, seed) => {
      const { candidate } = buildCandidate(script);
      const curly = renderCurly(candidate.tree);
      const tree = freshTree();
      const r = loadCurly(tree, curly, secretEncoder(new SeededRandom(seed)));
      if (!r.ok) throw new Error(`load failed: ${JSON.stringify(r.errors)}\n${curly}`);
      const again = renderCurly(tree);
      if (again !== curly) throw new Error(`render differs\n--- first\n${curly}--- second\n${again}`);
      const diff = compareConfigurations(candidate.tree, tree);
      if (diff !== '') throw new Error(`compare is not empty:\n${diff}`);
    }),
    { numRuns: NUM_RUNS, interruptAfterTimeLimit: TIME_LIMIT },
  );
  t.pass();
});

test('curly: load override into a non-empty candidate gives exactly the loaded text', (t) => {
  fc.assert(
    fc.property(scripts, scripts, (a, b) => {
      const curly = renderCurly(buildCandidate(a).candidate.tree);
      const c = buildCandidate(b).candidate;
      const r = c.load('override', curly);
      if (!r.ok) throw new Error(`load override failed: ${JSON.stringify(r.errors)}\n${curly}`);
      const again = renderCurly(c.tree);
      if (again !== curly) throw new Error(`render differs\n--- first\n${curly}--- second\n${again}`);
    }),
    { numRuns: Math.ceil(NUM_RUNS / 3), interruptAfterTimeLimit: TIME_LIMIT },
  );
  t.pass();
});

test('set: render -> load set -> render is the identity (annotations are not in set output)', (t) => {
  fc.assert(
    fc.property(scripts, fc.integer(), (script, seed) => {
      const { candidate } = buildCandidate(script);
      const set = renderSet(candidate.tree);
      const c = freshCandidate(seed);
      const r = c.load('set', set);
      if (!r.ok) throw new Error(`load set failed: ${JSON.stringify(r.errors)}\n${set}`);
      const again = renderSet(c.tree);
      if (again !== set) throw new Error(`set render differs\n--- first\n${set}--- second\n${again}`);
      const expected = renderCurly(stripAnnotations(candidate.tree));
      const curly = renderCurly(c.tree);
      if (curly !== expected) throw new Error(`curly of set-loaded tree differs\n--- expected\n${expected}--- actual\n${curly}`);
    }),
    { numRuns: NUM_RUNS, interruptAfterTimeLimit: TIME_LIMIT },
  );
  t.pass();
});

test('stripAnnotations does not touch its argument', (t) => {
  fc.assert(
    fc.property(scripts, (script) => {
      const { candidate } = buildCandidate(script);
      const before = renderCurly(candidate.tree);
      stripAnnotations(candidate.tree);
      return renderCurly(candidate.tree) === before;
    }),
    { numRuns: 50, interruptAfterTimeLimit: TIME_LIMIT },
  );
  t.pass();
});
