// A virtual lab from labs/NAME.yaml capturing into a fresh directory, and tshark as the
// independent reader of what it writes. The tshark tests run where tshark is installed and
// under CI (which installs it), where a missing tshark fails them instead.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import type { Device } from '../../engine/device.ts';
import { loadLabFile } from '../../engine/lab/lab-file.ts';
import { Lab } from '../../engine/lab/lab.ts';
import { tempDir } from './config.ts';

export const hasTshark = spawnSync('tshark', ['--version']).status === 0;
export const onlyWithTshark = hasTshark || process.env.CI ? test.serial : test.skip;

const run = promisify(execFile);

export async function bootCaptureLab(name: string): Promise<{ lab: Lab; dir: string }> {
  const r = await loadLabFile(`labs/${name}.yaml`);
  if (!r.ok) throw new Error(`labs/${name}.yaml: ${r.issues.map((i) => i.message).join('; ')}`);
  const dir = path.join(tempDir(), 'capture');
  const lab = new Lab(r.lab, { stateRoot: tempDir(), mode: 'virtual', capture: dir });
  settle(lab.runUntilQuiet());
  return { lab, dir };
}

export function settle(r: { ok: true } | { ok: false; error: string }): void {
  if (!r.ok) throw new Error(r.error);
}

/** Commits set-form lines on a device's shared candidate, failing loudly. */
export function commit(device: Device, ...lines: string[]): void {
  const load = device.store.shared.load('set', lines.join('\n'));
  if (!load.ok) throw new Error(JSON.stringify(load.errors));
  const r = device.store.commit(device.store.shared, { user: 'admin', client: 'cli' });
  if (!r.ok) throw new Error(r.output);
}

/**
 * `tshark -r FILE -T fields -e ...` as rows of fields (multiple values of one field joined
 * by ","). `configDir` is Wireshark's configuration directory: the capture directory with
 * its key tables, or by default an empty one, so no user profile decrypts anything.
 */
export async function tsharkFields(file: string, fields: string[], opts: { configDir?: string; filter?: string } = {}): Promise<string[][]> {
  const args = ['-r', file, '-T', 'fields', ...fields.flatMap((f) => ['-e', f]), ...(opts.filter ? ['-Y', opts.filter] : [])];
  const env = { ...process.env, WIRESHARK_CONFIG_DIR: opts.configDir ?? mkdtempSync(path.join(tmpdir(), 'srxsim-ws-')) };
  const { stdout, stderr } = await run('tshark', args, { env, maxBuffer: 64 * 1024 * 1024 });
  // tshark reports a key table it cannot load (an algorithm name it does not know, a bad
  // column) on stderr and goes on; that is a failure here. Running as root is only a warning.
  const complaints = stderr.split('\n').filter((l) => l !== '' && !l.startsWith('Running as user'));
  if (complaints.length > 0) throw new Error(`tshark: ${complaints.join('; ')}`);
  return stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

export interface PcapFile {
  magic: number;
  major: number;
  minor: number;
  thiszone: number;
  snaplen: number;
  linktype: number;
  records: { sec: number; usec: number; caplen: number; origlen: number; data: Buffer }[];
}

/** A reader of the libpcap format written independently of the writer (little-endian files). */
export function parsePcap(b: Buffer): PcapFile {
  const out: PcapFile = { magic: b.readUInt32LE(0), major: b.readUInt16LE(4), minor: b.readUInt16LE(6), thiszone: b.readInt32LE(8), snaplen: b.readUInt32LE(16), linktype: b.readUInt32LE(20), records: [] };
  for (let at = 24; at < b.length; ) {
    const caplen = b.readUInt32LE(at + 8);
    out.records.push({ sec: b.readUInt32LE(at), usec: b.readUInt32LE(at + 4), caplen, origlen: b.readUInt32LE(at + 12), data: b.subarray(at + 16, at + 16 + caplen) });
    at += 16 + caplen;
  }
  return out;
}
