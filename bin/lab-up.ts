// `srxsim lab up`: boots a lab's devices, serves each over SSH on its own port, prints who
// listens where, and attaches the console to the first device.
import path from 'node:path';
import { formatIssue, loadLabFile } from '../engine/lab/lab-file.ts';
import { Lab } from '../engine/lab/lab.ts';
import { JunosCli } from '../modes/junos-cli.ts';
import { runConsole } from '../shell/console.ts';
import { startSshServer, type SshServer } from '../shell/ssh-server.ts';

export interface LabUpOptions {
  labFile: string;
  stateRoot: string;
  /** Device i listens on sshBase + i; without it, on its lab file's ssh-port or 2200 + i. */
  sshBase?: number;
  listen: string;
  console: boolean;
  /** A directory for one pcap per segment and Wireshark's key tables. */
  capture?: string;
}

export async function labUp(opts: LabUpOptions): Promise<number> {
  const loaded = await loadLabFile(opts.labFile);
  if (!loaded.ok) {
    for (const issue of loaded.issues) console.error(formatIssue(issue));
    return 1;
  }
  const lab = loaded.lab;
  const running = new Lab(lab, { stateRoot: opts.stateRoot, mode: 'live', capture: opts.capture });
  try {
    await running.ready();
  } catch (err) {
    console.error(`srxsim: ${(err as Error).message}`);
    running.stop();
    return 1;
  }
  const clock = running.clock;
  const servers: SshServer[] = [];
  const devices = [...running.devices.values()];
  for (const [i, spec] of lab.devices.entries()) {
    const dir = path.join(opts.stateRoot, lab.name, spec.name);
    const device = running.devices.get(spec.name)!;
    servers.push(await startSshServer({
      stateDir: dir,
      host: opts.listen,
      port: opts.sshBase !== undefined ? opts.sshBase + i : spec.sshPort ?? 2200 + i,
      clock,
      authenticate: async (user, method, credential) => {
        const r = method === 'password' ? device.authenticate(user, credential as string) : device.authenticateKey(user, (credential as { algo: string }).algo, (credential as { key: Buffer }).key);
        return r.ok ? { ok: true, user, cls: r.cls } : { ok: false };
      },
      createInterpreter: (user, session) => JunosCli.open(device, user.user, user.cls as 'super-user', session.remoteAddress),
      idleTimeoutMs: 30 * 60_000,
      saveFile: async (_user, name, content) => void device.files.write(name, content),
      log: (e) => {
        if (e.type === 'auth-failure') console.error(`${spec.name}: sshd: failed ${e.method} for ${e.user} from ${e.remoteAddress}`);
      },
    }));
  }
  console.log(`Lab ${lab.name}: ${lab.devices.length} devices`);
  console.log('DEVICE        SSH                      LOGIN');
  lab.devices.forEach((d, i) => console.log(`${d.name.padEnd(13)} ${`${opts.listen}:${servers[i]!.port}`.padEnd(24)} ssh -p ${servers[i]!.port} admin@${opts.listen}  (password Juniper123)`));
  const stop = async () => {
    await Promise.all(servers.map((s) => s.close()));
    running.stop();
  };
  if (opts.console && devices[0]) {
    console.log(`\nConsole attached to ${lab.devices[0]!.name}; "exit" leaves and stops the lab.\n`);
    const cli = JunosCli.open(devices[0], 'admin', 'super-user', 'console');
    await runConsole({ interpreter: cli, clock, saveFile: async (name, content) => void devices[0]!.files.write(name, content) });
    await stop();
    return 0;
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await stop();
  return 0;
}
