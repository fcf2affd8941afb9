import test from 'ava';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { ClientChannel, ConnectConfig } from 'ssh2';
import { RealClock, VirtualClock, type Clock } from '../engine/runtime/clock.ts';
import { HOST_KEY_FILE, loadOrCreateHostKey } from '../shell/host-key.ts';
import { startSshServer, type SshLogEvent, type SshServerOptions, type SshSessionInfo } from '../shell/ssh-server.ts';
import { FakeInterpreter } from './shell-harness.ts';

const { Client, utils } = ssh2;
const PROMPT = 'admin@Edge> ';
const clientKey = utils.generateKeyPairSync('ed25519');
const authorizedKey = (() => {
  const parsed = utils.parseKey(clientKey.public);
  if (parsed instanceof Error) throw parsed;
  return parsed.getPublicSSH();
})();

let sharedStateDir: string;
test.before(async () => {
  sharedStateDir = await mkdtemp(join(tmpdir(), 'srxsim-ssh-'));
  await loadOrCreateHostKey(sharedStateDir); // one key for the tests that do not test keys
});

async function server(t: { teardown(fn: () => unknown): void }, extra: Partial<SshServerOptions> = {}) {
  const delays: number[] = [];
  const events: SshLogEvent[] = [];
  const sessions: SshSessionInfo[] = [];
  const clock: Clock = extra.clock ?? new RealClock();
  const srv = await startSshServer({
    stateDir: extra.stateDir ?? sharedStateDir,
    port: 0,
    clock,
    delay: async (ms) => void delays.push(ms),
    log: (e) => events.push(e),
    authenticate: async (user, method, credential) => {
      if (method === 'password' && user === 'admin' && credential === 'Juniper123') return { ok: true, user, cls: 'super-user' };
      if (method === 'publickey' && typeof credential !== 'string' && credential.key.equals(authorizedKey)) {
        return { ok: true, user, cls: 'operator' };
      }
      return { ok: false };
    },
    createInterpreter: (_user, info) => {
      sessions.push(info);
      return new FakeInterpreter();
    },
    ...extra,
  });
  t.teardown(() => srv.close());
  return { srv, delays, events, sessions };
}

function connect(port: number, auth: Partial<ConnectConfig> = { password: 'Juniper123' }, hostKeys?: string[]) {
  return new Promise<InstanceType<typeof Client>>((resolve, reject) => {
    const c = new Client();
    c.on('ready', () => resolve(c)).on('error', reject);
    c.connect({
      host: '127.0.0.1',
      port,
      username: 'admin',
      ...auth,
      hostVerifier: (key: Buffer) => {
        hostKeys?.push(createHash('sha256').update(key).digest('base64'));
        return true;
      },
    });
  });
}

/** A shell channel with helpers to wait for output. */
async function shell(client: InstanceType<typeof Client>, window = { term: 'vt100', cols: 80, rows: 24 }) {
  const channel = await new Promise<ClientChannel>((resolve, reject) =>
    client.shell(window, (err, ch) => (err ? reject(err) : resolve(ch))),
  );
  let text = '';
  const waiters: Array<() => void> = [];
  channel.on('data', (d: Buffer) => {
    text += d.toString();
    waiters.splice(0).forEach((w) => w());
  });
  const exit = new Promise<number>((resolve) => channel.on('exit', (code: number) => resolve(code)));
  const closed = new Promise<void>((resolve) => channel.on('close', () => resolve()));
  const waitFor = async (needle: string, from = 0) => {
    while (!text.slice(from).includes(needle)) await new Promise<void>((r) => waiters.push(r));
    return text.slice(from);
  };
  return { channel, exit, closed, waitFor, get text() { return text; } };
}

function exec(client: InstanceType<typeof Client>, command: string) {
  return new Promise<{ out: string; code: number }>((resolve, reject) =>
    client.exec(command, (err, ch) => {
      if (err) return reject(err);
      let out = '';
      let code = -1;
      ch.on('data', (d: Buffer) => (out += d.toString()));
      ch.on('exit', (c: number) => (code = c));
      ch.on('close', () => resolve({ out, code }));
    }),
  );
}

test('password login, a shell with a pty runs commands, exit closes the channel with status 0', async (t) => {
  const { srv, sessions, events } = await server(t);
  const client = await connect(srv.port);
  t.teardown(() => client.end());
  const sh = await shell(client);
  await sh.waitFor(PROMPT);
  const from = sh.text.length;
  sh.channel.write('show version\r');
  const out = await sh.waitFor('\r\n' + PROMPT, from);
  t.is(out, 'show version\r\nHostname: Edge\r\nModel: srx240h\r\nJUNOS Software Release [12.1X44-D10.4]\r\n' + PROMPT);
  sh.channel.write('exit\r');
  t.is(await sh.exit, 0);
  await sh.closed;
  t.like(sessions[0], { kind: 'shell', terminal: 'pts/0', interactive: true, remoteAddress: '127.0.0.1' });
  t.true(events.some((e) => e.type === 'login' && e.user === 'admin' && e.method === 'password'));
});

test('a wrong password is refused after the injected delay, and logged', async (t) => {
  const { srv, delays, events } = await server(t, { authFailureDelayMs: 1500 });
  const error = await t.throwsAsync(connect(srv.port, { password: 'wrong' }));
  t.is((error as Error & { level?: string }).level, 'client-authentication');
  t.deepEqual(delays, [1500]);
  t.true(events.some((e) => e.type === 'auth-failure' && e.user === 'admin' && e.method === 'password'));
  t.false(events.some((e) => e.type === 'login'));
});

test('public-key login is decided by the device callback', async (t) => {
  const { srv } = await server(t);
  const client = await connect(srv.port, { privateKey: clientKey.private });
  t.teardown(() => client.end());
  t.is((await exec(client, 'echo by key')).out, 'by key\n');
  const other = utils.generateKeyPairSync('ed25519');
  const error = await t.throwsAsync(connect(srv.port, { privateKey: other.private }));
  t.is((error as Error & { level?: string }).level, 'client-authentication');
});

test('the exec channel runs one command line (with pipes), prints, and exits with its status', async (t) => {
  const { srv, sessions } = await server(t);
  const client = await connect(srv.port);
  t.teardown(() => client.end());
  t.deepEqual(await exec(client, 'show lines 3'), { out: 'line 1\nline 2\nline 3\n', code: 0 });
  t.deepEqual(await exec(client, 'show lines 30 | match 2 | count'), { out: 'Count: 12 lines\n', code: 0 });
  t.deepEqual(await exec(client, 'bad'), { out: 'error: bad command\n', code: 1 });
  t.deepEqual(await exec(client, 'fail'), { out: 'error: something broke\n', code: 1 });
  t.like(sessions[0], { kind: 'exec', interactive: false });
  t.is(sessions[0]!.terminal, undefined);
});

test('two concurrent sessions each get their own terminal and output', async (t) => {
  const { srv } = await server(t);
  const [a, b] = await Promise.all([connect(srv.port), connect(srv.port)]);
  t.teardown(() => (a!.end(), b!.end()));
  const [sa, sb] = await Promise.all([shell(a!), shell(b!)]);
  await Promise.all([sa.waitFor(PROMPT), sb.waitFor(PROMPT)]);
  t.is(srv.sessionCount, 2);
  sa.channel.write('echo from-a\r');
  sb.channel.write('echo from-b\r');
  await Promise.all([sa.waitFor('\nfrom-a\r\n'), sb.waitFor('\nfrom-b\r\n')]);
  t.false(sa.text.includes('from-b'));
  t.false(sb.text.includes('from-a'));
  sa.channel.write('exit\r');
  await sa.closed;
  sb.channel.write('echo still\r');
  await sb.waitFor('\nstill\r\n');
});

test('the pty size and window-change reach the session', async (t) => {
  const { srv } = await server(t);
  const client = await connect(srv.port);
  t.teardown(() => client.end());
  const sh = await shell(client, { term: 'xterm', cols: 100, rows: 30 });
  await sh.waitFor(PROMPT);
  let from = sh.text.length;
  sh.channel.write('width\r');
  t.true((await sh.waitFor('\r\n' + PROMPT, from)).includes('width=100'));
  sh.channel.setWindow(40, 132, 0, 0);
  from = sh.text.length;
  sh.channel.write('width\r');
  t.true((await sh.waitFor('\r\n' + PROMPT, from)).includes('width=132'));
});

test('a shell without a pty reads lines without echo or prompt', async (t) => {
  const { srv } = await server(t);
  const client = await connect(srv.port);
  t.teardown(() => client.end());
  const channel = await new Promise<ClientChannel>((resolve, reject) =>
    client.shell(false, (err, ch) => (err ? reject(err) : resolve(ch))),
  );
  let out = '';
  channel.on('data', (d: Buffer) => (out += d.toString()));
  const closed = new Promise<void>((r) => channel.on('close', () => r()));
  channel.end('echo one\nshow lines 2\n');
  await closed;
  t.is(out, 'one\nline 1\nline 2\n');
});

test('the host key is generated once into the state directory and reused', async (t) => {
  const stateDir = await mkdtemp(join(tmpdir(), 'srxsim-ssh-'));
  const seen: string[] = [];
  const first = await server(t, { stateDir });
  (await connect(first.srv.port, undefined, seen)).end();
  await first.srv.close();
  const stored = await readFile(join(stateDir, HOST_KEY_FILE), 'utf8');
  const second = await server(t, { stateDir });
  (await connect(second.srv.port, undefined, seen)).end();
  t.is(await readFile(join(stateDir, HOST_KEY_FILE), 'utf8'), stored);
  t.is(seen.length, 2);
  t.is(seen[0], seen[1]);
});

test('an idle shell is closed after the idle timeout (virtual clock)', async (t) => {
  const clock = new VirtualClock();
  const { srv } = await server(t, { clock, idleTimeoutMs: 600_000 });
  const client = await connect(srv.port);
  t.teardown(() => client.end());
  const sh = await shell(client);
  await sh.waitFor(PROMPT);
  clock.advance(599_999);
  sh.channel.write('echo awake\r');
  await sh.waitFor('\nawake\r\n');
  clock.advance(599_999);
  clock.advance(1);
  await sh.closed;
  t.true(sh.text.endsWith('Idle timeout exceeded: closing session\r\n'));
});
