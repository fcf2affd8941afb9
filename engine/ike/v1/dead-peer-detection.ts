// Dead Peer Detection (RFC 3706) for one IKE SA, with the three Junos modes of
// `dead-peer-detection` (DpdConfig.mode):
// - optimized (the default): R-U-THERE only when nothing has come from the peer within
//   `interval` after we sent it IPsec traffic, so an idle tunnel to a dead peer stays up
//   until traffic tries to use it;
// - probe-idle-tunnel: R-U-THERE whenever nothing has come from the peer for `interval`,
//   idle tunnels included;
// - always-send: R-U-THERE every interval, whatever the traffic.
// Once probing, one request per interval while unanswered; after `threshold` unanswered
// requests the peer is dead: interval x threshold after the first request. Any
// authenticated message from the peer (or inbound ESP the device reports) counts as proof
// of life; an R-U-THERE-ACK must echo the last sequence number sent.
import type { Clock, TimerHandle } from '../../runtime/clock.ts';
import type { DpdConfig } from '../policy/types.ts';

export interface DpdHooks {
  sendRequest(sequence: number): void;
  declareDead(unanswered: number): void;
}

export class DeadPeerDetection {
  private timer: TimerHandle | undefined;
  private stopped = false;
  private sequence: number;
  private unanswered = 0;
  private lastHeard: number;
  /** The first time we sent the peer IPsec traffic since we last heard from it. */
  private sentSince: number | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly config: DpdConfig,
    initialSequence: number,
    private readonly hooks: DpdHooks,
  ) {
    this.sequence = initialSequence >>> 0;
    this.lastHeard = clock.now();
    // optimized has nothing to watch until we send the peer something (sentToPeer).
    if (config.mode !== 'optimized') this.schedule(this.intervalMs);
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
    this.sentSince = undefined;
  }

  /** We sent the peer IPsec traffic (outbound ESP/AH on one of the gateway's SAs). */
  sentToPeer(): void {
    if (this.sentSince !== undefined) return;
    this.sentSince = this.clock.now();
    if (!this.timer && !this.stopped) this.schedule(this.intervalMs);
  }

  /** An R-U-THERE-ACK arrived; true when it answers our latest request. */
  acknowledge(sequence: number): boolean {
    if (sequence >>> 0 !== this.sequence) return false;
    this.heardFromPeer();
    return true;
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
  }

  private schedule(ms: number): void {
    this.timer = this.clock.setTimer(ms, () => this.tick());
  }

  /** When the first request of a round is due, by mode; undefined while optimized has nothing to wait for. */
  private firstRequestDue(): number | undefined {
    switch (this.config.mode) {
      case 'always-send':
        return this.clock.now();
      case 'probe-idle-tunnel':
        return this.lastHeard + this.intervalMs;
      case 'optimized':
        return this.sentSince === undefined ? undefined : this.sentSince + this.intervalMs;
    }
  }

  private tick(): void {
    this.timer = undefined;
    if (this.unanswered === 0) {
      const due = this.firstRequestDue();
      if (due === undefined) return; // sentToPeer arms the timer again
      const wait = due - this.clock.now();
      if (wait > 0) return this.schedule(wait);
    }
    if (this.unanswered >= this.config.threshold) {
      this.stop();
      this.hooks.declareDead(this.unanswered);
      return;
    }
    this.sequence = (this.sequence + 1) >>> 0;
    this.unanswered++;
    this.hooks.sendRequest(this.sequence);
    this.schedule(this.intervalMs);
  }
}
