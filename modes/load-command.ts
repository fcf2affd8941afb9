// `load merge|override|replace|set (terminal|FILE) [relative]`.
import type { LoadMode } from '../engine/config/candidate.ts';
import { CommandAborted, EndOfInput, type Outcome } from '../shell/interpreter.ts';
import type { CommandContext } from './context.ts';

/** Reads lines typed after `load ... terminal` until Ctrl-D; undefined if Ctrl-C abandons it. */
async function readTerminal(ctx: CommandContext): Promise<string | undefined> {
  ctx.write('[Type ^D at a new line to end input]\n');
  const lines: string[] = [];
  for (;;) {
    try {
      lines.push(await ctx.io.ask(''));
    } catch (e) {
      if (e instanceof EndOfInput) break;
      if (e instanceof CommandAborted) return undefined;
      throw e;
    }
  }
  return lines.join('\n') + '\n';
}

export async function loadConfiguration(ctx: CommandContext, mode: LoadMode, args: readonly string[]): Promise<Outcome> {
  const [source, ...flags] = args;
  if (!source) return ctx.errorAt(ctx.words.length, 'missing argument.');
  const relative = flags.length === 1 && 'relative'.startsWith(flags[0]!);
  if (flags.length && !relative) return ctx.errorAt(ctx.words.length - flags.length + 1, 'syntax error.');
  const s = ctx.cli.config!;
  const text = source === 'terminal' ? await readTerminal(ctx) : ctx.cli.device.files.read(source);
  if (text === undefined) return source === 'terminal' ? 'continue' : ctx.error(`error: could not resolve file: ${source}`);
  const r = s.candidate.load(mode, text, relative ? s.level : []);
  if (r.ok) {
    ctx.write('load complete\n');
    return 'continue';
  }
  const where = source === 'terminal' ? 'terminal' : source;
  for (const e of r.errors) ctx.write(`${where}:${e.line}:(${e.col}) ${e.message}${e.near !== undefined ? `: ${e.near}` : ''}\n`);
  ctx.write(`load failed (${r.errors.length} error${r.errors.length === 1 ? '' : 's'})\n`);
  return 'error';
}
