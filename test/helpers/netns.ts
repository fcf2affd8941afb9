// A network namespace joined to this one by a veth pair: the test's stand-in for "a Linux box
// on the other side of the wire". Addresses come from 198.18.0.0/15 (RFC 2544 benchmarking),
// so nothing leaves the machine. Needs root and iproute2; `netnsUnavailable()` says why not.
import test from 'ava';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Netns {
  name: string;
  /** Our end of the veth, in this (the test's) namespace: srxsim binds here. */
  rootAddress: string;
  /** The namespace's end of the veth. */
  nsAddress: string;
  /** Runs a command inside the namespace. */
  exec(cmd: string, args: string[], timeoutMs?: number): Promise<{ stdout: string; stderr: string }>;
  close(): Promise<void>;
}

/** Why namespaces cannot be made here, or undefined when they can. */
export function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root';
  if (spawnSync('ip', ['netns', 'list']).status !== 0) return 'no iproute2 with netns support';
  return undefined;
}

/**
 * Namespace `srxsim-TAG-PID` with veth 198.18.NET.1/24 here and 198.18.NET.2/24 there, plus
 * `loopbacks` (/32s on the namespace's lo, e.g. the networks a peer protects). Namespaces left
 * by an earlier run with the same tag are removed first: their veth would hold our address.
 */
export async function createNetns(tag: string, net: number, loopbacks: string[] = []): Promise<Netns> {
  const prefix = `srxsim-${tag}-`;
  const stale = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout.split('\n').map((l) => l.split(' ')[0]!).filter((n) => n.startsWith(prefix));
  for (const n of stale) await run('ip', ['netns', 'del', n]);
  const name = `${prefix}${process.pid}`;
  const here = `s${tag}${process.pid}`.slice(0, 15);
  const there = `n${tag}${process.pid}`.slice(0, 15);
  const rootAddress = `198.18.${net}.1`;
  const nsAddress = `198.18.${net}.2`;
  const ip = (...args: string[]) => run('ip', args);
  await ip('netns', 'add', name);
  try {
    await ip('link', 'add', here, 'type', 'veth', 'peer', 'name', there);
    await ip('link', 'set', there, 'netns', name);
    await ip('addr', 'add', `${rootAddress}/24`, 'dev', here);
    await ip('link', 'set', here, 'up');
    await ip('-n', name, 'addr', 'add', `${nsAddress}/24`, 'dev', there);
    await ip('-n', name, 'link', 'set', there, 'up');
    await ip('-n', name, 'link', 'set', 'lo', 'up');
    for (const a of loopbacks) await ip('-n', name, 'addr', 'add', `${a}/32`, 'dev', 'lo');
  } catch (err) {
    await ip('netns', 'del', name).catch(() => undefined);
    throw err;
  }
  return {
    name,
    rootAddress,
    nsAddress,
    exec: (cmd, args, timeoutMs = 30_000) => run('ip', ['netns', 'exec', name, cmd, ...args], { timeout: timeoutMs }),
    // Deleting the namespace deletes the veth pair with it.
    close: async () => void (await ip('netns', 'del', name).catch(() => undefined)),
  };
}

/**
 * One test file's namespace (see createNetns), made before its tests and removed after them.
 * `missing` (why the file cannot run here, from netnsUnavailable and its own tools) skips the
 * tests outside CI, saying why; under CI they run, so a missing tool fails them.
 */
export function namespaceSuite(tag: string, net: number, loopbacks: string[], missing: string | undefined): { test: typeof test.serial | typeof test.skip; ns(): Netns } {
  const skip = missing !== undefined && !process.env.CI;
  if (skip) console.warn(`${tag}: interop tests skipped: ${missing}`);
  let ns: Netns | undefined;
  test.before(async () => {
    if (!skip) ns = await createNetns(tag, net, loopbacks);
  });
  test.after.always(async () => {
    await ns?.close();
  });
  return {
    test: skip ? test.skip : test.serial,
    ns: () => {
      if (!ns) throw new Error(`namespace ${tag} was not created`);
      return ns;
    },
  };
}
