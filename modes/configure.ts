// Entering and leaving configuration mode, with Junos's rules for shared, private and
// exclusive candidates.
import type { Outcome } from '../shell/interpreter.ts';
import { CommandAborted, EndOfInput } from '../shell/interpreter.ts';
import type { CommandContext } from './context.ts';
import { editorsBlock } from './editors.ts';
import type { ConfigSession } from './junos-cli.ts';

export function enterConfiguration(ctx: CommandContext, kind: ConfigSession['kind']): Outcome {
  const { cli } = ctx;
  const device = cli.device;
  const store = device.store;
  if (cli.login.cls === 'read-only' || cli.login.cls === 'unauthorized') return ctx.error('error: permission denied');
  const others = device.editors(cli.login);
  const sharedDirty = store.isModified(store.shared);
  const holder = device.exclusive;
  if (kind !== 'shared') {
    if (holder && holder !== cli.login) return ctx.error(`${editorsBlock([holder])}error: configuration database locked by: ${holder.user} terminal ${holder.terminal}`);
    if (sharedDirty) return ctx.error(kind === 'private' ? 'error: shared configuration database modified' : `${editorsBlock(others)}error: configuration database modified`);
    ctx.write('warning: uncommitted changes will be discarded on exit\n');
  } else if (others.some((s) => s.editing?.mode === 'private')) {
    return ctx.error('error: shared configuration database modified\nUsers currently editing the configuration must use configure private or configure exclusive');
  }
  ctx.write('Entering configuration mode\n');
  ctx.write(editorsBlock(others));
  if (kind === 'shared' && sharedDirty) ctx.write('The configuration has been changed but not committed\n');
  cli.config = { kind, candidate: kind === 'private' ? store.openPrivate() : store.shared, level: [], previous: [] };
  if (kind === 'exclusive') device.exclusive = cli.login;
  cli.syncEditing();
  return 'continue';
}

/**
 * Leaves configuration mode. Plain `exit` asks first when there are uncommitted changes;
 * `exit configuration-mode` only says so.
 */
export async function exitConfiguration(ctx: CommandContext, ask: boolean): Promise<Outcome> {
  const { cli } = ctx;
  const c = cli.config;
  if (!c) return 'continue';
  if (cli.device.store.isModified(c.candidate)) {
    ctx.write('The configuration has been changed but not committed\n');
    if (!ask) {
      if (c.kind === 'exclusive') cli.device.store.rollback(c.candidate, 0);
      leaveConfiguration(ctx);
      return 'continue';
    }
    let answer: string;
    try {
      answer = (await ctx.io.ask('Exit with uncommitted changes? [yes,no] (yes) ')).trim().toLowerCase();
    } catch (e) {
      if (e instanceof CommandAborted || e instanceof EndOfInput) return 'continue';
      throw e;
    }
    if (answer !== '' && !'yes'.startsWith(answer)) return 'continue';
    // Private and exclusive candidates are discarded on exit; the shared one stays.
    if (c.kind === 'exclusive') cli.device.store.rollback(c.candidate, 0);
  }
  leaveConfiguration(ctx);
  return 'continue';
}

export function leaveConfiguration(ctx: CommandContext): void {
  const { cli } = ctx;
  if (cli.device.exclusive === cli.login) cli.device.exclusive = undefined;
  cli.config = undefined;
  cli.syncEditing();
  ctx.write('Exiting configuration mode\n');
}
