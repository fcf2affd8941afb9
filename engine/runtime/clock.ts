// The only source of time in srxsim (DESIGN.md "Determinism"): a real clock for live use,
// a virtual one that tests and transcripts advance explicitly.

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Run `fn` once after `ms` milliseconds of this clock's time. */
  setTimer(ms: number, fn: () => void): TimerHandle;
}

export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }
  setTimer(ms: number, fn: () => void): TimerHandle {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  }
}

interface PendingTimer {
  due: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** Time stands still until `advance` moves it; due timers fire in (due, creation) order. */
export class VirtualClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: PendingTimer[] = [];

  constructor(startMs = Date.UTC(2012, 0, 1)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const timer: PendingTimer = { due: this.current + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  }

  /** The earliest pending timer's due time, or undefined when none is pending. */
  nextDue(): number | undefined {
    this.timers = this.timers.filter((t) => !t.cancelled);
    let min: number | undefined;
    for (const t of this.timers) if (min === undefined || t.due < min) min = t.due;
    return min;
  }

  /** Fire every timer due at or before the current time; returns how many fired. */
  runDue(): number {
    let fired = 0;
    for (;;) {
      const due = this.timers
        .filter((t) => !t.cancelled && t.due <= this.current)
        .sort((a, b) => a.due - b.due || a.seq - b.seq)[0];
      if (!due) return fired;
      due.cancelled = true;
      due.fn();
      fired++;
    }
  }

  /** Move time forward by `ms`, firing timers in order at their own due times. */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      const next = this.nextDue();
      if (next === undefined || next > end) break;
      this.current = Math.max(this.current, next);
      this.runDue();
    }
    this.current = end;
  }
}
