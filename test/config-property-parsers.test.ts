// Property: the configuration parsers never throw. Random strings, token soups and mutated
// valid configuration texts go through lex, resolvePath, loadCurly, Candidate.load (all modes)
// and the Candidate's edit commands; each returns ok or errors, and a failed load or edit
// leaves the candidate exactly as it was. Whatever a load accepts must itself survive
// render -> load -> render.
import test from 'ava';
import fc from 'fast-check';
import type { Candidate, LoadMode, Word } from '../engine/config/candidate.ts';
import { loadCurly } from '../engine/config/load-curly.ts';
import { resolvePath } from '../engine/config/path.ts';
import { renderCurly } from '../engine/config/render-curly.ts';
import { renderSet } from '../engine/config/render-set.ts';
import { schemaRoot } from '../engine/config/schema/index.ts';
import { secretEncoder } from '../engine/config/secrets.ts';
import { lex } from '../engine/config/tokens.ts';
import { cloneInterior } from '../engine/config/tree.ts';
import { SeededRandom } from '../engine/runtime/random.ts';
import { allKeywords, buildCandidate, configScriptArb, freshCandidate, freshTree } from './helpers/config-arbitraries.ts';

const NUM_RUNS = 1000;
// A failure found late shrinks within this budget (fast-check reports the partly shrunk case) rather than hitting ava's 2-minute timeout; on a slow machine the runs stop here too.
const TIME_LIMIT = 60_000;

// ---------------------------------------------------------------------------------------
// Inputs.

const KEYWORDS = allKeywords();
const PUNCT = ['{', '}', ';', '[', ']', '"', '\\', '/*', '*/', '#', '\n', '\r\n', ' ', '\t', 'inactive:', 'replace:', 'protect:', '## SECRET-DATA', 'set', 'delete', 'deactivate', 'activate', 'rename', 'copy', 'insert', 'to', 'before', 'after'];
/** Names that a plain-object lookup finds on every object. */
const PROTO = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'];
const VALUES = ['p1', 'ge-0/0/0', 'ge-0/0/0.0', 'st0.1', '10.0.0.1', '10.0.0.0/24', '1.2.3.4/33', '300', '0', '-1', '99999999999999999999', 'group14', '$9$LbHX-wg4Z', '$9$', '""', 'a b', '\u0000', '\uFFFF', '\uD800', 'é'];
const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...KEYWORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...PUNCT) },
  { weight: 2, arbitrary: fc.constantFrom(...VALUES) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTO) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);


/** Sequences of configuration words and punctuation, joined by blanks or nothing. */
const tokenSoup = fc.array(fc.tuple(piece, fc.constantFrom(' ', ' ', '', '\n')), { maxLength: 40 }).map((ps) => ps.map(([p, sep]) => p + sep).join(''));
const randomText = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ maxLength: 200 }), tokenSoup);

type Mutation = { kind: 'delete' | 'insert' | 'replace' | 'truncate' | 'dupline' | 'swaplines'; pos: number; len: number; text: string };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('delete', 'insert', 'replace', 'truncate', 'dupline', 'swaplines'),
  pos: fc.nat(),
  len: fc.integer({ min: 1, max: 12 }),
  text: piece,
});

function mutate(text: string, ms: readonly Mutation[]): string {
  for (const m of ms) {
    const at = text.length ? m.pos % (text.length + 1) : 0;
    const lines = text.split('\n');
    const ln = m.pos % lines.length;
    switch (m.kind) {
      case 'delete': text = text.slice(0, at) + text.slice(at + m.len); break;
      case 'insert': text = text.slice(0, at) + m.text + text.slice(at); break;
      case 'replace': text = text.slice(0, at) + m.text + text.slice(at + m.len); break;
      case 'truncate': text = text.slice(0, at); break;
      case 'dupline': lines.splice(ln, 0, lines[ln]!); text = lines.join('\n'); break;
      case 'swaplines': {
        const other = (ln + m.len) % lines.length;
        [lines[ln], lines[other]] = [lines[other]!, lines[ln]!];
        text = lines.join('\n');
        break;
      }
    }
  }
  return text;
}

const smallScripts = configScriptArb({ abbreviate: true, maxSets: 10 });
/** A valid configuration text in curly or set form, mutated. */
const mutatedText = (form: 'curly' | 'set') =>
  fc.tuple(smallScripts, fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([script, ms]) => {
    const tree = buildCandidate(script).candidate.tree;
    return mutate(form === 'curly' ? renderCurly(tree) : renderSet(tree), ms);
  });

const anyText = fc.oneof(randomText, mutatedText('curly'), mutatedText('set'));
const LOAD_MODES: LoadMode[] = ['merge', 'override', 'replace', 'set'];

// ---------------------------------------------------------------------------------------
// Checks.

function checkPositions(text: string, errors: readonly { line: number; col: number }[]): void {
  if (errors.length === 0) throw new Error('failed load reports no error');
  const lines = text.split('\n').length;
  for (const e of errors) {
    if (!Number.isInteger(e.line) || e.line < 1 || e.line > lines) throw new Error(`error line ${e.line} outside 1..${lines}`);
    if (!Number.isInteger(e.col) || e.col < 0) throw new Error(`bad error column ${e.col}`);
  }
}

/** A successful load must produce a configuration that itself round-trips. */
function checkRoundTrip(c: Candidate): void {
  const curly = renderCurly(c.tree);
  const t = freshTree();
  const r = loadCurly(t, curly, secretEncoder(new SeededRandom(7)));
  if (!r.ok) throw new Error(`accepted configuration does not reload: ${JSON.stringify(r.errors)}\n${curly}`);
  if (renderCurly(t) !== curly) throw new Error(`accepted configuration renders differently after reload\n--- first\n${curly}--- second\n${renderCurly(t)}`);
}

test('lex never throws and reports positions inside the text', (t) => {
  fc.assert(
    fc.property(anyText, fc.boolean(), (text, curly) => {
      const r = lex(text, curly);
      if (r.ok) {
        for (const tok of r.tokens) if (tok.line < 1 || tok.col < 0 || (tok.text === '' && !tok.quoted)) throw new Error(`bad token ${JSON.stringify(tok)}`);
      } else {
        checkPositions(text, [r]);
      }
    }),
    { numRuns: NUM_RUNS * 2, interruptAfterTimeLimit: TIME_LIMIT },
  );
  t.pass();
});

test('resolvePath never throws; errors point at a token or just past the end', (t) => {
  const words = fc.array(fc.tuple(piece, fc.boolean()), { maxLength: 14 });
  fc.assert(
    fc.property(words, fc.constantFrom('set' as const, 'path' as const), (ws, mode) => {
      const r = resolvePath(schemaRoot, ws.map(([w]) => w), mode, ws.map(([, q]) => q));
      if (!r.ok && (r.error.token < 0 || r.error.token > ws.length)) throw new Error(`error token ${r.error.token} outside 0..${ws.length}`);
    }),
    { numRuns: NUM_RUNS * 3, interruptAfterTimeLimit: TIME_LIMIT },
  );
  t.pass();
});

test('loadCurly never throws', (t) => {
  fc.assert(
    fc.property(anyText, (text) => {
      const r = loadCurly(freshTree(), text, secretEncoder(new SeededRandom(1)));
      if (!r.ok) checkPositions(text, r.errors);
    }),
    { numRuns: NUM_RUNS, interruptAfterTimeLimit: TIME_LIMIT },
  );
  t.pass();
});

test('Candidate.load never throws; a failed load changes nothing, an accepted one round-trips', (t) => {
  fc.assert(
    fc.property(smallScripts, anyText, fc.constantFrom(...LOAD_MODES), (script, text, mode) => {
      const { candidate } = buildCandidate(script);
      const tree = candidate.tree;
      const before = renderCurly(tree);
      const snapshot = cloneInterior(tree);
      const r = candidate.load(mode, text);
      if (r.ok) {
        checkRoundTrip(candidate);
      } else {
        checkPositions(text, r.errors);
        if (candidate.tree !== tree) throw new Error('failed load replaced the tree');
        if (renderCurly(candidate.tree) !== before) throw new Error('failed load changed the rendered candidate');
        if (renderSet(candidate.tree) !== renderSet(snapshot)) throw new Error('failed load changed the set form');
      }
    }),
    { numRuns: NUM_RUNS, interruptAfterTimeLimit: TIME_LIMIT },
  );
  t.pass();
});

test('Candidate edits with random words never throw; a failed edit changes nothing', (t) => {
  const word = fc.tuple(piece, fc.boolean()).map(([text, quoted]): Word => (quoted ? { text, quoted } : { text }));
  const verb = fc.constantFrom('set', 'delete', 'deactivate', 'activate', 'annotate', 'rename', 'copy', 'insert', 'edit');
  fc.assert(
    fc.property(smallScripts, fc.array(fc.tuple(verb, fc.array(word, { maxLength: 12 })), { minLength: 1, maxLength: 6 }), (script, edits) => {
      const { candidate } = buildCandidate(script);
      for (const [v, ws] of edits) {
        const before = renderCurly(candidate.tree);
        const tree = candidate.tree;
        let failed: boolean;
        switch (v) {
          case 'set': failed = !candidate.set([], ws).ok; break;
          case 'delete': failed = !candidate.delete([], ws).ok; break;
          case 'deactivate': failed = !candidate.activate([], ws, true).ok; break;
          case 'activate': failed = !candidate.activate([], ws, false).ok; break;
          case 'annotate': failed = !candidate.annotate([], ws.slice(0, -1), ws.at(-1)?.text ?? '').ok; break;
          case 'rename': failed = !candidate.renameOrCopy([], ws, 'rename').ok; break;
          case 'copy': failed = !candidate.renameOrCopy([], ws, 'copy').ok; break;
          case 'insert': failed = !candidate.insert([], ws).ok; break;
          default: {
            const lv = candidate.level([], ws);
            failed = true; // edit never changes the tree
            if (lv.ok) candidate.show(lv.steps);
          }
        }
        if (failed && (candidate.tree !== tree || renderCurly(candidate.tree) !== before)) throw new Error(`failed ${v} ${JSON.stringify(ws)} changed the candidate`);
      }
    }),
    { numRuns: NUM_RUNS, interruptAfterTimeLimit: TIME_LIMIT },
  );
  t.pass();
});

test('a set-format load of mutated set output never throws and fails atomically', (t) => {
  fc.assert(
    fc.property(smallScripts, mutatedText('set'), fc.integer(), (script, text, seed) => {
      const c = freshCandidate(seed);
      c.load('merge', renderCurly(buildCandidate(script).candidate.tree));
      const before = renderCurly(c.tree);
      const r = c.load('set', text);
      if (!r.ok && renderCurly(c.tree) !== before) throw new Error('failed set load changed the candidate');
    }),
    { numRuns: NUM_RUNS, interruptAfterTimeLimit: TIME_LIMIT },
  );
  t.pass();
});
