// srxsim's command line. Until the CLI lands, `start` boots the default lab's devices
// (committing each device's initial configuration into its state directory on first start)
// and prints their committed configurations.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatIssue, loadLabFile } from '../engine/lab/lab-file.ts';
import { ConfigStore } from '../engine/config/store.ts';
import { renderCurly } from '../engine/config/render-curly.ts';
import { formatCommitHistory } from '../engine/config/commit-log.ts';
import { RealClock } from '../engine/runtime/clock.ts';
import { CryptoRandom } from '../engine/runtime/random.ts';
import { readFileSync } from 'node:fs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function start(labFile: string, stateRoot: string): Promise<number> {
  const loaded = await loadLabFile(labFile);
  if (!loaded.ok) {
    for (const issue of loaded.issues) console.error(formatIssue(issue));
    return 1;
  }
  const clock = new RealClock();
  for (const device of loaded.lab.devices) {
    const store = ConfigStore.open({
      dir: path.join(stateRoot, loaded.lab.name, device.name),
      clock,
      random: new CryptoRandom(),
      factoryConfig: readFileSync(device.config, 'utf8'),
    });
    console.log(`admin@${device.name}> show system commit`);
    process.stdout.write(formatCommitHistory(store.history(), clock.now()));
    console.log(`\nadmin@${device.name}> show configuration`);
    process.stdout.write(renderCurly(store.committed()) + '\n');
  }
  return 0;
}

const usage = 'usage: srxsim start [LAB_FILE] [--state DIR]';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const stateAt = rest.indexOf('--state');
  const stateRoot = stateAt >= 0 ? rest.splice(stateAt, 2)[1] : path.join(root, '.srxsim');
  if (command === 'start' && stateRoot) return start(path.resolve(rest[0] ?? path.join(root, 'labs', 'default.yaml')), stateRoot);
  console.error(usage);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
