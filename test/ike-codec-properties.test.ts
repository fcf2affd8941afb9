// Properties: every well-formed message survives encode -> decode; every decoded message
// re-encodes to exactly the bytes it came from (HASH_I depends on that); and no byte
// string, random or a mutated valid message, makes the decoder throw.

import test from 'ava';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import {
  decodeHeader,
  decodeMessage,
  decodePayloadChain,
  encodeMessage,
  encodePayloadChain,
  IdType,
  PayloadType,
  type DataAttribute,
  type Identification,
  type Message,
  type Payload,
} from '../engine/ike/codec/index.ts';
import { formatIpv4, formatIpv6 } from '../engine/ike/codec/ip-address.ts';

/** fc.record, minus the null-prototype objects it may build: decoded values are plain objects. */
function record<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true });
}

const bytes = (maxLength: number, minLength = 0) => fc.uint8Array({ minLength, maxLength }).map((u) => Buffer.from(u));
const byte = fc.integer({ min: 0, max: 255 });
const ipv4 = bytes(4, 4).map(formatIpv4);
const ipv6 = bytes(16, 16).map(formatIpv6);
const latin1 = fc.string({ unit: byte.map((c) => String.fromCharCode(c)), maxLength: 40 });

const attribute: fc.Arbitrary<DataAttribute> = fc.oneof(
  record({ type: fc.integer({ min: 0, max: 0x7fff }), format: fc.constant('tv' as const), value: fc.integer({ min: 0, max: 0xffff }) }),
  record({ type: fc.integer({ min: 0, max: 0x7fff }), format: fc.constant('tlv' as const), value: bytes(12) }),
);
const transform = record({ number: byte, id: byte, attributes: fc.array(attribute, { maxLength: 6 }) });
const proposal = record({ number: byte, protocolId: byte, spi: bytes(16), transforms: fc.array(transform, { minLength: 1, maxLength: 3 }) });
const sa = record({
  type: fc.constant(PayloadType.SA),
  doi: fc.constant(1 as const),
  situation: fc.constantFrom(0, 1),
  proposals: fc.array(proposal, { minLength: 1, maxLength: 3 }),
});

const identification: fc.Arbitrary<Identification> = fc.oneof(
  record({ idType: fc.constant(IdType.Ipv4Addr), address: ipv4 }),
  record({ idType: fc.constant(IdType.Ipv6Addr), address: ipv6 }),
  record({ idType: fc.constantFrom(IdType.Fqdn, IdType.UserFqdn), name: latin1 }),
  record({ idType: fc.constant(IdType.Ipv4AddrSubnet), address: ipv4, mask: ipv4 }),
  record({ idType: fc.constant(IdType.Ipv6AddrSubnet), address: ipv6, mask: ipv6 }),
  record({ idType: fc.constant(IdType.Ipv4AddrRange), start: ipv4, end: ipv4 }),
  record({ idType: fc.constant(IdType.Ipv6AddrRange), start: ipv6, end: ipv6 }),
  record({ idType: fc.constantFrom(IdType.DerAsn1Dn, IdType.DerAsn1Gn, IdType.KeyId), data: bytes(24) }),
);

const deletePayload = fc.integer({ min: 0, max: 16 }).chain((spiSize) =>
  record({
    type: fc.constant(PayloadType.D),
    doi: fc.nat({ max: 0xffffffff }),
    protocolId: byte,
    spiSize: fc.constant(spiSize),
    spis: spiSize === 0 ? fc.constant<Buffer[]>([]) : fc.array(bytes(spiSize, spiSize), { maxLength: 4 }),
  }),
);

const payload: fc.Arbitrary<Payload> = fc.oneof(
  sa,
  record({
    type: fc.constantFrom(PayloadType.KE, PayloadType.HASH, PayloadType.SIG, PayloadType.NONCE, PayloadType.VID, PayloadType.NatD, PayloadType.NatDDraft),
    data: bytes(64),
  }),
  record({ type: fc.constant(PayloadType.ID), protocolId: byte, port: fc.integer({ min: 0, max: 0xffff }), identification }),
  record({ type: fc.constant(PayloadType.CERT), encoding: byte, data: bytes(32) }),
  record({ type: fc.constant(PayloadType.CR), encoding: byte, authority: bytes(32) }),
  record({
    type: fc.constant(PayloadType.N),
    doi: fc.nat({ max: 0xffffffff }),
    protocolId: byte,
    spi: bytes(16),
    notifyType: fc.integer({ min: 0, max: 0xffff }),
    data: bytes(16),
  }),
  deletePayload,
  record({
    type: fc.constantFrom(PayloadType.NatOa, PayloadType.NatOaDraft),
    address: fc.oneof(
      record({ idType: fc.constant(IdType.Ipv4Addr), address: ipv4 }),
      record({ idType: fc.constant(IdType.Ipv6Addr), address: ipv6 }),
    ),
  }),
);

const message: fc.Arbitrary<Message> = record({
  header: record({
    initiatorCookie: bytes(8, 8),
    responderCookie: bytes(8, 8),
    exchangeType: byte,
    flags: record({ encrypted: fc.constant(false), commit: fc.boolean(), authenticationOnly: fc.boolean() }),
    messageId: fc.nat({ max: 0xffffffff }),
  }),
  payloads: fc.array(payload, { maxLength: 8 }),
});

/** A mutation of a valid encoding, optionally with the header length refitted so that
 * the damage reaches the payload decoders instead of stopping at the header check. */
const mutated = fc
  .tuple(
    message.map(encodeMessage),
    fc.array(
      fc.oneof(
        record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat({ max: 7 }) }),
        record({ op: fc.constant('truncate' as const), at: fc.nat() }),
        record({ op: fc.constant('set16' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 0xffff }) }),
        record({ op: fc.constant('append' as const), extra: bytes(8, 1) }),
      ),
      { minLength: 1, maxLength: 4 },
    ),
    fc.boolean(),
  )
  .map(([encoded, edits, refitLength]) => {
    let buf = Buffer.from(encoded);
    for (const edit of edits) {
      if (edit.op === 'append') buf = Buffer.concat([buf, edit.extra]);
      else if (buf.length === 0) continue;
      else if (edit.op === 'flip') buf[edit.at % buf.length]! ^= 1 << edit.bit;
      else if (edit.op === 'truncate') buf = buf.subarray(0, edit.at % buf.length);
      else if (buf.length >= 2) buf.writeUInt16BE(edit.value, edit.at % (buf.length - 1));
    }
    if (refitLength && buf.length >= 28) buf.writeUInt32BE(buf.length, 24);
    return buf;
  });

test('decode(encode(m)) deep-equals m for arbitrary well-formed messages', (t) => {
  fc.assert(fc.property(message, (m) => isDeepStrictEqual(decodeMessage(encodeMessage(m)), { ok: true, value: m })), { numRuns: 1000 });
  t.pass();
});

test('encrypted-body path: encodePayloadChain + padding + decodePayloadChain recovers the payloads', (t) => {
  fc.assert(
    fc.property(fc.array(payload, { maxLength: 6 }), bytes(16), (payloads, padding) => {
      const chain = encodePayloadChain(payloads);
      const padded = Buffer.concat([chain.bytes, padding]);
      return isDeepStrictEqual(decodePayloadChain(chain.firstPayloadType, padded, { allowTrailingPadding: true }), { ok: true, value: payloads });
    }),
    { numRuns: 500 },
  );
  t.pass();
});

test('mutated valid messages never throw; whatever decodes re-encodes to the same bytes', (t) => {
  let accepted = 0;
  fc.assert(
    fc.property(mutated, (buf) => {
      const r = decodeMessage(buf);
      if (!r.ok) return true;
      accepted++;
      return encodeMessage(r.value).equals(buf);
    }),
    { numRuns: 3000 },
  );
  t.log(`${accepted} of 3000 mutated messages still decoded`);
  t.true(accepted > 0, 'some mutations (e.g. flipped data bits) should still decode');
});

test('random bytes never throw from any decoder entry point', (t) => {
  fc.assert(
    fc.property(bytes(200), byte, fc.boolean(), (buf, firstType, allowTrailingPadding) => {
      const results = [decodeMessage(buf), decodeHeader(buf), decodePayloadChain(firstType, buf, { allowTrailingPadding })];
      return results.every((r) => typeof r.ok === 'boolean');
    }),
    { numRuns: 3000 },
  );
  t.pass();
});

test('random bodies behind a valid header never throw, and canonical ones round-trip', (t) => {
  const header = fc.tuple(bytes(16, 16), byte, byte, bytes(200));
  fc.assert(
    fc.property(header, ([cookies, nextPayload, exchange, body]) => {
      const buf = Buffer.concat([cookies, Buffer.from([nextPayload, 0x10, exchange, 0, 0, 0, 0, 0, 0, 0, 0, 0]), body]);
      buf.writeUInt32BE(buf.length, 24);
      const r = decodeMessage(buf);
      return !r.ok || encodeMessage(r.value).equals(buf);
    }),
    { numRuns: 3000 },
  );
  t.pass();
});

test('IPv6 text matches the WHATWG/RFC 5952 canonical form', (t) => {
  fc.assert(
    fc.property(bytes(16, 16), (raw) => formatIpv6(raw) === new URL(`http://[${formatIpv6(raw)}]/`).hostname.slice(1, -1)),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(fc.ipV6(), (text) => {
      const canonical = new URL(`http://[${text}]/`).hostname.slice(1, -1);
      const r = decodePayloadChain(PayloadType.ID, encodePayloadChain([{ type: PayloadType.ID, protocolId: 0, port: 0, identification: { idType: IdType.Ipv6Addr, address: text } }]).bytes);
      return isDeepStrictEqual(r, { ok: true, value: [{ type: PayloadType.ID, protocolId: 0, port: 0, identification: { idType: IdType.Ipv6Addr, address: canonical } }] });
    }),
    { numRuns: 2000 },
  );
  t.pass();
});
