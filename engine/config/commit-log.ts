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
      const pending = i === 0 && c.confirmed && c.confirmed.deadline > now;
      const minutes = pending ? Math.ceil((c.confirmed!.deadline - now) / 60_000) : 0;
      const head = `${String(i).padEnd(4)}${formatUtc(c.time)} by ${c.user} via ${c.client}${pending ? ` commit confirmed, rollback in ${minutes}mins` : ''}`;
      const notes = [c.comment, pending ? 'rollback pending' : undefined].filter((x): x is string => x !== undefined);
      return [head, ...notes.map((n) => `    ${n}`)].join('\n');
    })
    .join('\n') + (history.length ? '\n' : '');
}
