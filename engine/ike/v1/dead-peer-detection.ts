// Dead Peer Detection (RFC 3706) for one IKE SA, Junos semantics: when nothing has been
// heard from the peer for `interval` seconds (or every interval with always-send), send
// R-U-THERE; keep sending one per interval while unanswered; after `threshold`
// unanswered requests the peer is dead: interval x threshold after the first request.
// Any authenticated message from the peer (or inbound ESP the device reports) counts as
// proof of life; an R-U-THERE-ACK must echo the last sequence number sent.
import type { Clock, TimerHandle } from '../../runtime/clock.ts';
import type { DpdConfig } from '../policy/types.ts';

export interface DpdHooks {
  sendRequest(sequence: number): void;
  declareDead(unanswered: number): void;
}

export class DeadPeerDetection {
  private timer: TimerHandle | undefined;
  private sequence: number;
  private unanswered = 0;
  private lastHeard: number;

  constructor(
    private readonly clock: Clock,
    private readonly config: DpdConfig,
    initialSequence: number,
    private readonly hooks: DpdHooks,
  ) {
    this.sequence = initialSequence >>> 0;
    this.lastHeard = clock.now();
    this.schedule(this.intervalMs);
  }

  get outstanding(): number {
    return this.unanswered;
  }

  private get intervalMs(): number {
    return this.config.interval * 1000;
  }

  /** Something authenticated arrived from the peer. */
  heardFromPeer(): void {
    this.lastHeard = this.clock.now();
    this.unanswered = 0;
  }

  /** An R-U-THERE-ACK arrived; true when it answers our latest request. */
  acknowledge(sequence: number): boolean {
    if (sequence >>> 0 !== this.sequence) return false;
    this.heardFromPeer();
    return true;
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private schedule(ms: number): void {
    this.timer = this.clock.setTimer(ms, () => this.tick());
  }

  private tick(): void {
    const idle = this.clock.now() - this.lastHeard;
    if (this.unanswered === 0 && !this.config.alwaysSend && idle < this.intervalMs) {
      this.schedule(this.intervalMs - idle);
      return;
    }
    if (this.unanswered >= this.config.threshold) {
      this.timer = undefined;
      this.hooks.declareDead(this.unanswered);
      return;
    }
    this.sequence = (this.sequence + 1) >>> 0;
    this.unanswered++;
    this.hooks.sendRequest(this.sequence);
    this.schedule(this.intervalMs);
  }
}
