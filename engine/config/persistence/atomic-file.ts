// Durable, atomic file primitives. A reader (or a process restarted after a crash or a
// power cut) sees either the old content of a file or the new one, never a mix.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Temp files are dot-files ending in this suffix, so `removeStrayTemps` can find them. */
const TEMP_SUFFIX = '.tmp';

export function tempName(name: string): string {
  return `.${name}${TEMP_SUFFIX}`;
}

export function isTempName(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TEMP_SUFFIX);
}

/** Makes the directory's entries (creations, renames, unlinks) durable. */
export function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * temp file in the same directory → write → fsync(file) → rename → fsync(directory).
 * rename(2) replaces the target atomically; the first fsync makes sure the renamed file
 * has its data on disk, the second that the rename itself survives a power cut.
 */
export function writeFileAtomic(dir: string, name: string, data: string | Buffer): void {
  const tmp = path.join(dir, tempName(name));
  // A single writer per directory (see ConfigRepository), so a fixed temp name is safe;
  // 'w' truncates whatever a crashed earlier attempt left behind.
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, path.join(dir, name));
  fsyncDir(dir);
}

/** Removes a file if present, durably. */
export function removeFileDurably(dir: string, name: string): void {
  try {
    fs.unlinkSync(path.join(dir, name));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  fsyncDir(dir);
}

/** Creates `dir` (and parents) if missing, making the new entry durable in its parent. */
export function ensureDir(dir: string): void {
  if (fs.existsSync(dir)) return;
  ensureDir(path.dirname(dir));
  fs.mkdirSync(dir, { mode: 0o700 });
  fsyncDir(path.dirname(dir));
}

/** Deletes temp files a crash left in `dir`; returns how many. */
export function removeStrayTemps(dir: string): number {
  let n = 0;
  for (const name of fs.readdirSync(dir)) {
    if (!isTempName(name)) continue;
    fs.unlinkSync(path.join(dir, name));
    n++;
  }
  if (n > 0) fsyncDir(dir);
  return n;
}
