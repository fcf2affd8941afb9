// The device's user-visible files (`save FILE`, `| save FILE`, `load merge FILE`,
// `file list`), kept in its state directory. Names are plain file names: no paths.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDir, writeFileAtomic } from './config/persistence/atomic-file.ts';

const SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export class FileArea {
  constructor(private readonly dir: string) {
    ensureDir(dir);
  }

  static isValidName(name: string): boolean {
    return SAFE.test(name);
  }

  list(): string[] {
    return readdirSync(this.dir).filter((f) => SAFE.test(f)).sort();
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
