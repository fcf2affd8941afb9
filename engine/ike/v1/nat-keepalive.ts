// NAT keepalives (RFC 3948 2.3) for an IKE SA whose own end is behind a NAT: every
// `nat-keepalive` seconds a 1-byte 0xFF datagram to the peer's NAT-T port keeps the NAT's
// mapping alive while the tunnel is idle, until the IKE SA goes.
import type { Clock, TimerHandle } from '../../runtime/clock.ts';

export class NatKeepalive {
  private timer: TimerHandle | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly send: () => void,
  ) {
    this.schedule();
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private schedule(): void {
    this.timer = this.clock.setTimer(this.intervalMs, () => {
      this.send();
      this.schedule();
    });
  }
}
