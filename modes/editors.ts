// The "Users currently editing the configuration" block shown by configure and status.
import { formatUtc } from '../engine/config/commit-log.ts';
import type { LoginSession } from '../engine/device.ts';

export function editorsBlock(editors: readonly LoginSession[]): string {
  if (editors.length === 0) return '';
  const rows = editors.flatMap((s) => [
    `  ${s.user} terminal ${s.terminal} (pid ${s.pid}) on since ${formatUtc(s.since)}`,
    `      ${s.editing?.mode === 'exclusive' ? 'exclusive' : `[edit${s.editing?.path ? ' ' + s.editing.path : ''}]`}`,
  ]);
  return ['Users currently editing the configuration:', ...rows].join('\n') + '\n';
}
