// Starts the default lab as a real process (`srxsim lab up --no-console`), the way a user or
// CI does, for the interop tests that drive it with real clients (netmiko, OpenSSH in tmux).
// Every wait is bounded; stop() always ends the process (SIGTERM, then SIGKILL).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Lab {
  /** SSH port of Edge (Remote is base + 1). */
  readonly base: number;
  readonly stateDir: string;
  readonly process: ChildProcess;
  /** Everything the lab wrote so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, wait up to 10 s for a clean exit, else SIGKILL; removes the state directory. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Two consecutive free TCP ports on 127.0.0.1 (a small race with other processes is accepted). */
export async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = await listenOn(0);
    const port = (first.address() as net.AddressInfo).port;
    const second = port < 65535 ? await listenOn(port + 1).catch(() => undefined) : undefined;
    await close(first);
    if (second) {
      await close(second);
      return port;
    }
  }
  throw new Error('no two consecutive free ports on 127.0.0.1');
}

function listenOn(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function close(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Boots labs/default.yaml on a free port pair and resolves once both devices are listed. */
export async function startLab(timeoutMs = 60_000): Promise<Lab> {
  const base = await freePortPair();
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'srxsim-interop-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bin/srxsim.ts', 'lab', 'up', '--no-console', '--ssh-port', String(base), '--state', stateDir],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let text = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (text += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (text += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let done = false;
  exited.then(() => (done = true));

  const lab: Lab = {
    base,
    stateDir,
    process: child,
    output: () => text,
    async stop() {
      if (!done) child.kill('SIGTERM');
      const timer = setTimeout(() => done || child.kill('SIGKILL'), 10_000);
      const result = await exited;
      clearTimeout(timer);
      rmSync(stateDir, { recursive: true, force: true });
      return result;
    },
  };

  // The table lists Edge on BASE and Remote on BASE+1 once the lab is up.
  const ready = new RegExp(`Lab default[\\s\\S]*Remote\\s+127\\.0\\.0\\.1:${base + 1}`);
  const deadline = Date.now() + timeoutMs;
  while (!ready.test(text)) {
    if (done || Date.now() > deadline) {
      await lab.stop();
      throw new Error(`lab did not come up within ${timeoutMs} ms (exited: ${done}); output:\n${text}`);
    }
    await sleep(100);
  }
  return lab;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether a command exists on PATH (or as a path). */
export function hasCommand(command: string, args: string[] = ['-V']): boolean {
  const r = spawnSync(command, args, { stdio: 'ignore' });
  return r.error === undefined;
}
