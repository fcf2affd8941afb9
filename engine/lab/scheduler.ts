// Drives a lab: delivers the wire's queued frames and fires the clock's timers.
// Scheduler (virtual clock) runs a lab *until quiet* — no frame in flight and no timer due
// now — so a transcript reads output only after every consequence of a command has
// happened (DESIGN.md "Transcripts"). LiveScheduler (real clock) delivers frames as they
// are sent, for interactive use.
import type { VirtualClock } from '../runtime/clock.ts';
import type { Wire } from './wire.ts';

/** An error value rather than an exception: a lab that will not settle is a test failure, not a crash. */
export type RunResult = { ok: true } | { ok: false; error: string };

export interface SchedulerOptions {
  /** Deliveries plus timer firings allowed at one virtual instant before we call it livelock. */
  maxSteps?: number;
}

export class Scheduler {
  private readonly maxSteps: number;

  constructor(
    readonly wire: Wire,
    readonly clock: VirtualClock,
    options: SchedulerOptions = {},
  ) {
    this.maxSteps = options.maxSteps ?? 100_000;
  }

  /**
   * Deliver frames and fire due timers until neither remains. Frames go first: everything
   * already on the wire arrives before time-driven work at the same instant. A lab that is
   * still busy after maxSteps is reported, not spun on, so a ping-pong bug fails a test.
   */
  runUntilQuiet(): RunResult {
    let steps = 0;
    for (;;) {
      if (steps >= this.maxSteps && this.busy()) {
        const detail = this.wire.describeInFlight().join('; ');
        const error = `lab not quiet after ${this.maxSteps} steps at t=${this.clock.now()}` + (detail ? `: ${detail}` : '');
        return { ok: false, error };
      }
      if (this.wire.deliverNext()) {
        steps++;
        continue;
      }
      const fired = this.clock.runDue();
      if (fired === 0) return { ok: true };
      steps += fired;
    }
  }

  /**
   * Move virtual time forward by `ms`, stopping at each timer's due time in order and
   * running until quiet there, so frames sent by one timer are delivered before the next
   * timer's time comes.
   */
  advance(ms: number): RunResult {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance by ${ms} ms`);
    const end = this.clock.now() + ms;
    for (;;) {
      const r = this.runUntilQuiet();
      if (!r.ok) return r;
      // Quiet means nothing is due now, so `next` lies ahead; VirtualClock.advance fires
      // the timers due at `next` (and any zero-delay ones they set) on its way there.
      const next = this.clock.nextDue();
      if (next === undefined || next > end) break;
      this.clock.advance(next - this.clock.now());
    }
    this.clock.advance(end - this.clock.now());
    return { ok: true };
  }

  private busy(): boolean {
    if (this.wire.inFlight > 0) return true;
    const next = this.clock.nextDue();
    return next !== undefined && next <= this.clock.now();
  }
}

export interface LiveSchedulerOptions {
  /** Frames delivered per event-loop turn before yielding to sockets and timers. */
  batch?: number;
  /** A receiver threw; live mode keeps the lab running. Defaults to console.error. */
  onError?: (err: unknown) => void;
}

/** Delivers frames on setImmediate; timers are the RealClock's own. */
export class LiveScheduler {
  private pending: NodeJS.Immediate | undefined;
  private running = false;
  private readonly batch: number;
  private readonly onError: (err: unknown) => void;

  constructor(
    readonly wire: Wire,
    options: LiveSchedulerOptions = {},
  ) {
    this.batch = options.batch ?? 256;
    this.onError = options.onError ?? ((err) => console.error('srxsim: lab delivery failed:', err));
  }

  start(): void {
    this.running = true;
    this.wire.onQueued = () => this.schedule();
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.wire.onQueued = undefined;
    if (this.pending) clearImmediate(this.pending);
    this.pending = undefined;
  }

  private schedule(): void {
    if (!this.running || this.pending || this.wire.inFlight === 0) return;
    this.pending = setImmediate(() => {
      this.pending = undefined;
      for (let i = 0; i < this.batch; i++) {
        try {
          if (!this.wire.deliverNext()) break;
        } catch (err) {
          this.onError(err);
        }
      }
      this.schedule();
    });
  }
}
