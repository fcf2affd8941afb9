// The rollback index: the one file whose atomic replacement is the commit point. It lists
// the retained commits (newest first) with their metadata and the SHA-256 of each text,
// so that a commit file that does not match what the index promised is reported, not used.

export const MAX_HISTORY = 50;

export const COMMIT_CLIENTS = ['cli', 'netconf', 'junoscript', 'other'] as const;
export type CommitClient = (typeof COMMIT_CLIENTS)[number];

/** One commit as `show system commit` reports it. */
export interface CommitMeta {
  /** Monotonic, assigned by the repository; never reused for a retained commit. */
  sequence: number;
  /** Milliseconds since the epoch, from the caller's Clock. */
  time: number;
  user: string;
  client: CommitClient;
  comment?: string;
  /** Set by `commit confirmed`: rolled back at `deadline` (Clock ms) unless confirmed. */
  confirmed?: { deadline: number };
}

export type CommitRequest = Omit<CommitMeta, 'sequence'>;

export interface IndexEntry extends CommitMeta {
  sha256: string;
}

const FORMAT = 'srxsim-config-index';
const VERSION = 1;

export class RepositoryError extends Error {
  override name = 'RepositoryError';
}

export function commitFileName(sequence: number): string {
  return `${String(sequence).padStart(8, '0')}.conf`;
}

export function serializeIndex(entries: readonly IndexEntry[]): string {
  return JSON.stringify({ format: FORMAT, version: VERSION, commits: entries }, null, 1) + '\n';
}

/** Parses and validates index.json; `where` names the file in error messages. */
export function parseIndex(text: string, where: string): IndexEntry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new RepositoryError(`${where}: not valid JSON (${(err as Error).message})`);
  }
  if (!isRecord(doc) || doc.format !== FORMAT) throw new RepositoryError(`${where}: not a configuration index`);
  if (doc.version !== VERSION) throw new RepositoryError(`${where}: unsupported version ${String(doc.version)}`);
  if (!Array.isArray(doc.commits) || doc.commits.length > MAX_HISTORY) {
    throw new RepositoryError(`${where}: "commits" must be a list of at most ${MAX_HISTORY} entries`);
  }
  const entries = doc.commits.map((e, i) => parseEntry(e, `${where}: commit entry ${i}`));
  for (let i = 1; i < entries.length; i++) {
    if (entries[i]!.sequence >= entries[i - 1]!.sequence) {
      throw new RepositoryError(`${where}: commit sequences are not strictly decreasing at entry ${i}`);
    }
  }
  return entries;
}

export function validateRequest(req: CommitRequest): void {
  // Round-tripping through the parser keeps one definition of a well-formed entry.
  parseEntry({ ...req, sequence: 1, sha256: '0'.repeat(64) }, 'commit metadata');
}

function parseEntry(e: unknown, where: string): IndexEntry {
  const bad = (what: string): never => {
    throw new RepositoryError(`${where}: ${what}`);
  };
  if (!isRecord(e)) return bad('not an object');
  if (!Number.isSafeInteger(e.sequence) || (e.sequence as number) < 1) bad('bad sequence');
  if (!Number.isSafeInteger(e.time) || (e.time as number) < 0) bad('bad time');
  if (typeof e.user !== 'string') bad('bad user');
  if (!(COMMIT_CLIENTS as readonly unknown[]).includes(e.client)) bad(`unknown client ${String(e.client)}`);
  if (e.comment !== undefined && typeof e.comment !== 'string') bad('bad comment');
  if (e.confirmed !== undefined && !(isRecord(e.confirmed) && Number.isSafeInteger(e.confirmed.deadline))) {
    bad('bad confirmed deadline');
  }
  if (typeof e.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(e.sha256)) bad('bad sha256');
  const entry: IndexEntry = {
    sequence: e.sequence as number,
    time: e.time as number,
    user: e.user as string,
    client: e.client as CommitClient,
    sha256: e.sha256 as string,
  };
  if (e.comment !== undefined) entry.comment = e.comment as string;
  if (e.confirmed !== undefined) entry.confirmed = { deadline: (e.confirmed as { deadline: number }).deadline };
  return entry;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
