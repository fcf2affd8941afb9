// The transcript format's parser (strict, with file:line errors) and the player's
// handling of questions, volatile fields, sessions, errors and --update.
import test from 'ava';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lineMatches, parseTranscript, TranscriptSyntaxError } from '../shell/transcript/format.ts';
import { replay, replayFile } from '../shell/transcript/player.ts';
import { unifiedDiff } from '../shell/transcript/unified-diff.ts';

const syntaxError = (text: string) => {
  try {
    parseTranscript(text, 'x.transcript');
  } catch (e) {
    if (e instanceof TranscriptSyntaxError) return e.message;
    throw e;
  }
  return undefined;
};

test('the header takes lab, seed and advance; other # lines are comments', (t) => {
  const tr = parseTranscript('# A comment: with a colon\n#: another\n\n# lab: default\n# seed: 9\n# advance 2m\nadmin@Edge> show version\nHostname: Edge\n', 'x.transcript');
  t.deepEqual(tr.lab, { value: 'default', line: 4 });
  t.deepEqual(tr.seed, { value: '9', line: 5 });
  t.deepEqual(tr.steps.map((s) => s.kind), ['advance', 'command']);
  t.is(tr.steps[0]!.kind === 'advance' && tr.steps[0]!.ms, 120_000);
});

test('Junos lines beginning with # are expected output, not comments', (t) => {
  const tr = parseTranscript(
    [
      '# lab: default',
      'admin@Edge# commit confirmed 2',
      'commit complete',
      '',
      '# commit confirmed will be rolled back in 2 minutes',
      '[edit]',
      'admin@Edge# show',
      '## Last commit: 2012-06-01 10:00:00 UTC by admin',
      '    pre-shared-key ascii-text "$9$x"; ## SECRET-DATA',
      '#: a comment ends the output',
      '# advance 30s',
      'admin@Edge# show',
      '',
      '',
    ].join('\n'),
    'x.transcript',
  );
  const [a, b, c, d, e] = tr.steps;
  t.deepEqual(a!.kind === 'command' && a!.expected, ['commit complete', '', '# commit confirmed will be rolled back in 2 minutes', '[edit]']);
  t.deepEqual(b!.kind === 'command' && b!.expected, ['## Last commit: 2012-06-01 10:00:00 UTC by admin', '    pre-shared-key ascii-text "$9$x"; ## SECRET-DATA']);
  t.is(c!.kind, 'comment');
  t.is(d!.kind === 'advance' && d!.ms, 30_000);
  t.like(e, { kind: 'command', mode: '#', command: 'show', expected: [''] });
});

test('the parser is strict and names file and line', (t) => {
  t.is(syntaxError('admin@Edge> show version\n'), 'x.transcript:1: missing "# lab: NAME|PATH" directive in the header (before the first prompt line)');
  t.is(syntaxError('# lab: default\n# sed: 1\n'), 'x.transcript:2: unknown directive "# sed:" (known: "# lab:", "# seed:", "# advance"; a comment is "#: text")');
  t.is(syntaxError('# lab: default\n# lab: other\n'), 'x.transcript:2: second "# lab:" directive (the first is on line 1)');
  t.regex(syntaxError('# lab: default\nHostname: Edge\n')!, /^x\.transcript:2: expected output before the first prompt line/);
  t.regex(syntaxError('# lab: default\nadmin@Edge> show version\n# advance 30 s\n')!, /^x\.transcript:3: bad directive "# advance 30 s"/);
  t.regex(syntaxError('# lab: default\nadmin@Edge> show version\n# advance 5d\n')!, /^x\.transcript:3: bad directive/);
  t.regex(syntaxError('# lab: default\nadmin@Edge> show version\n#: note\nstray output\n')!, /^x\.transcript:4: output after a comment or directive must follow a prompt line/);
  t.regex(syntaxError('# lab: default\r\nadmin@Edge> show version\r\n')!, /^x\.transcript:1: carriage return/);
  t.is(syntaxError('# lab: default\nadmin@Edge>\n'), undefined, 'a bare prompt is an empty command');
});

test('{{any}} matches any text within one line, and nothing else is special', (t) => {
  t.true(lineMatches('Current time: {{any}}', 'Current time: 2012-06-01 10:00:00 UTC'));
  t.true(lineMatches('a {{any}} c {{any}}', 'a b c '));
  t.false(lineMatches('Current time: {{any}} UTC', 'Current time: 10:00 CET'));
  t.false(lineMatches('a.c', 'abc'), 'regular-expression characters are literal');
  t.false(lineMatches('x', 'x '));
});

test('unified diff: hunks with line numbers of both sides', (t) => {
  t.is(unifiedDiff(['a', 'b', 'c'], ['a', 'b', 'c'], 'e', 'a'), '');
  t.is(unifiedDiff(['1', '2', '3', '4', '5', '6', '7', '8', '9'], ['1', '2', '3', '4', 'X', '6', '7', '8', '9'], 'e', 'a'), '--- e\n+++ a\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+X\n 6\n 7\n 8\n');
  t.is(unifiedDiff(['a'], ['a', 'b'], 'e', 'a'), '--- e\n+++ a\n@@ -1,1 +1,2 @@\n a\n+b\n');
});

function temp(name: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'srxsim-transcript-'));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const configure = ['admin@Edge> configure', 'Entering configuration mode', '', '[edit]'];

test('a question is answered by the text after it on the same line; ^D is end of input', async (t) => {
  const file = temp(
    'q.transcript',
    [
      '# lab: default',
      ...configure,
      'admin@Edge# set system host-name Q',
      '',
      '[edit]',
      'admin@Edge# exit',
      'The configuration has been changed but not committed',
      'Exit with uncommitted changes? [yes,no] (yes) no',
      '',
      '[edit]',
      'admin@Edge# exit',
      'The configuration has been changed but not committed',
      'Exit with uncommitted changes? [yes,no] (yes) ^D',
      '',
      '[edit]',
      'admin@Edge# load merge terminal',
      '[Type ^D at a new line to end input]',
      'system { host-name Q2; }',
      '^D',
      'load complete',
      '',
      '[edit]',
      'admin@Edge# exit',
      'The configuration has been changed but not committed',
      'Exit with uncommitted changes? [yes,no] (yes) yes',
      'Exiting configuration mode',
      '',
      'admin@Edge> show configuration system host-name',
      'host-name Edge;',
      '',
      'admin@Edge> configure',
      'Entering configuration mode',
      'The configuration has been changed but not committed',
      '',
      '[edit]',
      'admin@Edge# show system host-name',
      'host-name Q2;',
      '',
      '[edit]',
    ].join('\n') + '\n',
  );
  const r = await replayFile(file);
  t.true(r.ok, r.diff + (r.error ?? ''));
  t.is(r.commands, 9);
});

test('a wrong answer changes what happens, and the diff shows it', async (t) => {
  const file = temp('q.transcript', ['# lab: default', ...configure, 'admin@Edge# set system host-name Q', '', '[edit]', 'admin@Edge# exit', 'The configuration has been changed but not committed', 'Exit with uncommitted changes? [yes,no] (yes) yes', '', '[edit]', ''].join('\n'));
  const r = await replayFile(file);
  t.false(r.ok);
  t.true(r.diff.includes('+Exiting configuration mode\n'), r.diff);
});

test('each user gets a session per device; a second login is an SSH login', async (t) => {
  const file = temp(
    'users.transcript',
    [
      '# lab: default',
      ...configure,
      'root@Edge> configure',
      'Entering configuration mode',
      'Users currently editing the configuration:',
      '  admin terminal u0 (pid 31745) on since 2012-06-01 10:00:00 UTC',
      '      [edit]',
      '',
      '[edit]',
      'admin@Remote> show system users',
      '10:00AM  up 0:00, 1 user, load averages: 0.00, 0.00, 0.00',
      'USER     TTY      FROM                              LOGIN@  IDLE WHAT',
      'admin    u0       console                           10:00AM      - -cli (cli)',
      '',
      'root@Edge# exit',
      'Exiting configuration mode',
      '',
    ].join('\n') + '\n',
  );
  const r = await replayFile(file);
  t.true(r.ok, r.diff + (r.error ?? ''));
});

test('unknown devices, unknown users and unknown labs stop the replay with file and line', async (t) => {
  const run = async (text: string) => {
    let out = '';
    const r = await replay([temp('e.transcript', text)], { print: (s) => (out += s) });
    t.is(r.failed, 1);
    return out;
  };
  t.regex(await run('# lab: default\nadmin@Nowhere> show version\n'), /e\.transcript:2: error: no device "Nowhere" in lab default \(devices: Edge, Remote\)/);
  t.regex(await run('# lab: default\nmallory@Edge> show version\n'), /e\.transcript:2: error: user "mallory" cannot log in to Edge/);
  t.regex(await run('# lab: nosuchlab\nadmin@Edge> show version\n'), /e\.transcript:1: error: lab "nosuchlab" not found/);
  t.regex(await run('# lab: default\n# sed: 3\n'), /e\.transcript:2: unknown directive "# sed:"/);
});

test('--update rewrites expected output in place, keeps {{any}} lines that still match, and replays clean after', async (t) => {
  const file = temp(
    'u.transcript',
    ['# lab: default', '#: stays', 'admin@Edge> show system uptime', 'Current time: {{any}}', 'System booted: wrong', 'admin@Edge> show version', ''].join('\n') + '\n',
  );
  const r = await replayFile(file, { update: true });
  t.true(r.updated);
  t.is(
    readFileSync(file, 'utf8'),
    [
      '# lab: default',
      '#: stays',
      'admin@Edge> show system uptime',
      'Current time: {{any}}',
      'System booted: 2012-06-01 10:00:00 UTC',
      '',
      'admin@Edge> show version',
      'Hostname: Edge',
      'Model: srx240h2',
      'JUNOS Software Release [12.1X44-D10.4]',
      '',
    ].join('\n') + '\n',
  );
  t.deepEqual(readdirSync(path.dirname(file)), ['u.transcript'], 'no temporary file left behind');
  t.true((await replayFile(file)).ok);
});

test('# seed changes the seeded randomness, so secrets encoded in a session differ', async (t) => {
  const script = (seed: number) =>
    [`# lab: default`, `# seed: ${seed}`, ...configure, 'admin@Edge# set security ike policy p pre-shared-key ascii-text k', 'admin@Edge# show security ike policy p', ''].join('\n');
  const outputs: string[] = [];
  for (const seed of [1, 1, 2]) {
    const file = temp('s.transcript', script(seed));
    await replayFile(file, { update: true });
    outputs.push(readFileSync(file, 'utf8').split('\n').find((l) => l.includes('$9$'))!);
  }
  t.is(outputs[0], outputs[1]);
  t.not(outputs[0], outputs[2]);
});

test("the README's example transcript replays clean", async (t) => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf("# Raising Edge's IKE DH group");
  t.true(start > 0);
  const example = readme.slice(start, readme.indexOf('```\n', start));
  const r = await replayFile(temp('readme.transcript', example));
  t.true(r.ok, r.diff + (r.error ?? ''));
  t.is(r.commands, 7);
});

test('# traffic: an end host sends echo requests; a malformed one is an error', (t) => {
  const ok = parseTranscript('# lab: default\nadmin@Edge> show version\n# traffic edge-lan-host to 10.1.210.5 count 3 size 100\n', 't.transcript');
  t.like(ok.steps[1], { kind: 'traffic', host: 'edge-lan-host', to: '10.1.210.5', count: 3, size: 100 });
  const err = t.throws(() => parseTranscript('# lab: default\nadmin@Edge> show version\n# traffic edge-lan-host to 10.1.210.5 count\n', 't.transcript'));
  t.true(err instanceof TranscriptSyntaxError && err.message.includes('t.transcript:3: bad directive'), err?.message);
});
