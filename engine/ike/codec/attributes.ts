// SA data attributes (RFC 2408 3.3): basic TV form (AF=1, 16-bit value) or variable
// TLV form (AF=0). The form is kept as received: HASH_I covers SAi_b byte for byte, and
// peers differ (ike-scan sends a 28800 s lifetime as a 4-byte TLV, others as TV).

import { decodeError, type DecodeError } from './decode-error.ts';
import { err, ok, type Result } from './result.ts';

export type DataAttribute = { type: number; format: 'tv'; value: number } | { type: number; format: 'tlv'; value: Buffer };

const AF_TV = 0x8000;

/** An integer attribute in the shortest form: TV up to 0xffff, else a 4-byte TLV. */
export function integerAttribute(type: number, value: number): DataAttribute {
  if (value <= 0xffff) return { type, format: 'tv', value };
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return { type, format: 'tlv', value: bytes };
}

/** The attribute's value as an integer, whichever form carried it (TLV up to 6 bytes). */
export function attributeInteger(attr: DataAttribute): number | undefined {
  if (attr.format === 'tv') return attr.value;
  if (attr.value.length === 0 || attr.value.length > 6) return undefined;
  return attr.value.readUIntBE(0, attr.value.length);
}

export function encodeAttributes(attrs: readonly DataAttribute[]): Buffer {
  return Buffer.concat(
    attrs.map((attr) => {
      if (attr.type > 0x7fff) throw new RangeError(`attribute type ${attr.type} exceeds 15 bits`);
      if (attr.format === 'tv') {
        const out = Buffer.alloc(4);
        out.writeUInt16BE(AF_TV | attr.type, 0);
        out.writeUInt16BE(attr.value, 2);
        return out;
      }
      const head = Buffer.alloc(4);
      head.writeUInt16BE(attr.type, 0);
      head.writeUInt16BE(attr.value.length, 2);
      return Buffer.concat([head, attr.value]);
    }),
  );
}

/** Decode attributes filling `bytes` exactly; `base` makes error offsets absolute. */
export function decodeAttributes(bytes: Buffer, base: number): Result<DataAttribute[], DecodeError> {
  const attrs: DataAttribute[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 4 > bytes.length) return err(decodeError('truncated', base + offset, 'attribute header cut short'));
    const typeField = bytes.readUInt16BE(offset);
    const lengthOrValue = bytes.readUInt16BE(offset + 2);
    const type = typeField & ~AF_TV;
    if (typeField & AF_TV) {
      attrs.push({ type, format: 'tv', value: lengthOrValue });
      offset += 4;
      continue;
    }
    const end = offset + 4 + lengthOrValue;
    if (end > bytes.length) return err(decodeError('truncated', base + offset + 2, `attribute ${type} length ${lengthOrValue} overruns`));
    attrs.push({ type, format: 'tlv', value: Buffer.from(bytes.subarray(offset + 4, end)) });
    offset = end;
  }
  return ok(attrs);
}
