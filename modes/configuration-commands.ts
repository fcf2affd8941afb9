// Configuration mode's verbs. Paths are resolved against the schema relative to the
// session's edit level; every failure leaves the candidate as it was.
import type { EditResult, LoadMode, Word } from '../engine/config/candidate.ts';
import { hashLoginPassword } from '../engine/config/secret/sha512-crypt.ts';
import type { Outcome } from '../shell/interpreter.ts';
import { formatPossibleCompletions } from '../shell/possible-completions.ts';
import type { CommandNode } from './command-tree.ts';
import type { CommandContext } from './context.ts';
import { exitConfiguration } from './configure.ts';
import { displayConfig } from './display.ts';
import { editorsBlock } from './editors.ts';
import type { ConfigSession } from './junos-cli.ts';
import { rollbackChoices } from './rollback-choices.ts';
import { showConfigurationPath } from './show-configuration.ts';
import { runCommit } from './commit-command.ts';
import { loadConfiguration } from './load-command.ts';

type Node = CommandNode<CommandContext>;

/** Verbs whose arguments are a configuration path (completed from the schema). */
export const PATH_VERBS = new Set(['set', 'delete', 'edit', 'show', 'activate', 'deactivate', 'annotate', 'rename', 'copy', 'insert']);

const pathWords = (ctx: CommandContext, from = 1): Word[] => ctx.words.slice(from).map((w) => ({ text: w.text, quoted: w.quoted }));

export function session(ctx: CommandContext): ConfigSession {
  return ctx.cli.config!;
}

/** Edits are refused while another session holds `configure exclusive`. */
function locked(ctx: CommandContext): boolean {
  const holder = ctx.cli.device.exclusive;
  if (!holder || holder === ctx.cli.login || session(ctx).kind === 'private') return false;
  ctx.error(`error: configuration database locked by:\n  ${holder.user} terminal ${holder.terminal} (pid ${holder.pid})\n      exclusive`);
  return true;
}

/** Prints an edit's error (caret, message, candidates) or warning. */
export function report(ctx: CommandContext, r: EditResult, wordOffset = 1): Outcome {
  if (r.ok) {
    if (r.warning) ctx.write(r.warning + '\n');
    return 'continue';
  }
  const e = r.error;
  if (e.token === undefined) return ctx.error(e.message);
  ctx.errorAt(wordOffset + e.token, e.message);
  if ('ambiguous' in e && e.ambiguous) ctx.write(formatPossibleCompletions(e.ambiguous));
  return 'error';
}

async function set(ctx: CommandContext): Promise<Outcome> {
  if (locked(ctx)) return 'error';
  const s = session(ctx);
  const words = pathWords(ctx);
  const last = words.at(-1);
  if (last && last.text === 'plain-text-password' && !last.quoted) {
    const r = s.candidate.resolve(s.level, words, 'set');
    if (!r.ok) return report(ctx, r);
    const first = await ctx.io.ask('New password:', { secret: true });
    const again = await ctx.io.ask('Retype new password:', { secret: true });
    if (first !== again) return ctx.error('error: Passwords are not equal.');
    if (first.length < 6) return ctx.error('error: minimum password length is 6');
    const hashed = [...words.slice(0, -1), { text: 'encrypted-password' }, { text: hashLoginPassword(first, ctx.cli.device.random), quoted: true }];
    return report(ctx, s.candidate.set(s.level, hashed));
  }
  return report(ctx, s.candidate.set(s.level, words));
}

function edit(ctx: CommandContext): Outcome {
  const s = session(ctx);
  const r = s.candidate.level(s.level, pathWords(ctx));
  if (!r.ok) return report(ctx, r);
  s.previous.push(s.level);
  s.level = r.steps;
  ctx.cli.syncEditing();
  return 'continue';
}

function up(ctx: CommandContext, args: Map<string, string[]>): Outcome {
  const s = session(ctx);
  const n = Number(args.get('count')?.[0] ?? 1);
  if (!Number.isInteger(n) || n < 1) return ctx.errorAt(1, 'syntax error, expecting <number>.');
  if (s.level.length === 0) {
    ctx.write('Warning: already at the top of the hierarchy\n');
    return 'continue';
  }
  s.level = s.level.slice(0, Math.max(0, s.level.length - n));
  s.previous = [];
  ctx.cli.syncEditing();
  return 'continue';
}

async function exit(ctx: CommandContext): Promise<Outcome> {
  const s = session(ctx);
  if (s.level.length) {
    s.level = s.previous.pop() ?? [];
    ctx.cli.syncEditing();
    return 'continue';
  }
  return exitConfiguration(ctx, true);
}

/** `top` moves to [edit]; `top COMMAND` runs a command there and stays where it was (unless it is `edit`). */
async function top(ctx: CommandContext): Promise<Outcome> {
  const s = session(ctx);
  const saved = { level: s.level, previous: s.previous };
  s.level = [];
  s.previous = [];
  if (ctx.words.length > 1) {
    const outcome = await ctx.cli.runConfiguration(ctx, ctx.words.slice(1), 1);
    if (s.level.length === 0 && ctx.cli.config === s) Object.assign(s, saved);
    ctx.cli.syncEditing();
    return outcome;
  }
  ctx.cli.syncEditing();
  return 'continue';
}

function show(ctx: CommandContext): Outcome {
  const s = session(ctx);
  const compare = ctx.pipe('compare');
  if (compare) {
    const n = compare[0] === 'rollback' ? Number(compare[1]) : 0;
    if (!Number.isInteger(n) || n < 0 || n > 49) return ctx.error('error: invalid rollback number');
    const r = ctx.cli.device.store.compare(s.candidate, n);
    ctx.write(r.output);
    return r.ok ? 'continue' : 'error';
  }
  const at = showConfigurationPath(ctx, s.candidate, s.level, ctx.words.slice(1), 1);
  if (!at) return 'error';
  const text = displayConfig(ctx, ctx.cli.device, at.node, at.path);
  if (text === undefined) return ctx.errorAt(ctx.words.length, 'syntax error, expecting <command>.');
  ctx.write(text);
  return 'continue';
}

function simple(fn: (ctx: CommandContext, s: ConfigSession, words: Word[]) => EditResult): (ctx: CommandContext) => Outcome {
  return (ctx) => (locked(ctx) ? 'error' : report(ctx, fn(ctx, session(ctx), pathWords(ctx))));
}

function annotate(ctx: CommandContext): Outcome {
  if (locked(ctx)) return 'error';
  const words = pathWords(ctx);
  const comment = words.pop();
  if (!comment) return ctx.errorAt(1, 'missing argument.');
  const s = session(ctx);
  return report(ctx, s.candidate.annotate(s.level, words, comment.text));
}

function rollback(ctx: CommandContext, args: Map<string, string[]>): Outcome {
  if (locked(ctx)) return 'error';
  const s = session(ctx);
  const which = args.get('number')?.[0] ?? '0';
  const store = ctx.cli.device.store;
  if (which === 'rescue') {
    const r = store.rollbackRescue(s.candidate);
    ctx.write(r.output);
    return r.ok ? 'continue' : 'error';
  }
  if (!/^\d+$/.test(which) || Number(which) > 49) return ctx.errorAt(1, 'syntax error.');
  const r = store.rollback(s.candidate, Number(which));
  ctx.write(r.output);
  return r.ok ? 'continue' : 'error';
}

function save(ctx: CommandContext, args: Map<string, string[]>): Outcome {
  const name = args.get('filename')![0]!;
  const s = session(ctx);
  const text = s.candidate.show(s.level);
  if (!ctx.cli.device.files.write(name, text)) return ctx.error(`error: invalid filename: ${name}`);
  ctx.write(`Wrote ${text.split('\n').length - 1} lines of configuration to '${name}'\n`);
  return 'continue';
}

function status(ctx: CommandContext): void {
  ctx.write(editorsBlock(ctx.cli.device.editors()));
}

async function run(ctx: CommandContext): Promise<Outcome> {
  return ctx.cli.runOperational(ctx, ctx.words.slice(1), 1);
}

const loadMode = (mode: LoadMode | 'patch'): Node => ({
  name: mode === 'patch' ? 'patch' : mode,
  help: { merge: 'Merge contents with existing configuration', override: 'Override existing configuration', replace: 'Replace configuration data', set: 'Execute set of commands on existing configuration', patch: 'Load patch file into configuration' }[mode],
  arg: { name: 'filename', help: "Filename (URL, local, remote, or floppy) or 'terminal'", rest: true },
  run: (ctx, args) => (locked(ctx) ? 'error' : loadConfiguration(ctx, mode as LoadMode, args.get('filename')!)),
});

const rest = (name: string, help: string) => ({ name, help, rest: true });

export const configurationCommands: Node[] = [
  { name: 'activate', help: 'Remove the inactive tag from a statement', arg: rest('statement', 'Statement path'), run: simple((_c, s, w) => s.candidate.activate(s.level, w, false)) },
  { name: 'annotate', help: 'Annotate the statement with a comment', arg: rest('statement', 'Statement path and comment'), run: annotate },
  { name: 'commit', help: 'Commit current set of changes', arg: { ...rest('options', 'Commit options'), optional: true }, run: (ctx, args) => runCommit(ctx, args.get('options') ?? []) },
  { name: 'copy', help: 'Copy a statement', arg: rest('statement', 'Statement path, to, new name'), run: simple((_c, s, w) => s.candidate.renameOrCopy(s.level, w, 'copy')) },
  { name: 'deactivate', help: 'Add the inactive tag to a statement', arg: rest('statement', 'Statement path'), run: simple((_c, s, w) => s.candidate.activate(s.level, w, true)) },
  { name: 'delete', help: 'Delete a data element', arg: { ...rest('statement', 'Statement path'), optional: true }, run: simple((_c, s, w) => s.candidate.delete(s.level, w)) },
  { name: 'edit', help: 'Edit a sub-element', arg: rest('statement', 'Statement path'), run: edit },
  {
    name: 'exit', help: 'Exit from this level', run: exit,
    children: [{ name: 'configuration-mode', help: 'Exit from configuration mode', run: (ctx) => exitConfiguration(ctx, false) }],
  },
  { name: 'insert', help: 'Insert a new ordered data element', arg: rest('statement', 'Statement path, before|after, reference'), run: simple((_c, s, w) => s.candidate.insert(s.level, w)) },
  {
    name: 'load', help: 'Load configuration from ASCII file',
    children: [loadMode('merge'), loadMode('override'), loadMode('replace'), loadMode('set')],
  },
  { name: 'quit', help: 'Quit from this level', run: exit },
  { name: 'rename', help: 'Rename a statement', arg: rest('statement', 'Statement path, to, new name'), run: simple((_c, s, w) => s.candidate.renameOrCopy(s.level, w, 'rename')) },
  {
    name: 'rollback', help: 'Roll back to previous committed configuration',
    arg: { name: 'number', help: 'Rollback number (0..49) or rescue', optional: true, values: (device) => [...rollbackChoices(device), { name: 'rescue', help: 'Rescue configuration' }] },
    run: rollback,
  },
  { name: 'run', help: 'Run an operational-mode command', arg: rest('command', 'Operational-mode command'), run },
  { name: 'save', help: 'Save configuration to ASCII file', arg: { name: 'filename', help: 'Name of file' }, run: save },
  { name: 'set', help: 'Set a parameter', arg: rest('statement', 'Statement path'), run: set },
  { name: 'show', help: 'Show a parameter', arg: { ...rest('statement', 'Statement path'), optional: true }, run: show },
  { name: 'status', help: 'Show users currently editing configuration', run: status },
  { name: 'top', help: 'Exit to top level of configuration', arg: { ...rest('command', 'Command to run at the top level'), optional: true }, run: top },
  { name: 'up', help: 'Exit one level of configuration', arg: { name: 'count', help: 'Number of levels to move up', optional: true }, run: up },
];
