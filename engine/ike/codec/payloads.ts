// Every ISAKMP payload that may appear in a message's payload chain, as a union keyed
// by `type`, and the codec for their bodies (the bytes after the generic header, which
// are what HASH_I/HASH_R and the Quick Mode hashes cover, e.g. SAi_b and IDii_b).

import { IdType, PayloadType } from './constants.ts';
import { decodeError, type DecodeError } from './decode-error.ts';
import { decodeIdentification, encodeIdentification, type Identification } from './identification.ts';
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from './ip-address.ts';
import { err, ok, type Result } from './result.ts';
import { decodeSaBody, encodeSaBody, type SaPayload } from './sa-payload.ts';

/** Payloads whose whole body is opaque data (RFC 2408 3.7, 3.11-3.13, 3.16; RFC 3947 3.2). */
export type DataPayloadType =
  | typeof PayloadType.KE
  | typeof PayloadType.HASH
  | typeof PayloadType.SIG
  | typeof PayloadType.NONCE
  | typeof PayloadType.VID
  | typeof PayloadType.NatD
  | typeof PayloadType.NatDDraft;

export interface DataPayload {
  type: DataPayloadType;
  data: Buffer;
}

/** RFC 2407 4.6.2: protocol and port are 0 in Phase 1 unless the peer pins UDP/500. */
export interface IdPayload {
  type: typeof PayloadType.ID;
  protocolId: number;
  port: number;
  identification: Identification;
}

export interface CertPayload {
  type: typeof PayloadType.CERT;
  encoding: number;
  data: Buffer;
}

export interface CertRequestPayload {
  type: typeof PayloadType.CR;
  encoding: number;
  authority: Buffer;
}

export interface NotifyPayload {
  type: typeof PayloadType.N;
  doi: number;
  protocolId: number;
  spi: Buffer;
  notifyType: number;
  data: Buffer;
}

/** `spiSize` is explicit because a delete may carry no SPIs at all. */
export interface DeletePayload {
  type: typeof PayloadType.D;
  doi: number;
  protocolId: number;
  spiSize: number;
  spis: Buffer[];
}

/** RFC 3947 5.2: the original address, ID_IPV4_ADDR or ID_IPV6_ADDR only. */
export interface NatOaPayload {
  type: typeof PayloadType.NatOa | typeof PayloadType.NatOaDraft;
  address: Extract<Identification, { idType: typeof IdType.Ipv4Addr | typeof IdType.Ipv6Addr }>;
}

export type Payload = SaPayload | DataPayload | IdPayload | CertPayload | CertRequestPayload | NotifyPayload | DeletePayload | NatOaPayload;

export function encodePayloadBody(payload: Payload): Buffer {
  switch (payload.type) {
    case PayloadType.SA:
      return encodeSaBody(payload);
    case PayloadType.ID:
      return Buffer.concat([
        fixed(4, (b) => (b.writeUInt8(payload.identification.idType, 0), b.writeUInt8(payload.protocolId, 1), b.writeUInt16BE(payload.port, 2))),
        encodeIdentification(payload.identification),
      ]);
    case PayloadType.CERT:
      return Buffer.concat([fixed(1, (b) => b.writeUInt8(payload.encoding)), payload.data]);
    case PayloadType.CR:
      return Buffer.concat([fixed(1, (b) => b.writeUInt8(payload.encoding)), payload.authority]);
    case PayloadType.N:
      return Buffer.concat([
        fixed(8, (b) => (b.writeUInt32BE(payload.doi, 0), b.writeUInt8(payload.protocolId, 4), b.writeUInt8(payload.spi.length, 5), b.writeUInt16BE(payload.notifyType, 6))),
        payload.spi,
        payload.data,
      ]);
    case PayloadType.D:
      if (payload.spis.some((spi) => spi.length !== payload.spiSize)) throw new RangeError(`delete SPIs must all be ${payload.spiSize} bytes`);
      if (payload.spiSize === 0 && payload.spis.length > 0) throw new RangeError('a delete with SPI size 0 cannot list SPIs');
      return Buffer.concat([
        fixed(8, (b) => (b.writeUInt32BE(payload.doi, 0), b.writeUInt8(payload.protocolId, 4), b.writeUInt8(payload.spiSize, 5), b.writeUInt16BE(payload.spis.length, 6))),
        ...payload.spis,
      ]);
    case PayloadType.NatOa:
    case PayloadType.NatOaDraft: {
      const { address } = payload;
      const bytes = address.idType === IdType.Ipv4Addr ? parseIpv4(address.address) : parseIpv6(address.address);
      return Buffer.concat([fixed(4, (b) => b.writeUInt8(address.idType, 0)), bytes]);
    }
    default:
      return payload.data;
  }
}

/** A zeroed buffer of `size` bytes filled in by `write` (zero keeps RESERVED fields zero). */
function fixed(size: number, write: (b: Buffer) => unknown): Buffer {
  const b = Buffer.alloc(size);
  write(b);
  return b;
}

/** Decode the body of a payload of a top-level type; `base` makes error offsets absolute. */
export function decodePayloadBody(type: number, body: Buffer, base: number): Result<Payload, DecodeError> {
  const atLeast = (bytes: number, what: string) =>
    body.length < bytes ? err(decodeError('truncated', base, `${what} payload shorter than its ${bytes}-byte fixed part`)) : undefined;
  switch (type) {
    case PayloadType.SA:
      return decodeSaBody(body, base);
    case PayloadType.KE:
    case PayloadType.HASH:
    case PayloadType.SIG:
    case PayloadType.NONCE:
    case PayloadType.VID:
    case PayloadType.NatD:
    case PayloadType.NatDDraft:
      return ok({ type, data: Buffer.from(body) });
    case PayloadType.ID: {
      const short = atLeast(4, 'ID');
      if (short) return short;
      const identification = decodeIdentification(body[0], body.subarray(4));
      if (!identification.ok) return err(decodeError('invalid-id', base, identification.error));
      return ok({ type, protocolId: body[1], port: body.readUInt16BE(2), identification: identification.value });
    }
    case PayloadType.CERT:
      return atLeast(1, 'CERT') ?? ok({ type, encoding: body[0], data: Buffer.from(body.subarray(1)) });
    case PayloadType.CR:
      return atLeast(1, 'CR') ?? ok({ type, encoding: body[0], authority: Buffer.from(body.subarray(1)) });
    case PayloadType.N: {
      const short = atLeast(8, 'notify');
      if (short) return short;
      const spiEnd = 8 + body[5];
      if (spiEnd > body.length) return err(decodeError('truncated', base + 5, `notify SPI size ${body[5]} overruns the payload`));
      return ok({
        type,
        doi: body.readUInt32BE(0),
        protocolId: body[4],
        spi: Buffer.from(body.subarray(8, spiEnd)),
        notifyType: body.readUInt16BE(6),
        data: Buffer.from(body.subarray(spiEnd)),
      });
    }
    case PayloadType.D:
      return atLeast(8, 'delete') ?? decodeDeleteBody(body, base);
    case PayloadType.NatOa:
    case PayloadType.NatOaDraft:
      return atLeast(4, 'NAT-OA') ?? decodeNatOaBody(type, body, base);
    case PayloadType.Proposal:
    case PayloadType.Transform:
      return err(decodeError('misplaced-payload', base, `payload type ${type} outside an SA payload`));
    default:
      return err(decodeError('unknown-payload-type', base, `payload type ${type}`));
  }
}

function decodeDeleteBody(body: Buffer, base: number): Result<DeletePayload, DecodeError> {
  const spiSize = body[5];
  const count = body.readUInt16BE(6);
  if (spiSize === 0 && count > 0) return err(decodeError('bad-length', base + 5, `${count} SPIs of size 0`));
  if (body.length !== 8 + spiSize * count) {
    return err(decodeError('bad-length', base + 6, `${count} SPIs of ${spiSize} bytes in a ${body.length - 8}-byte list`));
  }
  const spis = Array.from({ length: count }, (_, i) => Buffer.from(body.subarray(8 + i * spiSize, 8 + (i + 1) * spiSize)));
  return ok({ type: PayloadType.D, doi: body.readUInt32BE(0), protocolId: body[4], spiSize, spis });
}

function decodeNatOaBody(type: NatOaPayload['type'], body: Buffer, base: number): Result<NatOaPayload, DecodeError> {
  if (body[1] !== 0 || body.readUInt16BE(2) !== 0) return err(decodeError('reserved-not-zero', base + 1, 'NAT-OA RESERVED'));
  const idType = body[0];
  const address = body.subarray(4);
  if (idType === IdType.Ipv4Addr && address.length === 4) return ok({ type, address: { idType, address: formatIpv4(address) } });
  if (idType === IdType.Ipv6Addr && address.length === 16) return ok({ type, address: { idType, address: formatIpv6(address) } });
  return err(decodeError('invalid-id', base, `NAT-OA ID type ${idType} with ${address.length} address bytes`));
}
