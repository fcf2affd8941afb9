// The Junos CLI of one login session: operational mode (`admin@Edge> `) and configuration
// mode (`admin@Edge# ` under an `[edit ...]` banner), as an Interpreter for shell/.
import type { Candidate, Word } from '../engine/config/candidate.ts';
import type { Step } from '../engine/config/path.ts';
import type { Device, LoginSession } from '../engine/device.ts';
import { splitPipes, tokenize } from '../shell/pipe-syntax.ts';
import { ENTER_ITEM, PIPE_ITEM, formatPossibleCompletions } from '../shell/possible-completions.ts';
import type { BannerContext, CommandIO, Completion, CompletionItem, Interpreter, Outcome } from '../shell/interpreter.ts';
import { lookupWord, matchCommand, nextChoices, type CommandNode } from './command-tree.ts';
import { CommandContext } from './context.ts';
import { CONFIG_PIPES, DISPLAY_CHOICES } from './display.ts';
import { rollbackChoices } from './rollback-choices.ts';
import { editBanner, levelWords } from './edit-level.ts';
import { configurationCommands, PATH_VERBS } from './configuration-commands.ts';
import { operationalCommands } from './operational-commands.ts';
import { pathChoices } from './schema-completion.ts';
import { caretError, splitWords, type LineWord } from './words.ts';

export interface ConfigSession {
  kind: 'shared' | 'private' | 'exclusive';
  candidate: Candidate;
  level: Step[];
  /** Levels `edit` left, so that `exit` returns to where the last `edit` was typed. */
  previous: Step[][];
}

type Tree = CommandNode<CommandContext>[];

export class JunosCli implements Interpreter {
  config: ConfigSession | undefined;
  /** A session on another lab device opened by `ssh ADDRESS`; it has the terminal until it exits. */
  nested: { cli: JunosCli; address: string } | undefined;
  /** Messages broadcast to this session, shown before the next prompt. */
  private notices: string[] = [];

  constructor(
    readonly device: Device,
    readonly login: LoginSession,
  ) {}

  /** Creates the session's login entry and the CLI on it. */
  static open(device: Device, user: string, cls: LoginSession['cls'], from: string): JunosCli {
    let cli: JunosCli | undefined;
    const login = device.login(user, cls, from, (m) => cli?.notices.push(m));
    cli = new JunosCli(device, login);
    return cli;
  }

  private get tree(): Tree {
    return this.config ? configurationCommands : operationalCommands;
  }

  prompt(): string {
    if (this.nested) return this.nested.cli.prompt();
    return `${this.login.user}@${this.device.hostName()}${this.config ? '#' : '>'} `;
  }

  banner(context: BannerContext): string[] {
    if (this.nested) return this.nested.cli.banner(context);
    const lines: string[] = [];
    for (const n of this.notices.splice(0)) lines.push('', `Broadcast Message from root@${this.device.hostName()}`, n);
    const left = this.device.store.confirmMinutesLeft();
    const confirm = left === undefined ? [] : [`# commit confirmed will be rolled back in ${left} minute${left === 1 ? '' : 's'}`];
    if (!this.config) {
      // Junos leaves a blank line before each operational prompt; a login starts with the release line.
      const lead = context === 'start' ? [`--- JUNOS ${this.device.facts.release} built ${this.device.facts.built}`] : context === 'command' ? [''] : [];
      return [...lines, ...lead, ...confirm];
    }
    return [...lines, ...(context === 'redraw' ? [] : ['']), ...confirm, editBanner(this.config.level)];
  }

  pipeCommands(command: string): CompletionItem[] {
    if (this.nested) return this.nested.cli.pipeCommands(command);
    const w = splitWords(command);
    if (!w.ok || w.words.length === 0) return [];
    const first = w.words[0]!.text;
    const isShow = 'show'.startsWith(first) && first.length >= 2;
    if (!isShow) return [];
    if (this.config) return CONFIG_PIPES;
    const second = w.words[1]?.text ?? '';
    if (second.length >= 2 && 'configuration'.startsWith(second)) return CONFIG_PIPES;
    return second.length >= 2 && 'security'.startsWith(second) ? CONFIG_PIPES.filter((p) => p.name === 'display') : [];
  }

  /** Words already typed (complete) and the partial last one. */
  private choices(line: string): { items: CompletionItem[]; canRun: boolean; partial: string } | { error: string } {
    const segments = splitPipes(line);
    if (segments.length > 1) return this.pipeArgumentChoices(segments.slice(1).at(-1)!.text);
    const w = splitWords(line);
    if (!w.ok) return { error: caretError(this.prompt(), w.col, w.message) };
    const endsWithSpace = line.length === 0 || /\s$/.test(line);
    const done = endsWithSpace ? w.words : w.words.slice(0, -1);
    const partial = endsWithSpace ? '' : w.words.at(-1)!.text;
    const path = this.pathContext(done);
    if (path) {
      const r = pathChoices(path.candidate, path.level, path.words);
      if (!r) return { error: caretError(this.prompt(), line.trimEnd().length + 1, 'syntax error.') };
      return { items: r.items, canRun: r.complete, partial };
    }
    const r = nextChoices(this.tree, done, this.device);
    if (!r) {
      const m = matchCommand(this.tree, done);
      const bad = m.ok ? done.length - 1 : m.word;
      return { error: caretError(this.prompt(), done[bad]?.col ?? 0, m.ok ? 'syntax error.' : m.message) };
    }
    return { ...r, partial };
  }

  /** Arguments of the interpreter's own pipes: `| display set`, `| compare rollback 1`. */
  private pipeArgumentChoices(segment: string): { items: CompletionItem[]; canRun: boolean; partial: string } | { error: string } {
    const words = tokenize({ text: segment, start: 0 }).map((t) => t.value);
    const partial = /\s$/.test(segment) ? '' : words.pop() ?? '';
    const pipe = CONFIG_PIPES.find((p) => words[0] !== undefined && p.name.startsWith(words[0]));
    if (!pipe) return { items: [], canRun: false, partial };
    if (pipe.name === 'display') return words.length === 1 ? { items: DISPLAY_CHOICES, canRun: false, partial } : { items: [], canRun: true, partial };
    if (words.length === 1) return { items: [{ name: 'rollback', help: 'Compare against a previous configuration' }], canRun: true, partial };
    if (words.length === 2) return { items: rollbackChoices(this.device), canRun: false, partial };
    return { items: [], canRun: true, partial };
  }

  /** For verbs whose arguments are a configuration path, the candidate, level and path words. */
  private pathContext(done: readonly LineWord[]): { candidate: Candidate; level: Step[]; words: Word[] } | undefined {
    if (done.length === 0) return undefined;
    const verb = done[0]!.quoted ? undefined : lookupWord(this.tree, done[0]!.text)?.name;
    if (this.config && verb && PATH_VERBS.has(verb)) {
      const words = done.slice(1).map((w) => ({ text: w.text, quoted: w.quoted }));
      // After `to`, `before` or `after` comes a new name, not a path.
      if (words.some((w) => ['to', 'before', 'after'].includes(w.text) && !w.quoted)) return undefined;
      return { candidate: this.config.candidate, level: this.config.level, words };
    }
    if (!this.config && done.length >= 2 && verb === 'show') {
      if (lookupWord(lookupWord(this.tree, 'show')!.children ?? [], done[1]!.text)?.name === 'configuration') {
        return { candidate: this.device.store.openPrivate(), level: [], words: done.slice(2).map((w) => ({ text: w.text, quoted: w.quoted })) };
      }
    }
    return undefined;
  }

  complete(line: string): Completion {
    if (this.nested) return this.nested.cli.complete(line);
    const c = this.choices(line);
    if ('error' in c) return { insert: '', message: c.error.trimEnd() };
    const real = c.items.filter((i) => !i.name.startsWith('<') && i.name.startsWith(c.partial));
    if (real.length === 1) return { insert: real[0]!.name.slice(c.partial.length) + ' ' };
    if (real.length === 0) return { insert: '' };
    let common = real[0]!.name;
    for (const r of real) while (!r.name.startsWith(common)) common = common.slice(0, -1);
    if (common.length > c.partial.length) return { insert: common.slice(c.partial.length) };
    return { insert: '', candidates: real.sort(byName) };
  }

  help(line: string): string {
    if (this.nested) return this.nested.cli.help(line);
    const c = this.choices(line);
    if ('error' in c) return c.error;
    const items = c.items.filter((i) => i.name.startsWith('<') || i.name.startsWith(c.partial));
    if (c.partial === '' && c.canRun) items.unshift(ENTER_ITEM);
    if (c.partial === '' && c.canRun) items.push(PIPE_ITEM);
    if (items.length === 0) return caretError(this.prompt(), line.length, 'syntax error.');
    return formatPossibleCompletions(items.sort(byName));
  }

  async execute(line: string, io: CommandIO): Promise<Outcome> {
    if (this.nested) {
      const { cli, address } = this.nested;
      const outcome = await cli.execute(line, io);
      if (outcome !== 'exit') return outcome;
      cli.close();
      this.nested = undefined;
      io.write(`Connection to ${address} closed.\n`);
      return 'continue';
    }
    const [command, ...pipeSegments] = splitPipes(line);
    const w = splitWords(command!.text);
    const prompt = this.prompt();
    if (!w.ok) {
      io.write(caretError(prompt, w.col, w.message));
      return 'error';
    }
    if (w.words.length === 0) return 'continue';
    const pipes = pipeSegments.map((s) => tokenize(s).map((t) => t.value));
    const ctx = new CommandContext(this, io, w.words, pipes, prompt, line);
    return this.runWords(ctx, w.words, 0, this.tree);
  }

  /** Matches `words` (which start at word `offset` of ctx's line) against `tree` and runs the command. */
  private async runWords(ctx: CommandContext, words: readonly LineWord[], offset: number, tree: Tree): Promise<Outcome> {
    const m = matchCommand(tree, words);
    if (!m.ok) {
      ctx.errorAt(offset + m.word, m.message);
      if (m.candidates) ctx.write(formatPossibleCompletions(m.candidates));
      return 'error';
    }
    const sub = offset === 0 ? ctx : new CommandContext(this, ctx.io, words, ctx.pipes, ctx.prompt, ctx.line);
    return ((await m.node.run!(sub, m.args)) as Outcome | undefined) ?? 'continue';
  }

  /** Runs a configuration command given as words of another (`top edit security`). */
  runConfiguration(ctx: CommandContext, words: readonly LineWord[], offset: number): Promise<Outcome> {
    return this.runWords(ctx, words, offset, configurationCommands);
  }

  /** Runs an operational command from configuration mode (`run show version`). */
  async runOperational(ctx: CommandContext, words: readonly LineWord[], offset: number): Promise<Outcome> {
    const saved = this.config;
    this.config = undefined;
    try {
      return await this.runWords(ctx, words, offset, operationalCommands);
    } finally {
      this.config = saved;
    }
  }

  close(): void {
    this.nested?.cli.close();
    if (this.device.exclusive === this.login) this.device.exclusive = undefined;
    this.config = undefined;
    delete this.login.editing;
    this.device.logout(this.login);
  }

  /** Keeps the device's view of where this session is editing up to date. */
  syncEditing(): void {
    if (this.config) this.login.editing = { path: levelWords(this.config.level).join(' '), mode: this.config.kind };
    else delete this.login.editing;
  }
}

const byName = (a: CompletionItem, b: CompletionItem) => {
  const rank = (i: CompletionItem) => (i === ENTER_ITEM ? 0 : i.name.startsWith('<') ? 1 : i === PIPE_ITEM ? 3 : 2);
  return rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
};
