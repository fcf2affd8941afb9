// SA payload body (RFC 2408 3.4-3.6, RFC 2407 4.6.1): DOI, situation, then a list of
// Proposal substructures, each holding its SPI and a list of Transform substructures.
// Proposals sharing a number form one AND-ed offer (e.g. AH+ESP); that grouping, and
// choosing among offers, belongs to the exchange layer.

import { Doi, PayloadType, Situation } from './constants.ts';
import { decodeAttributes, encodeAttributes, type DataAttribute } from './attributes.ts';
import { decodeError, type DecodeError } from './decode-error.ts';
import { encodeGenericHeader, readGenericHeader } from './generic-header.ts';
import { err, ok, type Result } from './result.ts';

export interface Transform {
  number: number;
  id: number;
  attributes: DataAttribute[];
}

export interface Proposal {
  number: number;
  protocolId: number;
  spi: Buffer;
  transforms: Transform[];
}

export interface SaPayload {
  type: typeof PayloadType.SA;
  doi: typeof Doi.Ipsec;
  /** Only SIT_IDENTITY_ONLY (or 0): the other situations carry data we do not model. */
  situation: number;
  proposals: Proposal[];
}

export function encodeSaBody(sa: Omit<SaPayload, 'type'>): Buffer {
  if (sa.situation & ~Situation.IdentityOnly) throw new RangeError(`unsupported situation ${sa.situation}`);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(sa.doi, 0);
  head.writeUInt32BE(sa.situation, 4);
  return Buffer.concat([head, encodeSubstructures(PayloadType.Proposal, sa.proposals.map(encodeProposal))]);
}

function encodeProposal(p: Proposal): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt8(p.number, 0);
  head.writeUInt8(p.protocolId, 1);
  head.writeUInt8(p.spi.length, 2);
  head.writeUInt8(p.transforms.length, 3);
  return Buffer.concat([head, p.spi, encodeSubstructures(PayloadType.Transform, p.transforms.map(encodeTransform))]);
}

function encodeTransform(t: Transform): Buffer {
  const head = Buffer.alloc(4); // bytes 2-3 are RESERVED2
  head.writeUInt8(t.number, 0);
  head.writeUInt8(t.id, 1);
  return Buffer.concat([head, encodeAttributes(t.attributes)]);
}

/** Items chained with `itemType` as next-payload, 0 on the last; at least one item. */
function encodeSubstructures(itemType: number, bodies: Buffer[]): Buffer {
  if (bodies.length === 0) throw new RangeError(`substructure list of type ${itemType} must not be empty`);
  return Buffer.concat(bodies.map((body, i) => encodeGenericHeader(i === bodies.length - 1 ? PayloadType.None : itemType, body)));
}

export function decodeSaBody(body: Buffer, base: number): Result<SaPayload, DecodeError> {
  if (body.length < 8) return err(decodeError('truncated', base, 'SA payload shorter than DOI + situation'));
  const doi = body.readUInt32BE(0);
  if (doi !== Doi.Ipsec) return err(decodeError('unsupported-doi', base, `DOI ${doi}`));
  const situation = body.readUInt32BE(4);
  if (situation & ~Situation.IdentityOnly) return err(decodeError('unsupported-situation', base + 4, `situation 0x${situation.toString(16)}`));
  const proposals = decodeSubstructures(body.subarray(8), base + 8, PayloadType.Proposal, decodeProposal);
  return proposals.ok ? ok({ type: PayloadType.SA, doi, situation, proposals: proposals.value }) : proposals;
}

function decodeProposal(body: Buffer, base: number): Result<Proposal, DecodeError> {
  if (body.length < 4) return err(decodeError('truncated', base, 'proposal shorter than its fixed fields'));
  const spiSize = body[2];
  const declaredTransforms = body[3];
  if (4 + spiSize > body.length) return err(decodeError('truncated', base + 2, `SPI size ${spiSize} overruns the proposal`));
  const transforms = decodeSubstructures(body.subarray(4 + spiSize), base + 4 + spiSize, PayloadType.Transform, decodeTransform);
  if (!transforms.ok) return transforms;
  if (transforms.value.length !== declaredTransforms) {
    return err(decodeError('bad-proposal-syntax', base + 3, `${declaredTransforms} transforms declared, ${transforms.value.length} present`));
  }
  return ok({ number: body[0], protocolId: body[1], spi: Buffer.from(body.subarray(4, 4 + spiSize)), transforms: transforms.value });
}

function decodeTransform(body: Buffer, base: number): Result<Transform, DecodeError> {
  if (body.length < 4) return err(decodeError('truncated', base, 'transform shorter than its fixed fields'));
  if (body.readUInt16BE(2) !== 0) return err(decodeError('reserved-not-zero', base + 2, 'transform RESERVED2'));
  const attributes = decodeAttributes(body.subarray(4), base + 4);
  return attributes.ok ? ok({ number: body[0], id: body[1], attributes: attributes.value }) : attributes;
}

/** Decode a non-empty substructure chain that must fill `bytes` exactly. */
function decodeSubstructures<T>(
  bytes: Buffer,
  base: number,
  itemType: number,
  decodeItem: (body: Buffer, base: number) => Result<T, DecodeError>,
): Result<T[], DecodeError> {
  const items: T[] = [];
  let offset = 0;
  for (;;) {
    if (offset === bytes.length) {
      const what = items.length === 0 ? 'is empty' : 'ends without a last item';
      return err(decodeError('bad-proposal-syntax', base + offset, `substructure list of type ${itemType} ${what}`));
    }
    const header = readGenericHeader(bytes, offset, base);
    if (!header.ok) return header;
    const { nextPayload, length } = header.value;
    if (nextPayload !== itemType && nextPayload !== PayloadType.None) {
      return err(decodeError('bad-proposal-syntax', base + offset, `payload type ${nextPayload} inside a type ${itemType} list`));
    }
    const item = decodeItem(bytes.subarray(offset + 4, offset + length), base + offset + 4);
    if (!item.ok) return item;
    items.push(item.value);
    offset += length;
    if (nextPayload === PayloadType.None) break;
  }
  if (offset !== bytes.length) return err(decodeError('trailing-bytes', base + offset, `${bytes.length - offset} bytes after the last item`));
  return ok(items);
}
