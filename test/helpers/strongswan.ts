// strongSwan's charon as a test peer, started as ../shared/notes/ike-engine-notes.md §3 found
// to work on these machines: inside the test's namespace, in a private mount namespace (its
// pid file is hard-coded under /run), with its own strongswan.conf, vici socket and log.
// kernel-libipsec does ESP in user space and always encapsulates it in UDP 4500.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { Netns } from './netns.ts';

const run = promisify(execFile);
export const CHARON = '/usr/lib/ipsec/charon';

/** Why strongSwan cannot run here, or undefined when it can. */
export function strongswanUnavailable(): string | undefined {
  if (!existsSync(CHARON)) return `${CHARON} missing (strongswan-charon)`;
  if (spawnSync('sh', ['-c', 'command -v swanctl']).status !== 0) return 'swanctl missing (strongswan-swanctl)';
  return undefined;
}

export class Charon {
  private constructor(
    private readonly process: ChildProcess,
    readonly dir: string,
    private readonly output: { text: string },
  ) {}

  /** Starts charon in `ns` with labs/strongswan/strongswan.conf, its log and socket in `dir`. */
  static async start(ns: Netns, dir: string): Promise<Charon> {
    const template = readFileSync(new URL('../../labs/strongswan/strongswan.conf', import.meta.url), 'utf8');
    writeFileSync(join(dir, 'strongswan.conf'), template.replaceAll('SW_DIR', dir));
    const child = spawn('ip', ['netns', 'exec', ns.name, 'unshare', '-m', '--propagation', 'private', 'sh', '-c', `mount -t tmpfs tmpfs /run && exec ${CHARON}`], {
      env: { ...process.env, STRONGSWAN_CONF: join(dir, 'strongswan.conf') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = { text: '' };
    child.stdout!.on('data', (d: Buffer) => (output.text += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output.text += d.toString()));
    const charon = new Charon(child, dir, output);
    for (let i = 0; i < 100 && !existsSync(join(dir, 'charon.vici')); i++) await sleep(100);
    if (!existsSync(join(dir, 'charon.vici'))) {
      await charon.stop();
      throw new Error(`charon did not open its vici socket:\n${charon.logs()}`);
    }
    return charon;
  }

  /** Runs swanctl against this charon; rejects with swanctl's output when it fails. */
  async swanctl(...args: string[]): Promise<string> {
    try {
      const r = await run('swanctl', [...args, '--uri', `unix://${join(this.dir, 'charon.vici')}`], {
        env: { ...process.env, STRONGSWAN_CONF: join(this.dir, 'strongswan.conf') },
        timeout: 60_000,
      });
      return r.stdout;
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      throw new Error(`swanctl ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    }
  }

  /** Loads `swanctl.conf` text (connections and secrets), replacing what was loaded before. */
  async load(conf: string): Promise<void> {
    const file = join(this.dir, 'swanctl.conf');
    writeFileSync(file, conf);
    await this.swanctl('--load-all', '--clear', '--file', file);
  }

  logs(): string {
    const log = join(this.dir, 'charon.log');
    return `${this.output.text}${existsSync(log) ? readFileSync(log, 'utf8') : '(no charon.log)'}`;
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null) return;
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.kill('SIGTERM');
    // charon can wedge with blocked vici workers (notes §3.9 pitfall 9).
    if ((await Promise.race([exited, sleep(3000, 'timeout')])) === 'timeout') {
      this.process.kill('SIGKILL');
      await exited;
    }
  }
}

/** One CHILD_SA of `swanctl --list-sas`: its state, encapsulation and SPIs, counters. */
export interface ListedChildSa {
  name: string;
  state: string;
  encapsulation: string;
  spiIn: string;
  spiOut: string;
  bytesIn: number;
  packetsIn: number;
  bytesOut: number;
  packetsOut: number;
}

/** Reads the CHILD_SAs out of `swanctl --list-sas` text. */
export function listedChildSas(text: string): ListedChildSa[] {
  const out: ListedChildSa[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const head = /^\s+(\S+): #\d+, reqid \d+, (\w+), ([\w-]+), /.exec(lines[i]!);
    if (!head) continue;
    const sa: ListedChildSa = { name: head[1]!, state: head[2]!, encapsulation: head[3]!, spiIn: '', spiOut: '', bytesIn: 0, packetsIn: 0, bytesOut: 0, packetsOut: 0 };
    for (let j = i + 1; j < lines.length && !/^\s+\S+: #\d+, reqid/.test(lines[j]!) && !/^\S/.test(lines[j]!); j++) {
      const traffic = /^\s+(in|out)\s+([0-9a-f]{8})[^,]*,\s+(\d+) bytes,\s+(\d+) packets/.exec(lines[j]!);
      if (!traffic) continue;
      if (traffic[1] === 'in') Object.assign(sa, { spiIn: traffic[2], bytesIn: Number(traffic[3]), packetsIn: Number(traffic[4]) });
      else Object.assign(sa, { spiOut: traffic[2], bytesOut: Number(traffic[3]), packetsOut: Number(traffic[4]) });
    }
    out.push(sa);
  }
  return out;
}
