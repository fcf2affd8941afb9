// The device's user-visible files (`save FILE`, `| save FILE`, `load merge FILE`,
// `file list`), kept in its state directory. Names are plain file names (the user's home);
// packet captures may also go to `/var/tmp/NAME`, a subdirectory of the area.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDir, writeFileAtomic } from './config/persistence/atomic-file.ts';

const SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** Junos directories other than the home, by the subdirectory that holds them (a dot-name, which no file can take). */
const DIRECTORIES: Readonly<Record<string, string>> = { '/var/tmp': '.var-tmp' };
const subdirectory = (directory: string) => (Object.hasOwn(DIRECTORIES, directory) ? DIRECTORIES[directory] : undefined);

export class FileArea {
  constructor(private readonly dir: string) {
    ensureDir(dir);
  }

  static isValidName(name: string): boolean {
    return SAFE.test(name);
  }

  static isDirectory(name: string): boolean {
    return subdirectory(name) !== undefined;
  }

  /** The files of the home, or of a directory for which isDirectory holds. */
  list(directory?: string): string[] {
    const sub = directory === undefined ? '' : subdirectory(directory);
    const dir = path.join(this.dir, sub ?? '');
    if (sub === undefined || !existsSync(dir)) return [];
    return readdirSync(dir, { withFileTypes: true }).filter((f) => f.isFile() && SAFE.test(f.name)).map((f) => f.name).sort();
  }

  /** Where NAME or `/var/tmp/NAME` lives on disk (its directory created), for writers that stream. */
  diskPath(name: string): string | undefined {
    const slash = name.lastIndexOf('/');
    const base = name.slice(slash + 1);
    const sub = slash < 0 ? '' : subdirectory(name.slice(0, slash));
    if (sub === undefined || !SAFE.test(base)) return undefined;
    const dir = path.join(this.dir, sub);
    ensureDir(dir);
    return path.join(dir, base);
  }

  read(name: string): string | undefined {
    if (!SAFE.test(name)) return undefined;
    try {
      return readFileSync(path.join(this.dir, name), 'utf8');
    } catch {
      return undefined;
    }
  }

  /** Atomic, like every write srxsim makes to disk. */
  write(name: string, text: string): boolean {
    if (!SAFE.test(name)) return false;
    writeFileAtomic(this.dir, name, text);
    return true;
  }
}
