// `commit [check] [comment "text"] [confirmed [minutes]] [and-quit]`.
import type { Outcome } from '../shell/interpreter.ts';
import type { CommandContext } from './context.ts';
import { leaveConfiguration } from './configure.ts';
import { editorsBlock } from './editors.ts';

interface CommitRequest {
  check: boolean;
  andQuit: boolean;
  comment?: string;
  confirmMinutes?: number;
}

function parse(ctx: CommandContext, words: readonly string[]): CommitRequest | Outcome {
  const req: CommitRequest = { check: false, andQuit: false };
  const options = ['and-quit', 'check', 'comment', 'confirmed'];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const opt = options.filter((o) => o.startsWith(w));
    const at = i + 1;
    if (opt.length !== 1) return ctx.errorAt(at, opt.length ? `'${w}' is ambiguous.` : 'syntax error, expecting <command>.');
    switch (opt[0]) {
      case 'and-quit': req.andQuit = true; break;
      case 'check': req.check = true; break;
      case 'comment':
        if (words[i + 1] === undefined) return ctx.errorAt(at + 1, 'missing argument.');
        req.comment = words[++i]!;
        break;
      case 'confirmed': {
        const n = words[i + 1];
        if (n !== undefined && /^\d+$/.test(n)) {
          if (Number(n) < 1 || Number(n) > 65535) return ctx.errorAt(at + 1, `error: value ${n} is not within range (1..65535)`);
          req.confirmMinutes = Number(n);
          i++;
        } else {
          req.confirmMinutes = 10;
        }
        break;
      }
    }
  }
  return req;
}

export function runCommit(ctx: CommandContext, words: readonly string[]): Outcome {
  const req = parse(ctx, words);
  if (typeof req === 'string') return req;
  const { cli } = ctx;
  const device = cli.device;
  const s = cli.config!;
  if (req.check) {
    const r = device.store.commitCheck(s.candidate);
    ctx.write(r.output);
    return r.ok ? 'continue' : 'error';
  }
  if (cli.login.cls !== 'super-user') return ctx.error('error: permission denied');
  const holder = device.exclusive;
  if (holder && holder !== cli.login) {
    return ctx.error(`${editorsBlock([holder])}error: configuration database locked by: ${holder.user} terminal ${holder.terminal} (pid ${holder.pid})`);
  }
  const r = device.store.commit(s.candidate, {
    user: cli.login.user,
    client: 'cli',
    ...(req.comment !== undefined ? { comment: req.comment } : {}),
    ...(req.confirmMinutes !== undefined ? { confirmMinutes: req.confirmMinutes } : {}),
  });
  ctx.write(r.output);
  if (!r.ok) return 'error';
  if (req.andQuit) leaveConfiguration(ctx);
  return 'continue';
}
