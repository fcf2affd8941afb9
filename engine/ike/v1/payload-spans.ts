// Where each payload of a (decoded, hence well-formed) chain sits in the raw bytes. The
// IKEv1 hashes cover payload bytes exactly as received (SAi_b, IDii_b, the payloads after
// a Quick Mode HASH), so they are cut from the wire bytes rather than re-encoded.
import { PayloadType } from '../codec/constants.ts';

export interface PayloadSpan {
  type: number;
  /** Offset of the generic payload header. */
  start: number;
  /** Offset after the payload. */
  end: number;
}

/** Spans of a chain; stops at the first inconsistency (call after a successful decode). */
export function payloadSpans(firstType: number, bytes: Buffer): PayloadSpan[] {
  const spans: PayloadSpan[] = [];
  let type = firstType;
  let offset = 0;
  while (type !== PayloadType.None && offset + 4 <= bytes.length) {
    const length = bytes.readUInt16BE(offset + 2);
    if (length < 4 || offset + length > bytes.length) break;
    spans.push({ type, start: offset, end: offset + length });
    type = bytes[offset];
    offset += length;
  }
  return spans;
}

/** The body (after the 4-byte generic header) of the first payload of `type`. */
export function rawPayloadBody(firstType: number, bytes: Buffer, type: number): Buffer | undefined {
  const span = payloadSpans(firstType, bytes).find((s) => s.type === type);
  return span === undefined ? undefined : Buffer.from(bytes.subarray(span.start + 4, span.end));
}

/** The raw bytes of every payload after the first one (Quick Mode / informational HASH input). */
export function bytesAfterFirstPayload(firstType: number, bytes: Buffer): Buffer {
  const spans = payloadSpans(firstType, bytes);
  if (spans.length === 0) return Buffer.alloc(0);
  return Buffer.from(bytes.subarray(spans[0].end, spans[spans.length - 1].end));
}
