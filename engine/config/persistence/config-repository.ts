// A device's on-disk configuration repository (DESIGN.md "Errors and bad input"): the
// committed configuration, the last 50 commits for rollback, the rescue configuration and
// small named JSON blobs, all written atomically so that a process killed mid-commit comes
// back with either the old or the new configuration.
//
// Layout of the state directory:
//   index.json          the commit point: retained commits, newest first, with metadata
//   commits/NNNNNNNN.conf  one immutable file per commit, named by its sequence
//   rescue.conf         the rescue configuration, if saved
//   state/KEY.json      blobs saved with saveState
//   .NAME.tmp           temp files in any of these directories; only a crash leaves them
//
// A commit writes its text file first, then replaces index.json. Until that rename the
// new file is an unreferenced orphan; after it, the commit is done. Files that fell off
// the end of the history, orphans and temp files are deleted on open (and, for the
// former, right after the commit). One process at a time may own a directory.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureDir, removeFileDurably, removeStrayTemps, writeFileAtomic } from './atomic-file.ts';
import {
  commitFileName,
  type CommitMeta,
  type CommitRequest,
  type IndexEntry,
  MAX_HISTORY,
  parseIndex,
  RepositoryError,
  serializeIndex,
  validateRequest,
} from './commit-index.ts';

export { type CommitClient, type CommitMeta, type CommitRequest, MAX_HISTORY, RepositoryError } from './commit-index.ts';

const INDEX = 'index.json';
const RESCUE = 'rescue.conf';
const COMMITS = 'commits';
const STATE = 'state';
const COMMIT_FILE = /^\d{8,}\.conf$/;
const STATE_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export class ConfigRepository {
  private constructor(
    private readonly dir: string,
    private entries: IndexEntry[],
    private currentText: string | undefined,
  ) {}

  /** Opens (creating if needed) the repository in `dir`, cleaning what a crash left. */
  static open(dir: string): ConfigRepository {
    const commitsDir = path.join(dir, COMMITS);
    ensureDir(dir);
    ensureDir(commitsDir);
    ensureDir(path.join(dir, STATE));
    for (const d of [dir, commitsDir, path.join(dir, STATE)]) removeStrayTemps(d);

    const indexPath = path.join(dir, INDEX);
    const entries = fs.existsSync(indexPath) ? parseIndex(fs.readFileSync(indexPath, 'utf8'), indexPath) : [];
    const repo = new ConfigRepository(dir, entries, undefined);
    for (const e of entries) {
      if (!fs.existsSync(repo.commitPath(e.sequence))) {
        throw new RepositoryError(`${indexPath}: commit ${e.sequence} has no file ${repo.commitPath(e.sequence)}`);
      }
    }
    repo.currentText = entries.length > 0 ? repo.readCommit(entries[0]!) : undefined;
    repo.pruneUnreferenced();
    return repo;
  }

  current(): { text: string; meta: CommitMeta } | undefined {
    const e = this.entries[0];
    return e && { text: this.currentText!, meta: toMeta(e) };
  }

  /** Makes `text` the committed configuration (rollback 0); returns its metadata. */
  commit(text: string, req: CommitRequest): CommitMeta {
    validateRequest(req);
    const sequence = (this.entries[0]?.sequence ?? 0) + 1;
    const entry: IndexEntry = { ...toMeta({ ...req, sequence }), sha256: sha256(text) };
    writeFileAtomic(path.join(this.dir, COMMITS), commitFileName(sequence), text);
    const entries = [entry, ...this.entries].slice(0, MAX_HISTORY);
    writeFileAtomic(this.dir, INDEX, serializeIndex(entries)); // the commit point
    const dropped = this.entries.slice(MAX_HISTORY - 1);
    this.entries = entries;
    this.currentText = text;
    for (const e of dropped) {
      // Best effort: the commit is already done, and open() removes what is left.
      fs.rmSync(this.commitPath(e.sequence), { force: true });
    }
    return toMeta(entry);
  }

  /** Retained commits, newest (rollback 0) first. */
  history(): CommitMeta[] {
    return this.entries.map(toMeta);
  }

  /** Text of `rollback n`, or undefined if the history is shorter than that. */
  rollbackText(n: number): string | undefined {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`bad rollback number ${n}`);
    if (n === 0) return this.currentText;
    const e = this.entries[n];
    return e && this.readCommit(e);
  }

  saveRescue(text: string): void {
    writeFileAtomic(this.dir, RESCUE, text);
  }

  rescueText(): string | undefined {
    return readIfExists(path.join(this.dir, RESCUE));
  }

  deleteRescue(): void {
    removeFileDurably(this.dir, RESCUE);
  }

  /** Stores a JSON-serialisable value under `key` (letters, digits, '-', '_'). */
  saveState(key: string, value: unknown): void {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError(`state ${key}: value is not JSON-serialisable`);
    writeFileAtomic(path.join(this.dir, STATE), stateFileName(key), json);
  }

  loadState(key: string): unknown {
    const file = path.join(this.dir, STATE, stateFileName(key));
    const json = readIfExists(file);
    if (json === undefined) return undefined;
    try {
      return JSON.parse(json);
    } catch (err) {
      throw new RepositoryError(`${file}: not valid JSON (${(err as Error).message})`);
    }
  }

  deleteState(key: string): void {
    removeFileDurably(path.join(this.dir, STATE), stateFileName(key));
  }

  private commitPath(sequence: number): string {
    return path.join(this.dir, COMMITS, commitFileName(sequence));
  }

  private readCommit(e: IndexEntry): string {
    const file = this.commitPath(e.sequence);
    const text = fs.readFileSync(file, 'utf8');
    if (sha256(text) !== e.sha256) throw new RepositoryError(`${file}: content does not match its checksum in ${INDEX}`);
    return text;
  }

  /** Deletes commit files the index does not name: crash orphans, or missed prunes. */
  private pruneUnreferenced(): void {
    const keep = new Set(this.entries.map((e) => commitFileName(e.sequence)));
    for (const name of fs.readdirSync(path.join(this.dir, COMMITS))) {
      if (COMMIT_FILE.test(name) && !keep.has(name)) fs.rmSync(path.join(this.dir, COMMITS, name), { force: true });
    }
  }
}

/** Copies only the metadata fields (drops sha256 and anything a caller added). */
function toMeta(e: CommitMeta): CommitMeta {
  const meta: CommitMeta = { sequence: e.sequence, time: e.time, user: e.user, client: e.client };
  if (e.comment !== undefined) meta.comment = e.comment;
  if (e.confirmed !== undefined) meta.confirmed = { deadline: e.confirmed.deadline };
  return meta;
}

function stateFileName(key: string): string {
  if (!STATE_KEY.test(key)) throw new RangeError(`bad state key ${JSON.stringify(key)}`);
  return `${key}.json`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
