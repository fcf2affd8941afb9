// A device's configuration database: the committed configuration, the shared candidate,
// commit (check, comment, confirmed, and-quit is the CLI's), rollback, rescue, and the hand-off
// of each new configuration to the engine.
import { Candidate } from './candidate.ts';
import { compareConfigurations } from './diff.ts';
import { loadCurly } from './load-curly.ts';
import { mergePrivateChanges } from './merge.ts';
import { ConfigRepository, type CommitClient, type CommitMeta } from './persistence/config-repository.ts';
import { renderCurly } from './render-curly.ts';
import { schemaRoot } from './schema/index.ts';
import { secretEncoder } from './secrets.ts';
import { cloneInterior, newContainer, type ContainerItem } from './tree.ts';
import { checkConfiguration, formatCheckErrors } from './validate.ts';
import { interiorView, type ConfigObject } from './view.ts';
import type { ValueEncoder } from './ops.ts';
import type { Clock, TimerHandle } from '../runtime/clock.ts';
import type { Random } from '../runtime/random.ts';

/** The engine's side of a commit: apply the new configuration or say why not. */
export interface ConfigConsumer {
  apply(next: ConfigObject, previous: ConfigObject | undefined): { ok: true } | { ok: false; message: string };
}

export interface CommitOptions {
  user: string;
  client: CommitClient;
  comment?: string;
  /** `commit confirmed N`: roll back after N minutes unless confirmed by another commit. */
  confirmMinutes?: number;
}

export interface Outcome {
  ok: boolean;
  /** What the CLI prints, newline-terminated. */
  output: string;
}

interface PendingConfirm {
  deadline: number;
  timer: TimerHandle;
}

const CONFIRM_STATE = 'commit-confirmed';

export interface StoreOptions {
  dir: string;
  clock: Clock;
  random: Random;
  /** Curly text committed at first start when the state directory is empty. */
  factoryConfig?: string;
  consumer?: ConfigConsumer;
  /** Told of broadcasts such as the automatic rollback of an unconfirmed commit. */
  onBroadcast?: (message: string) => void;
}

export class ConfigStore {
  readonly encode: ValueEncoder;
  readonly shared: Candidate;
  private committedTree: ContainerItem;
  private pending: PendingConfirm | undefined;

  private constructor(
    private readonly repo: ConfigRepository,
    readonly options: StoreOptions,
  ) {
    this.encode = secretEncoder(options.random);
    this.committedTree = newContainer(schemaRoot);
    this.shared = new Candidate(this.committedTree, this.encode);
  }

  static open(opts: StoreOptions): ConfigStore {
    const store = new ConfigStore(ConfigRepository.open(opts.dir), opts);
    store.boot();
    return store;
  }

  private boot(): void {
    const current = this.repo.current();
    if (current) {
      this.committedTree = this.parse(current.text, 'committed configuration');
    } else if (this.options.factoryConfig !== undefined) {
      const tree = this.parse(this.options.factoryConfig, 'initial configuration');
      const check = checkConfiguration(tree);
      if (check.length) throw new Error(`initial configuration fails commit check:\n${formatCheckErrors(check, 'check')}`);
      this.repo.commit(renderCurly(tree), { time: this.options.clock.now(), user: 'root', client: 'other', comment: 'initial configuration' });
      this.committedTree = tree;
    }
    this.shared.tree = cloneInterior(this.committedTree);
    this.consumerApply(this.committedTree, undefined);
    const confirm = this.repo.loadState(CONFIRM_STATE) as { deadline: number } | undefined;
    if (confirm) this.armConfirm(confirm.deadline);
  }

  private parse(text: string, what: string): ContainerItem {
    const tree = newContainer(schemaRoot);
    const r = loadCurly(tree, text, this.encode);
    if (!r.ok) {
      const e = r.errors[0]!;
      throw new Error(`${what}:${e.line}:(${e.col}) ${e.message}${e.near ? `: ${e.near}` : ''}`);
    }
    return tree;
  }

  committed(): ContainerItem {
    return this.committedTree;
  }

  committedView(): ConfigObject {
    return interiorView(this.committedTree);
  }

  /** A private candidate (`configure private`), starting from the committed configuration. */
  openPrivate(): Candidate {
    return new Candidate(cloneInterior(this.committedTree), this.encode, this.committedTree);
  }

  isModified(c: Candidate): boolean {
    return compareConfigurations(this.committedTree, c.tree) !== '';
  }

  /** `show | compare [rollback N]`: the candidate against the committed one or an older one. */
  compare(c: Candidate, rollback = 0): Outcome {
    const base = rollback === 0 ? this.committedTree : this.rollbackTree(rollback);
    if (!base) return { ok: false, output: `error: Requested rollback ${rollback} does not exist\n` };
    return { ok: true, output: compareConfigurations(base, c.tree) };
  }

  commitCheck(c: Candidate): Outcome {
    const errors = checkConfiguration(c.tree);
    if (errors.length) return { ok: false, output: formatCheckErrors(errors, 'check') };
    // Inside a commit-confirmed window, a check confirms it (observed on real devices).
    if (this.pending) this.clearConfirm();
    return { ok: true, output: 'configuration check succeeds\n' };
  }

  commit(c: Candidate, opts: CommitOptions): Outcome {
    // A private candidate brings only its own changes onto what others committed meanwhile.
    const merged = c.base && c.base !== this.committedTree ? mergePrivateChanges(c.base, c.tree, this.committedTree, this.encode) : c.tree;
    if ('error' in merged) return { ok: false, output: `error: ${merged.error}\nerror: commit failed\n` };
    const errors = checkConfiguration(merged);
    if (errors.length) return { ok: false, output: formatCheckErrors(errors, 'commit') };
    const next = cloneInterior(merged);
    const applied = this.consumerApply(next, this.committedTree);
    if (!applied.ok) return { ok: false, output: `error: ${applied.message}\nerror: commit failed\n` };
    const deadline = opts.confirmMinutes === undefined ? undefined : this.options.clock.now() + opts.confirmMinutes * 60_000;
    this.repo.commit(renderCurly(next), {
      time: this.options.clock.now(),
      user: opts.user,
      client: opts.client,
      ...(opts.comment !== undefined ? { comment: opts.comment } : {}),
      ...(deadline !== undefined ? { confirmed: { deadline } } : {}),
    });
    this.committedTree = next;
    if (c !== this.shared) this.shared.tree = cloneInterior(next);
    c.tree = cloneInterior(next);
    if (c.base) c.base = next;
    const lines: string[] = [];
    if (deadline !== undefined) {
      this.armConfirm(deadline);
      lines.push('configuration check succeeds', `commit confirmed will be automatically rolled back in ${opts.confirmMinutes} minutes unless confirmed`);
    } else if (this.pending) {
      this.clearConfirm();
    }
    lines.push('commit complete');
    return { ok: true, output: lines.join('\n') + '\n' };
  }

  /** Minutes left before an unconfirmed commit rolls back, for the CLI's banner. */
  confirmMinutesLeft(): number | undefined {
    if (!this.pending) return undefined;
    return Math.max(0, Math.ceil((this.pending.deadline - this.options.clock.now()) / 60_000));
  }

  private armConfirm(deadline: number): void {
    this.pending?.timer.cancel();
    const timer = this.options.clock.setTimer(deadline - this.options.clock.now(), () => this.expireConfirm());
    this.pending = { deadline, timer };
    this.repo.saveState(CONFIRM_STATE, { deadline });
  }

  private clearConfirm(): void {
    this.pending?.timer.cancel();
    this.pending = undefined;
    this.repo.deleteState(CONFIRM_STATE);
  }

  private expireConfirm(): void {
    this.clearConfirm();
    const previous = this.rollbackTree(1);
    if (!previous) return;
    const c = new Candidate(previous, this.encode);
    this.commit(c, { user: 'root', client: 'other', comment: 'automatic rollback' });
    this.options.onBroadcast?.('Commit was not confirmed; automatic rollback complete.');
  }

  private rollbackTree(n: number): ContainerItem | undefined {
    const text = this.repo.rollbackText(n);
    return text === undefined ? undefined : this.parse(text, `rollback ${n}`);
  }

  /** `rollback N`: loads an earlier configuration into the candidate (commit makes it current). */
  rollback(c: Candidate, n: number): Outcome {
    const tree = n === 0 ? cloneInterior(this.committedTree) : this.rollbackTree(n);
    if (!tree) return { ok: false, output: `error: Requested rollback ${n} does not exist\n` };
    c.tree = tree;
    return { ok: true, output: 'load complete\n' };
  }

  rollbackRescue(c: Candidate): Outcome {
    const text = this.repo.rescueText();
    if (text === undefined) return { ok: false, output: 'error: rescue configuration is not set\n' };
    c.tree = this.parse(text, 'rescue configuration');
    return { ok: true, output: 'load complete\n' };
  }

  saveRescue(): void {
    this.repo.saveRescue(renderCurly(this.committedTree));
  }

  deleteRescue(): void {
    this.repo.deleteRescue();
  }

  history(): CommitMeta[] {
    return this.repo.history();
  }

  private consumerApply(next: ContainerItem, previous: ContainerItem | undefined): { ok: true } | { ok: false; message: string } {
    if (!this.options.consumer) return { ok: true };
    try {
      return this.options.consumer.apply(interiorView(next), previous ? interiorView(previous) : undefined);
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  }
}
