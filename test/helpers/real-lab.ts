// labs/strongswan.yaml booted live against a real peer in a test's namespace: the lab's
// 198.18.0.0/24 (the veth) and 198.18.1.0/24 (behind strongSwan) move to the test's own
// pair of /24s, so test files running side by side never share an address.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Device } from '../../engine/device.ts';
import { parseLabFile } from '../../engine/lab/lab-file.ts';
import { Lab } from '../../engine/lab/lab.ts';
import { tempDir } from './config.ts';

const labText = (file: string) => readFileSync(new URL(`../../labs/${file}`, import.meta.url), 'utf8');

/** The lab's text with 198.18.0.x / 198.18.1.x moved to 198.18.NET.x / 198.18.NET+1.x. */
export function relocate(text: string, net: number): string {
  return text.replace(/198\.18\.([01])\./g, (_, octet: string) => `198.18.${net + Number(octet)}.`);
}

export interface RealLab {
  lab: Lab;
  srx: Device;
}

/** Boots labs/strongswan.yaml (live clock, real sockets) with its addresses moved to `net`. */
export async function bootStrongswanLab(net: number, opts: { capture?: string } = {}): Promise<RealLab> {
  const dir = tempDir();
  mkdirSync(join(dir, 'strongswan'));
  writeFileSync(join(dir, 'strongswan', 'SRX.conf'), relocate(labText('strongswan/SRX.conf'), net));
  const parsed = parseLabFile(relocate(labText('strongswan.yaml'), net), join(dir, 'strongswan.yaml'));
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('; '));
  const lab = new Lab(parsed.lab, { stateRoot: join(dir, 'state'), mode: 'live', ...opts });
  try {
    await lab.ready();
  } catch (err) {
    lab.stop();
    throw err;
  }
  return { lab, srx: lab.devices.get('SRX')! };
}

/** Polls `check` until it returns a value (not undefined) or `ms` pass. */
export async function until<T>(what: string, ms: number, check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
