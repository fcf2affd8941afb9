// The only source of randomness in srxsim (DESIGN.md "Determinism"): crypto-strength in
// live use, a seeded generator in tests so that a whole lab replays byte for byte.
import { createHash, randomBytes } from 'node:crypto';

export interface Random {
  bytes(n: number): Buffer;
  /** Uniform integer in [0, max). */
  int(max: number): number;
}

function intFrom(r: Random, max: number): number {
  if (!Number.isInteger(max) || max <= 0) throw new RangeError(`bad range ${max}`);
  return r.bytes(4).readUInt32BE(0) % max;
}

export class CryptoRandom implements Random {
  bytes(n: number): Buffer {
    return randomBytes(n);
  }
  int(max: number): number {
    return intFrom(this, max);
  }
}

/** Deterministic stream: SHA-256 in counter mode over the seed. */
export class SeededRandom implements Random {
  private counter = 0;
  private pool = Buffer.alloc(0);
  private readonly seed: Buffer;

  constructor(seed: number | string) {
    this.seed = Buffer.from(String(seed), 'utf8');
  }

  bytes(n: number): Buffer {
    while (this.pool.length < n) {
      const block = createHash('sha256').update(this.seed).update(String(this.counter++)).digest();
      this.pool = Buffer.concat([this.pool, block]);
    }
    const out = this.pool.subarray(0, n);
    this.pool = this.pool.subarray(n);
    return Buffer.from(out);
  }

  int(max: number): number {
    return intFrom(this, max);
  }
}
