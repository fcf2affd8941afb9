// SSH figures for `npm run bench`: login-to-prompt latency, and `show version` round trips
// with 50 interactive sessions typing at once. One Device and its SSH server on 127.0.0.1
// (a free port, state in a temporary directory); everything is closed at the end.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import type { ClientChannel } from 'ssh2';
import { Device } from '../engine/device.ts';
import { RealClock } from '../engine/runtime/clock.ts';
import { CryptoRandom } from '../engine/runtime/random.ts';
import { JunosCli } from '../modes/junos-cli.ts';
import { startSshServer, type SshServer } from '../shell/ssh-server.ts';
import type { Figure } from './measure.ts';

const { Client } = ssh2;
type SshClient = InstanceType<typeof Client>;

const PROMPT = 'admin@Edge> ';
const PASSWORD = 'Juniper123';
const LOGINS = 20;
const SESSIONS = 50;
const COMMANDS_PER_SESSION = 20;

const now = () => process.hrtime.bigint();
const msSince = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? NaN;
}

/** An interactive shell (with a pty) whose output can be waited on. */
class Terminal {
  private text = '';
  private closed = false;
  private waiter: (() => void) | undefined;

  private constructor(
    readonly client: SshClient,
    readonly channel: ClientChannel,
  ) {
    channel.on('data', (d: Buffer) => {
      this.text += d.toString('utf8');
      this.waiter?.();
    });
    channel.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
  }

  /** Connects, logs in with a password and opens a shell; resolves at the first prompt. */
  static async open(port: number): Promise<Terminal> {
    const client = new Client();
    await new Promise<void>((resolve, reject) => {
      client.once('ready', () => resolve()).once('error', reject);
      client.connect({ host: '127.0.0.1', port, username: 'admin', password: PASSWORD, readyTimeout: 60_000, hostVerifier: () => true });
    });
    const channel = await new Promise<ClientChannel>((resolve, reject) =>
      client.shell({ term: 'vt100', cols: 200, rows: 50 }, (err, ch) => (err ? reject(err) : resolve(ch))),
    );
    const terminal = new Terminal(client, channel);
    await terminal.until((t) => t.endsWith(PROMPT));
    return terminal;
  }

  /** Waits until `done` holds for the output so far, then clears it. */
  async until(done: (text: string) => boolean): Promise<void> {
    while (!done(this.text)) {
      if (this.closed) throw new Error(`channel closed; output was ${JSON.stringify(this.text)}`);
      await new Promise<void>((resolve) => (this.waiter = resolve));
      this.waiter = undefined;
    }
    this.text = '';
  }

  /** Types a command and waits for its output and the next prompt. */
  async run(line: string, expect: string): Promise<void> {
    this.channel.write(line + '\r');
    await this.until((t) => t.includes(expect) && t.endsWith(PROMPT));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.client.once('close', () => resolve());
      this.client.end();
    });
  }
}

export async function benchSsh(): Promise<Figure[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'srxsim-bench-ssh-'));
  const clock = new RealClock();
  const factoryConfig = readFileSync(new URL('../labs/default/Edge.conf', import.meta.url), 'utf8');
  const device = new Device({ dir, clock, random: new CryptoRandom(), factoryConfig });
  let server: SshServer | undefined;
  const open: Terminal[] = [];
  try {
    server = await startSshServer({
      stateDir: dir,
      port: 0,
      clock,
      authenticate: async (user, method, credential) => {
        const r = method === 'password' ? device.authenticate(user, credential as string) : { ok: false as const };
        return r.ok ? { ok: true, user, cls: r.cls } : { ok: false };
      },
      createInterpreter: (user, session) => JunosCli.open(device, user.user, user.cls as 'super-user', session.remoteAddress),
      saveFile: async (_user, name, content) => void device.files.write(name, content),
    });
    const port = server.port;

    // Login to prompt, one at a time: TCP connect, key exchange, password, shell with a pty.
    await (await Terminal.open(port)).close(); // warm-up (module loading, first crypt)
    const logins: number[] = [];
    for (let i = 0; i < LOGINS; i++) {
      const start = now();
      const terminal = await Terminal.open(port);
      logins.push(msSince(start));
      await terminal.close();
    }

    // 50 sessions logged in at once, each typing `show version` as soon as it gets its prompt.
    open.push(...(await Promise.all(Array.from({ length: SESSIONS }, () => Terminal.open(port)))));
    const expect = 'JUNOS Software Release';
    const rounds: number[] = [];
    const phase = now();
    await Promise.all(
      open.map(async (terminal) => {
        for (let i = 0; i < COMMANDS_PER_SESSION; i++) {
          const start = now();
          await terminal.run('show version', expect);
          rounds.push(msSince(start));
        }
      }),
    );
    const phaseMs = msSince(phase);
    const rate = (rounds.length / phaseMs) * 1000;

    return [
      { name: `SSH login to prompt, median of ${LOGINS}`, ms: percentile(logins, 50), extra: `p95 ${percentile(logins, 95).toFixed(1)} ms` },
      {
        name: `show version round trip, ${SESSIONS} concurrent sessions, median`,
        ms: percentile(rounds, 50),
        extra: `p95 ${percentile(rounds, 95).toFixed(1)} ms, ${rounds.length} commands, ${rate.toFixed(0)} commands/s`,
      },
    ];
  } finally {
    await Promise.all(open.map((t) => t.close()));
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
