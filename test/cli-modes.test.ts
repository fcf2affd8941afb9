// The Junos CLI end to end through a shell Session: exact replies automation matches on,
// configuration mode, errors with carets, concurrent editors.
import test from 'ava';
import { labDevice, runLines } from './helpers/cli.ts';

test('set cli replies byte for byte as Junos does', async (t) => {
  const out = await runLines(labDevice(), ['set cli screen-length 0', 'set cli screen-width 511', 'set cli complete-on-space off']);
  t.is(out, 'Screen length set to 0\nScreen width set to 511\nDisabling complete-on-space\n');
});

test('show version', async (t) => {
  t.is(await runLines(labDevice(), ['show version']), 'Hostname: Edge\nModel: srx240h2\nJUNOS Software Release [12.1X44-D10.4]\n');
});

test('errors put a caret under the offending word', async (t) => {
  const out = await runLines(labDevice(), ['show foo', 'foo', 's', 'show configuration security bogus']);
  t.is(out, [
    '                 ^', // "admin@Edge> show foo": the prompt is 12 columns
    'syntax error, expecting <command>.',
    '            ^',
    'unknown command.',
    '            ^',
    "'s' is ambiguous.",
    'Possible completions:',
    '  set                  Set CLI properties, date/time, craft interface message',
    '  show                 Show system information',
    '  ssh                  Start secure shell on another host',
    '                                        ^',
    'syntax error.',
    '',
  ].join('\n'));
});

test('configuration mode: set, show | compare, commit, and the committed result', async (t) => {
  const d = labDevice();
  const out = await runLines(d, [
    'configure',
    'edit security ike proposal p9',
    'set dh-group group14',
    'top',
    'show | compare',
    'commit comment "add p9"',
    'exit',
    'show configuration security ike proposal p9 | display set',
    'show system commit',
  ]);
  t.is(out, [
    'Entering configuration mode',
    '[edit security ike]',
    '+    proposal p9 {',
    '+        dh-group group14;',
    '+    }',
    'commit complete',
    'Exiting configuration mode',
    'set security ike proposal p9 dh-group group14',
    '0   2012-06-01 10:00:00 UTC by admin via cli',
    '    add p9',
    '1   2012-06-01 10:00:00 UTC by root via other',
    '    initial configuration',
    '',
  ].join('\n'));
});

test('exit with uncommitted changes asks first ("no" stays); exit configuration-mode only says so', async (t) => {
  const d = labDevice();
  const out = await runLines(d, ['configure', 'set system host-name R9', 'exit', 'no', 'exit', 'yes', 'configure', 'exit configuration-mode', 'show version']);
  t.is(out, [
    'Entering configuration mode',
    'The configuration has been changed but not committed',
    'Exit with uncommitted changes? [yes,no] (yes) ',
    'The configuration has been changed but not committed',
    'Exit with uncommitted changes? [yes,no] (yes) ',
    'Exiting configuration mode',
    'Entering configuration mode',
    'The configuration has been changed but not committed',
    'The configuration has been changed but not committed',
    'Exiting configuration mode',
    'Hostname: Edge',
    'Model: srx240h2',
    'JUNOS Software Release [12.1X44-D10.4]',
    '',
  ].join('\n'));
});

test('commit check failure prints the Junos error block and commits nothing', async (t) => {
  const d = labDevice();
  const out = await runLines(d, ['configure', 'delete security ike policy ike-policy1', 'commit', 'rollback 0', 'commit check']);
  t.is(out, [
    'Entering configuration mode',
    '[edit security ike gateway ike-phase1-gateway]',
    "  'ike-policy ike-policy1'",
    '    Referenced IKE policy must be defined under [edit security ike policy]',
    'error: commit failed: (statements constraint check failed)',
    'load complete',
    'configuration check succeeds',
    '',
  ].join('\n'));
  t.is(d.store.history().length, 1);
});

test('a second configure sees who else is editing; private refuses a modified shared candidate', async (t) => {
  const d = labDevice();
  // The first session stays in configuration mode with a change (its input never ends).
  const { PassThrough } = await import('node:stream');
  const { Session } = await import('../shell/session.ts');
  const { JunosCli } = await import('../modes/junos-cli.ts');
  const input = new PassThrough();
  const first = new Session({ interpreter: JunosCli.open(d, 'alice', 'super-user', '10.0.0.2'), input, output: new PassThrough(), interactive: false, clock: d.clock });
  void first.run();
  input.write('configure\nset system host-name X\n');
  await new Promise((r) => setTimeout(r, 50));
  const out = await runLines(d, ['configure private', 'configure']);
  t.is(out, [
    'error: shared configuration database modified',
    'Entering configuration mode',
    'Users currently editing the configuration:',
    '  alice terminal pts/0 (pid 31745) on since 2012-06-01 10:00:00 UTC',
    '      [edit]',
    'The configuration has been changed but not committed',
    '',
  ].join('\n'));
  input.end();
});

test('read-only users cannot configure; operators cannot commit', async (t) => {
  const d = labDevice();
  t.is(await runLines(d, ['configure'], 'viewer', 'read-only'), 'error: permission denied\n');
  t.is(await runLines(d, ['configure', 'set system host-name Y', 'commit', 'exit', 'yes'], 'oper', 'operator'),
    'Entering configuration mode\nerror: permission denied\nThe configuration has been changed but not committed\nExit with uncommitted changes? [yes,no] (yes) \nExiting configuration mode\n');
});

test('commit confirmed prints the rollback warning', async (t) => {
  const d = labDevice();
  const out = await runLines(d, ['configure', 'set system host-name Edge2', 'commit confirmed 2', 'exit', 'show system commit']);
  t.regex(out, /configuration check succeeds\ncommit confirmed will be automatically rolled back in 2 minutes unless confirmed\ncommit complete\n/);
  t.regex(out, /0 {3}2012-06-01 10:00:00 UTC by admin via cli commit confirmed, rollback in 2mins\n {4}rollback pending\n/);
});

test('load set terminal reads until the end of input and applies atomically', async (t) => {
  const d = labDevice();
  const out = await runLines(d, ['configure', 'load set terminal', 'set system host-name L1', 'set security ike proposal q1 dh-group group5']);
  t.is(out, 'Entering configuration mode\n[Type ^D at a new line to end input]\nload complete\n');
  t.regex(d.store.shared.show([]), /host-name L1;[\s\S]*proposal q1/);
});

test('the lab device over SSH: exec runs one command with the device credentials', async (t) => {
  const ssh2 = (await import('ssh2')).default;
  const { startSshServer } = await import('../shell/ssh-server.ts');
  const { JunosCli } = await import('../modes/junos-cli.ts');
  const { tempDir } = await import('./helpers/config.ts');
  const d = labDevice();
  const server = await startSshServer({
    stateDir: tempDir(), port: 0, clock: d.clock, delay: async () => {},
    authenticate: async (user, _m, password) => {
      const r = d.authenticate(user, password as string);
      return r.ok ? { ok: true, user, cls: r.cls } : { ok: false };
    },
    createInterpreter: (user, s) => JunosCli.open(d, user.user, user.cls as 'super-user', s.remoteAddress),
  });
  const run = (password: string, command: string) => new Promise<{ out: string; code: number | null } | Error>((resolve) => {
    const c = new ssh2.Client();
    c.on('error', (e) => resolve(e));
    c.on('ready', () => c.exec(command, (err, ch) => {
      if (err) return resolve(err);
      let out = '';
      ch.on('data', (b: Buffer) => (out += b.toString()));
      ch.on('exit', (code: number | null) => ch.on('close', () => (c.end(), resolve({ out: out.replace(/\r\n/g, '\n'), code }))));
    }));
    c.connect({ host: '127.0.0.1', port: server.port, username: 'admin', password, readyTimeout: 10_000 });
  });
  t.deepEqual(await run('Juniper123', 'show version'), { out: 'Hostname: Edge\nModel: srx240h2\nJUNOS Software Release [12.1X44-D10.4]\n', code: 0 });
  t.like(await run('Juniper123', 'show bogus'), { code: 1 });
  t.true(await run('wrong', 'show version') instanceof Error);
  await server.close();
});

test('configure exclusive locks others out of changing and committing', async (t) => {
  const d = labDevice();
  const { PassThrough } = await import('node:stream');
  const { Session } = await import('../shell/session.ts');
  const { JunosCli } = await import('../modes/junos-cli.ts');
  const input = new PassThrough();
  void new Session({ interpreter: JunosCli.open(d, 'alice', 'super-user', '10.0.0.2'), input, output: new PassThrough(), interactive: false, clock: d.clock }).run();
  input.write('configure exclusive\n');
  await new Promise((r) => setTimeout(r, 50));
  const out = await runLines(d, ['configure', 'set system host-name Z', 'commit']);
  t.is(out, [
    'Entering configuration mode',
    'Users currently editing the configuration:',
    '  alice terminal pts/0 (pid 31745) on since 2012-06-01 10:00:00 UTC',
    '      exclusive',
    'error: configuration database locked by:',
    '  alice terminal pts/0 (pid 31745)',
    '      exclusive',
    'Users currently editing the configuration:',
    '  alice terminal pts/0 (pid 31745) on since 2012-06-01 10:00:00 UTC',
    '      exclusive',
    'error: configuration database locked by: alice terminal pts/0 (pid 31745)',
    '',
  ].join('\n'));
  input.end();
});
