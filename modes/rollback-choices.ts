// `rollback ?` lists the retained commits: number, time, user and client.
import { formatUtc } from '../engine/config/commit-log.ts';
import type { Device } from '../engine/device.ts';
import type { CompletionItem } from '../shell/interpreter.ts';

export function rollbackChoices(device: Device): CompletionItem[] {
  return device.store.history().map((c, i) => ({ name: String(i), help: `${formatUtc(c.time)} by ${c.user} via ${c.client}` }));
}
