// `show system commit`: one line per retained commit, newest first, as Junos prints it.
import type { CommitMeta } from './persistence/config-repository.ts';

const two = (n: number) => String(n).padStart(2, '0');

export function formatUtc(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC`;
}

/** `now` decides whether a confirmed commit is still pending. */
export function formatCommitHistory(history: readonly CommitMeta[], now: number): string {
  return history
    .map((c, i) => {
      const pending = i === 0 && c.confirmed !== undefined && c.confirmed.deadline > now;
      // The window asked for stays on the entry after it is confirmed or rolled back.
      const minutes = c.confirmed ? Math.round((c.confirmed.deadline - c.time) / 60_000) : 0;
      const confirmed = c.confirmed ? ` commit confirmed, rollback in ${minutes}min${minutes === 1 ? '' : 's'}` : '';
      const head = `${String(i).padEnd(4)}${formatUtc(c.time)} by ${c.user} via ${c.client}${confirmed}`;
      const notes = [c.comment, pending ? 'rollback pending' : undefined].filter((x): x is string => x !== undefined);
      return [head, ...notes.map((n) => `    ${n}`)].join('\n');
    })
    .join('\n') + (history.length ? '\n' : '');
}
