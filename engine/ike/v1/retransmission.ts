// Retransmission of a message that wants an answer (RFC 2408 does not fix a schedule).
// Junos-like default: first retransmission after 10 s, the wait doubling each time, and
// the exchange given up once the last wait after the 5th transmission expires
// (t = 0, 10, 30, 70, 150 s; failure at 310 s).
import type { Clock, TimerHandle } from '../../runtime/clock.ts';

export interface RetransmitPolicy {
  initialMs: number;
  multiplier: number;
  /** Transmissions in all, the first one included. */
  maxTransmissions: number;
}

export const JUNOS_RETRANSMIT: RetransmitPolicy = { initialMs: 10_000, multiplier: 2, maxTransmissions: 5 };

/** How long after the first transmission the exchange is given up. */
export function giveUpAfterMs(policy: RetransmitPolicy): number {
  let total = 0;
  for (let i = 0; i < policy.maxTransmissions; i++) total += policy.initialMs * policy.multiplier ** i;
  return total;
}

export class Retransmission {
  private timer: TimerHandle | undefined;
  private sent = 0;

  constructor(
    private readonly clock: Clock,
    private readonly policy: RetransmitPolicy,
    private readonly datagram: Buffer,
    private readonly transmit: (datagram: Buffer, retransmission: boolean) => void,
    private readonly giveUp: (transmissions: number) => void,
  ) {}

  get transmissions(): number {
    return this.sent;
  }

  start(): this {
    this.fire();
    return this;
  }

  cancel(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private fire(): void {
    this.transmit(this.datagram, this.sent > 0);
    const wait = this.policy.initialMs * this.policy.multiplier ** this.sent;
    this.sent++;
    this.timer = this.clock.setTimer(wait, () => {
      this.timer = undefined;
      if (this.sent >= this.policy.maxTransmissions) this.giveUp(this.sent);
      else this.fire();
    });
  }
}
