// Drives the Junos CLI through a real shell Session over in-memory streams, non-interactive
// (no echo), so a test reads exactly what the commands print.
import { PassThrough } from 'node:stream';
import { readFileSync } from 'node:fs';
import { Device } from '../../engine/device.ts';
import { VirtualClock } from '../../engine/runtime/clock.ts';
import { SeededRandom } from '../../engine/runtime/random.ts';
import { JunosCli } from '../../modes/junos-cli.ts';
import { Session } from '../../shell/session.ts';
import { tempDir } from './config.ts';

export function labDevice(conf = 'labs/default/Edge.conf', clock = new VirtualClock(Date.UTC(2012, 5, 1, 10, 0, 0))) {
  const factoryConfig = readFileSync(new URL(`../../${conf}`, import.meta.url), 'utf8');
  return new Device({ dir: tempDir(), clock, random: new SeededRandom(3), factoryConfig });
}

/** Runs `lines` in one non-interactive session and returns everything it printed. */
export async function runLines(device: Device, lines: string[], user = 'admin', cls: 'super-user' | 'operator' | 'read-only' = 'super-user'): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (d: Buffer) => (text += d.toString('utf8')));
  const cli = JunosCli.open(device, user, cls, '10.0.0.1');
  const session = new Session({ interpreter: cli, input, output, interactive: false, clock: device.clock });
  const done = session.run();
  input.end(lines.map((l) => l + '\n').join(''));
  await done;
  return text.replace(/\r\n/g, '\n');
}
