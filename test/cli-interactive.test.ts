// The Junos CLI in an interactive session: prompts and banners, `?` and Tab from the schema
// and the command tree, and the prompt following a committed host-name.
import test from 'ava';
import { PassThrough } from 'node:stream';
import { JunosCli } from '../modes/junos-cli.ts';
import { Session } from '../shell/session.ts';
import { labDevice, runLines } from './helpers/cli.ts';

/** Types `keys` one character at a time into an interactive session; returns the screen text. */
async function type(keys: string): Promise<string> {
  const d = labDevice();
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (b: Buffer) => (text += b.toString()));
  const session = new Session({ interpreter: JunosCli.open(d, 'admin', 'super-user', '10.0.0.1'), input, output, interactive: true, clock: d.clock, columns: 200, rows: 0 });
  const done = session.run();
  for (const ch of keys) {
    input.write(ch);
    await new Promise((r) => setImmediate(r));
  }
  input.end();
  await done;
  // Keep what a user reads: drop the editor's cursor-movement sequences.
  return text.replace(/\x1b\[\d*[A-Za-z]/g, '').replace(/\r/g, '');
}

test('? in configuration mode lists schema children with Junos marks, then redraws', async (t) => {
  const screen = await type('configure\rset security ike ?\u0015exit\r');
  t.true(screen.includes([
    'admin@Edge# set security ike ?',
    'Possible completions:',
    '> gateway              Define an IKE gateway',
    '> policy               Define an IKE policy',
    '> proposal             Define an IKE proposal',
    '> traceoptions         Trace options for IPSec key management',
    '[edit]',
    'admin@Edge# set security ike ',
  ].join('\n')), screen);
});

test('? on a list offers <name> and the existing entries; on an enum, its values', async (t) => {
  const screen = await type('configure\rset security ike proposal ?\u0015set security ike proposal x dh-group g?\u0015exit\r');
  t.true(screen.includes('Possible completions:\n  <name>               Name of the IKE proposal\n  ike-phase1-proposal\n'), screen);
  t.true(screen.includes('  group1               Diffie-Hellman Group 1\n  group14              Diffie-Hellman Group 14\n'), screen);
});

test('Tab and space complete unique prefixes from the command tree and the schema', async (t) => {
  const screen = await type('sh\tver\t\rconfigure\rset sec\tike pro\tp1 dh\tgroup2\rshow security ike proposal p1\rexit\ryes\r');
  t.true(screen.includes('admin@Edge> show version \nHostname: Edge'), screen);
  t.true(screen.includes('admin@Edge# set security ike proposal p1 dh-group group2\n'), screen);
  t.true(screen.includes('admin@Edge# show security ike proposal p1\ndh-group group2;\n'), screen);
});

test('a committed host-name takes effect in the prompt right away', async (t) => {
  const screen = await type('configure\rset system host-name Branch1\rcommit\rexit\r');
  t.true(screen.includes('commit complete\n\n[edit]\nadmin@Branch1# exit\nExiting configuration mode\n\nadmin@Branch1> '), screen);
});

test('rename, copy, annotate, deactivate, status, run and save through the CLI', async (t) => {
  const d = labDevice();
  const out = await runLines(d, [
    'configure',
    'copy security ike proposal ike-phase1-proposal to proposal p2',
    'rename security ike proposal p2 to proposal p3',
    'annotate security ike proposal p3 "spare proposal"',
    'deactivate security ike proposal p3',
    'show security ike proposal p3',
    'top',
    'status',
    'run show version',
    'save ike.conf',
    'run file list',
    'run file show ike.conf | match p3',
    'rollback 0',
    'exit',
  ]);
  t.is(out, [
    'Entering configuration mode',
    'authentication-method pre-shared-keys;',
    'dh-group group2;',
    'authentication-algorithm md5;',
    'encryption-algorithm 3des-cbc;',
    'lifetime-seconds 600;',
    'Users currently editing the configuration:',
    '  admin terminal pts/0 (pid 31745) on since 2012-06-01 10:00:00 UTC',
    '      [edit]',
    'Hostname: Edge',
    'Model: srx240h2',
    'JUNOS Software Release [12.1X44-D10.4]',
    "Wrote 160 lines of configuration to 'ike.conf'",
    '/var/home/admin/:',
    'ike.conf',
    '        inactive: proposal p3 {',
    'load complete',
    'Exiting configuration mode',
    '',
  ].join('\n'));
});

test('plain-text-password asks twice without echo and stores a $6$ hash', async (t) => {
  const screen = await type('configure\rset system login user bob class super-user authentication plain-text-password\rhunter22\rhunter22\rshow system login user bob\r');
  t.false(screen.includes('hunter22'), screen);
  t.true(screen.includes('plain-text-password\nNew password:\nRetype new password:\n\n[edit]\n'), screen);
  t.regex(screen, /encrypted-password "\$6\$[./0-9A-Za-z]{8}\$[./0-9A-Za-z]{86}"; ## SECRET-DATA/);
});
