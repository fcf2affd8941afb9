// Anti-replay window for an inbound ESP/AH SA (RFC 4303 3.4.3, RFC 4302 3.4.3), kept as
// RFC 6479 does: a ring of 32-bit blocks, so sliding the window forward clears whole
// blocks instead of shifting a bitmap. One block more than the window needs guarantees
// that the block being cleared never holds a bit still inside the window.
//
// check() and accept() are separate on purpose: the window may only move after the
// packet's integrity has been verified, or a forged packet with a huge sequence number
// would slide the window past genuine traffic (RFC 4303 3.4.3).

/** Packets the window covers: the SRX default, and the RFC's recommended minimum. */
export const REPLAY_WINDOW_SIZE = 64;

const BLOCK_BITS = 32;
const BLOCKS = REPLAY_WINDOW_SIZE / BLOCK_BITS + 1;

export class ReplayWindow {
  /** Highest sequence number accepted so far (0: none yet; 0 is never sent). */
  private highest = 0;
  private readonly bitmap = new Uint32Array(BLOCKS);

  get highestAccepted(): number {
    return this.highest;
  }

  /** Whether `seq` is new and not older than the window. Does not change the window. */
  check(seq: number): boolean {
    if (seq === 0) return false;
    if (seq > this.highest) return true;
    if (this.highest - seq >= REPLAY_WINDOW_SIZE) return false;
    return (this.bitmap[ReplayWindow.block(seq)] & ReplayWindow.bit(seq)) === 0;
  }

  /** Record `seq` as received. Call only after check(seq) and a verified ICV. */
  accept(seq: number): void {
    if (seq > this.highest) {
      const from = Math.floor(this.highest / BLOCK_BITS);
      const to = Math.floor(seq / BLOCK_BITS);
      // Blocks the window slides into hold bits of sequence numbers 128+ below: stale.
      for (let i = 1; i <= Math.min(to - from, BLOCKS); i++) this.bitmap[(from + i) % BLOCKS] = 0;
      this.highest = seq;
    }
    this.bitmap[ReplayWindow.block(seq)] |= ReplayWindow.bit(seq);
  }

  private static block(seq: number): number {
    return Math.floor(seq / BLOCK_BITS) % BLOCKS;
  }

  private static bit(seq: number): number {
    return (1 << seq % BLOCK_BITS) >>> 0;
  }
}
