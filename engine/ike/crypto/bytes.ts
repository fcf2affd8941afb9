// Small byte helpers shared by the IKE crypto modules.

/** Left-pad with zero bytes to exactly `length` bytes (IKE pads DH values to the group size). */
export function leftPad(value: Buffer, length: number): Buffer {
  if (value.length === length) return value;
  if (value.length > length) {
    // Leading zeros beyond the length are harmless; anything else is a caller bug.
    const excess = value.subarray(0, value.length - length);
    if (excess.some((b) => b !== 0)) throw new RangeError(`value longer than ${length} bytes`);
    return Buffer.from(value.subarray(value.length - length));
  }
  const out = Buffer.alloc(length);
  value.copy(out, length - value.length);
  return out;
}

/** Unsigned big-endian integer from bytes. */
export function toBigInt(bytes: Buffer): bigint {
  return bytes.length === 0 ? 0n : BigInt('0x' + bytes.toString('hex'));
}

/** A 32-bit message ID (or SPI) in network byte order. */
export function uint32be(value: number): Buffer {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`not a 32-bit unsigned value: ${value}`);
  }
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value, 0);
  return out;
}

/** A 4-byte field given either as a number or as exactly four bytes. */
export function fourBytes(value: number | Buffer, what: string): Buffer {
  if (typeof value === 'number') return uint32be(value);
  if (value.length !== 4) throw new RangeError(`${what} must be 4 bytes, got ${value.length}`);
  return value;
}
