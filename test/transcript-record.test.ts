// The recorder, driven with scripted input: what it shows live, the transcript it writes
// (prompts naming the device each command ran on, answers, clock and comment lines), and
// that the transcript replays clean.
import test from 'ava';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { replayFile } from '../shell/transcript/player.ts';
import { record } from '../shell/transcript/recorder.ts';

async function recordScript(lines: string[], lab?: string) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'srxsim-record-')), 'session.transcript');
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (b: Buffer) => (shown += b.toString()));
  input.end(lines.map((l) => l + '\n').join(''));
  const r = await record({ file, input, output, ...(lab ? { lab } : {}) });
  return { file, shown, text: readFileSync(file, 'utf8'), commands: r.commands };
}

test('a recorded session across devices replays clean', async (t) => {
  const { file, text, commands } = await recordScript([
    '#: Edge to Remote and back.',
    'show version',
    'ssh 1.1.70.1',
    'configure',
    'set system host-name Remote2',
    'commit confirmed 1',
    '# advance 90s',
    'show system host-name',
    'exit',
    'exit',
    'show configuration system host-name',
    'configure',
    'set security ike proposal p9 dh-group group14',
    'exit',
    'no',
    'exit',
    'yes',
    'exit',
  ]);
  t.is(commands, 14);
  const lines = text.split('\n');
  t.is(lines[0], '# lab: default');
  t.is(lines[1], '#: Edge to Remote and back.');
  t.is(lines[2], 'admin@Edge> show version');
  // The prompt line names the device the command ran on.
  t.true(lines.includes('admin@Remote> configure'), text);
  t.true(lines.includes('admin@Remote2# show system host-name') === false, 'the confirmed commit rolled back before this command');
  t.true(lines.includes('# advance 90s'));
  t.true(lines.includes('Commit was not confirmed; automatic rollback complete.'), text);
  t.true(lines.includes('Connection to 1.1.70.1 closed.'));
  t.true(lines.includes('admin@Edge> show configuration system host-name'));
  t.true(lines.includes('Exit with uncommitted changes? [yes,no] (yes) no'));
  t.true(lines.includes('Exit with uncommitted changes? [yes,no] (yes) yes'));
  t.is(lines.at(-2), 'admin@Edge> exit');
  const r = await replayFile(file);
  t.true(r.ok, r.diff + (r.error ?? ''));
  t.is(r.commands, 14);
});

test('the recorder shows the session live as the transcript reads', async (t) => {
  const { shown, text } = await recordScript(['show version', 'exit']);
  t.is(shown, `--- JUNOS 12.1X44-D10.4 built 2013-01-09 02:41:54 UTC\n${text.split('\n').slice(1).join('\n')}`);
});

test('the recorder records on the lab file it is given, by name or path', async (t) => {
  const byName = await recordScript(['show version'], 'route-based');
  t.regex(byName.text, /^# lab: route-based\nadmin@\S+> show version\n/);
  const byPath = await recordScript(['show version'], path.resolve('labs/route-based.yaml'));
  t.regex(byPath.text, /^# lab: route-based\n/);
  const byRelativePath = await recordScript(['show version'], 'labs/route-based.yaml');
  t.regex(byRelativePath.text, /^# lab: route-based\n/);
  t.true((await replayFile(byName.file)).ok);
});

test('unknown lines starting with # are refused, not recorded', async (t) => {
  const { shown, text } = await recordScript(['# advance soon', '# lab: other', 'show version']);
  t.regex(shown, /recorder: only "# advance 30s" \(s, m or h\), "# traffic HOST to ADDRESS count N \[size S\]" and "#: comment" lines are recorded; nothing done\n/);
  t.notRegex(text, /advance soon|lab: other/);
});

test('a # traffic line makes the lab host ping while recording, and is recorded; an unknown host is refused', async (t) => {
  const { file, shown, text } = await recordScript([
    '# traffic edge-lan-host to 10.1.210.5 count 3',
    '# traffic nobody to 10.1.210.5 count 1',
    'show security ipsec statistics | match "Encrypted packets"',
  ]);
  t.regex(shown, /recorder: no end host "nobody" in this lab .*; nothing done\n/);
  t.true(text.includes('# traffic edge-lan-host to 10.1.210.5 count 3\n'));
  t.notRegex(text, /traffic nobody/);
  t.regex(text, /Encrypted packets: +3\n/);
  t.true((await replayFile(file)).ok);
});
