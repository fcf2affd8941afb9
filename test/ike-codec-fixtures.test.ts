// Decoding real ike-scan datagrams (test/fixtures/ike-codec/README.md) and messages built
// byte for byte from the RFC layouts; every decoded message must re-encode to its bytes.

import test from 'ava';
import { readFileSync } from 'node:fs';
import {
  attributeInteger,
  classifyNatTDatagram,
  decodeHeader,
  decodeMessage,
  decodePayloadChain,
  DhGroup,
  encodeMessage,
  encodePayloadChain,
  EncapsulationMode,
  EspTransformId,
  ExchangeType,
  identifyVendorId,
  IdType,
  IkeAttr,
  IkeEncryption,
  IkeHash,
  IpsecAttr,
  IsakmpTransformId,
  NotifyType,
  PayloadType,
  ProtocolId,
  type Message,
  type Payload,
  type SaPayload,
} from '../engine/ike/codec/index.ts';

const fixture = (name: string) => readFileSync(new URL(`fixtures/ike-codec/${name}`, import.meta.url));
const hex = (...parts: string[]) => Buffer.from(parts.join('').replace(/\s+/g, ''), 'hex');

function decoded(buf: Buffer): Message {
  const r = decodeMessage(buf);
  if (!r.ok) throw new Error(`decode failed: ${r.error.kind} at ${r.error.offset}: ${r.error.detail}`);
  return r.value;
}

function only<T extends Payload['type']>(payloads: Payload[], type: T): Payload & { type: T } {
  const found = payloads.filter((p) => p.type === type);
  if (found.length !== 1) throw new Error(`expected one payload of type ${type}, found ${found.length}`);
  return found[0] as Payload & { type: T };
}

/** Each transform's [encryption, hash, group] attribute values. */
const suites = (sa: SaPayload) =>
  sa.proposals[0]!.transforms.map((t) =>
    [IkeAttr.EncryptionAlgorithm, IkeAttr.HashAlgorithm, IkeAttr.GroupDescription].map((type) => t.attributes.find((a) => a.type === type)?.value),
  );

test('ike-scan default Main Mode probe: one ISAKMP proposal with 8 KEY_IKE transforms', (t) => {
  const bytes = fixture('main-mode-default.bin');
  const msg = decoded(bytes);
  t.is(msg.header.exchangeType, ExchangeType.Main);
  t.is(msg.header.messageId, 0);
  t.deepEqual(msg.header.responderCookie, Buffer.alloc(8));
  t.deepEqual(msg.header.flags, { encrypted: false, commit: false, authenticationOnly: false });
  t.deepEqual(
    msg.payloads.map((p) => p.type),
    [PayloadType.SA],
  );
  const sa = only(msg.payloads, PayloadType.SA);
  t.is(sa.proposals.length, 1);
  t.is(sa.proposals[0]!.protocolId, ProtocolId.Isakmp);
  t.is(sa.proposals[0]!.spi.length, 0);
  t.true(sa.proposals[0]!.transforms.every((tr, i) => tr.id === IsakmpTransformId.KeyIke && tr.number === i + 1));
  const { TripleDesCbc: TDES, DesCbc: DES } = IkeEncryption;
  const { Sha1: SHA, Md5: MD5 } = IkeHash;
  t.deepEqual(suites(sa), [
    [TDES, SHA, 2], [TDES, MD5, 2], [DES, SHA, 2], [DES, MD5, 2],
    [TDES, SHA, 1], [TDES, MD5, 1], [DES, SHA, 1], [DES, MD5, 1],
  ]);
  // ike-scan sends the 28800 s lifetime in the variable form; it must stay that way.
  const life = sa.proposals[0]!.transforms[0]!.attributes.find((a) => a.type === IkeAttr.LifeDuration)!;
  t.is(life.format, 'tlv');
  t.is(attributeInteger(life), 28800);
  t.deepEqual(encodeMessage(msg), bytes);
});

test('ike-scan AES-128/group 14 probe with the DPD vendor ID', (t) => {
  const bytes = fixture('main-mode-aes-g14.bin');
  const msg = decoded(bytes);
  const sa = only(msg.payloads, PayloadType.SA);
  t.deepEqual(suites(sa), [[IkeEncryption.AesCbc, IkeHash.Sha1, DhGroup.Modp2048]]);
  const keyLength = sa.proposals[0]!.transforms[0]!.attributes.find((a) => a.type === IkeAttr.KeyLength);
  t.deepEqual(keyLength, { type: IkeAttr.KeyLength, format: 'tv', value: 128 });
  t.is(identifyVendorId(only(msg.payloads, PayloadType.VID).data), 'Dpd');
  t.deepEqual(encodeMessage(msg), bytes);
});

test('ike-scan Aggressive Mode probe: SA, KE, NONCE, ID_FQDN in order', (t) => {
  const bytes = fixture('aggressive-fqdn.bin');
  const msg = decoded(bytes);
  t.is(msg.header.exchangeType, ExchangeType.Aggressive);
  t.deepEqual(
    msg.payloads.map((p) => p.type),
    [PayloadType.SA, PayloadType.KE, PayloadType.NONCE, PayloadType.ID],
  );
  t.is(only(msg.payloads, PayloadType.KE).data.length, 128); // MODP-1024 public value
  t.is(only(msg.payloads, PayloadType.NONCE).data.length, 20);
  const id = only(msg.payloads, PayloadType.ID);
  t.deepEqual(id, { type: PayloadType.ID, protocolId: 17, port: 500, identification: { idType: IdType.Fqdn, name: 'spoke-a.example' } });
  t.deepEqual(encodeMessage(msg), bytes);
});

test('ike-scan --nat-t probe: non-ESP marker, then the same Main Mode message', (t) => {
  const datagram = fixture('main-mode-natt.bin');
  const framed = classifyNatTDatagram(datagram);
  if (framed.kind !== 'ike') return t.fail(`classified as ${framed.kind}`);
  t.deepEqual(datagram.subarray(0, 4), Buffer.alloc(4));
  const msg = decoded(framed.message);
  t.is(only(msg.payloads, PayloadType.SA).proposals[0]!.transforms.length, 8);
  t.deepEqual(encodeMessage(msg), framed.message);
});

// RFC 2408 3.1 header: cookies, next payload, version 0x10, exchange type, flags, message ID, length.
const header = (next: string, exchange: string, flags: string, messageId: string, length: number) =>
  hex('0102030405060708', '1112131415161718', next, '10', exchange, flags, messageId, length.toString(16).padStart(8, '0'));

test('hand-built responder NO-PROPOSAL-CHOSEN informational (RFC 2408 3.14)', (t) => {
  const bytes = Buffer.concat([
    header('0b', '05', '00', '00000000', 28 + 12),
    // N: next 0, reserved, length 12 | DOI 1 | protocol ISAKMP | SPI size 0 | type 14
    hex('00 00 000c', '00000001', '01', '00', '000e'),
  ]);
  const msg = decoded(bytes);
  t.is(msg.header.exchangeType, ExchangeType.Informational);
  t.deepEqual(msg.payloads, [
    { type: PayloadType.N, doi: 1, protocolId: ProtocolId.Isakmp, spi: Buffer.alloc(0), notifyType: NotifyType.NoProposalChosen, data: Buffer.alloc(0) },
  ]);
  t.deepEqual(encodeMessage(msg), bytes);
});

// A decrypted Quick Mode message 1 body (RFC 2409 5.5): HASH(1), SA, Ni, KE, IDci, IDcr,
// then block padding whose last byte counts the zero bytes before it (RFC 2409 5.3).
const quickModeBody = hex(
  '01 00 0018', 'aa'.repeat(20), // HASH: next SA, 20-byte HMAC-SHA1
  '0a 00 0043', '00000001 00000001', // SA: next NONCE, length 67 | DOI IPsec | SIT_IDENTITY_ONLY
  '00 00 0037', '01 03 04 01', 'c0ffee01', // Proposal 1: ESP, SPI size 4, 1 transform, SPI
  '00 00 002b', '01 0c 0000', // Transform 1: ESP_AES (12), RESERVED2
  '8001 0001', '0002 0004 00000e10', // SA life type seconds | SA life duration 3600 as a 4-byte TLV
  '8003 0002', '8004 0003', '8005 0002', '8006 0080', // group 2 (PFS) | UDP-Encapsulated-Tunnel | HMAC-SHA1 | 128-bit key
  '0002 0003', '000e10', // SA life duration 3600 again, as a 3-byte TLV: only the form differs
  '04 00 0014', 'bb'.repeat(16), // NONCE: next KE
  '05 00 000c', 'cc'.repeat(8), // KE: next ID (truncated public value; the codec does not judge sizes)
  '05 00 0010', '04 00 0000', '0a000100 ffffff00', // IDci: IPV4_ADDR_SUBNET 10.0.1.0/24, any protocol/port
  '00 00 0010', '07 11 01f4', 'c0a80001 c0a800ff', // IDcr: IPV4_ADDR_RANGE 192.168.0.1-192.168.0.255, UDP/500
  '00000000 04', // padding to a 16-byte multiple: zeros and a count
);

test('hand-built decrypted Quick Mode body decodes with trailing padding allowed', (t) => {
  const r = decodePayloadChain(PayloadType.HASH, quickModeBody, { allowTrailingPadding: true });
  if (!r.ok) return t.fail(`${r.error.kind}: ${r.error.detail}`);
  t.deepEqual(
    r.value.map((p) => p.type),
    [PayloadType.HASH, PayloadType.SA, PayloadType.NONCE, PayloadType.KE, PayloadType.ID, PayloadType.ID],
  );
  const proposal = only(r.value, PayloadType.SA).proposals[0]!;
  t.is(proposal.protocolId, ProtocolId.IpsecEsp);
  t.deepEqual(proposal.spi, hex('c0ffee01'));
  const [transform] = proposal.transforms;
  t.is(transform!.id, EspTransformId.AesCbc);
  const value = (type: number) => transform!.attributes.filter((a) => a.type === type).map(attributeInteger);
  t.deepEqual(value(IpsecAttr.SaLifeDuration), [3600, 3600]);
  t.deepEqual(value(IpsecAttr.EncapsulationMode), [EncapsulationMode.UdpTunnel]);
  t.deepEqual(value(IpsecAttr.GroupDescription), [DhGroup.Modp1024]);
  const ids = r.value.filter((p) => p.type === PayloadType.ID).map((p) => p.type === PayloadType.ID && p.identification);
  t.deepEqual(ids, [
    { idType: IdType.Ipv4AddrSubnet, address: '10.0.1.0', mask: '255.255.255.0' },
    { idType: IdType.Ipv4AddrRange, start: '192.168.0.1', end: '192.168.0.255' },
  ]);
  const chain = encodePayloadChain(r.value);
  t.is(chain.firstPayloadType, PayloadType.HASH);
  t.deepEqual(chain.bytes, quickModeBody.subarray(0, quickModeBody.length - 5));
});

test('the same body without allowTrailingPadding reports the padding', (t) => {
  const r = decodePayloadChain(PayloadType.HASH, quickModeBody, { baseOffset: 28 });
  t.like(r, { ok: false, error: { kind: 'trailing-bytes', offset: 28 + quickModeBody.length - 5 } });
});

test('an encrypted message: the header decodes alone, decodeMessage defers to the caller', (t) => {
  const bytes = Buffer.concat([header('08', '20', '01', 'deadbeef', 28 + 16), Buffer.alloc(16, 0x5a)]);
  const h = decodeHeader(bytes);
  t.like(h, { ok: true, value: { nextPayload: PayloadType.HASH, exchangeType: ExchangeType.Quick, messageId: 0xdeadbeef, length: 44 } });
  t.like(h, { value: { flags: { encrypted: true, commit: false, authenticationOnly: false } } });
  t.like(decodeMessage(bytes), { ok: false, error: { kind: 'encrypted-body' } });
});

test('hand-built DPD R-U-THERE, delete, NAT-D (RFC and draft) and NAT-OA payloads', (t) => {
  const cookies = '0102030405060708 1112131415161718';
  const body = hex(
    '0c 00 0020', '00000001 01 10 8d28', cookies, '0000002a', // N: R-U-THERE, ISAKMP SPI = cookies, sequence 42
    '14 00 0014', '00000001 03 04 0002', 'aaaaaaaa bbbbbbbb', // D: ESP, two 4-byte SPIs
    '82 00 0018', 'dd'.repeat(20), // NAT-D (RFC 3947 type 20)
    '15 00 0018', 'ee'.repeat(20), // NAT-D (draft type 130)
    '83 00 000c', '01 000000 c0000201', // NAT-OA (type 21): ID_IPV4_ADDR 192.0.2.1
    '00 00 0018', '05 000000', '20010db8000000000000000000000001', // NAT-OA (draft 131): ID_IPV6_ADDR
  );
  const r = decodePayloadChain(PayloadType.N, body);
  if (!r.ok) return t.fail(`${r.error.kind}: ${r.error.detail}`);
  const [dpd, del, natd, natdDraft, natoa, natoaDraft] = r.value;
  t.deepEqual(dpd, { type: PayloadType.N, doi: 1, protocolId: ProtocolId.Isakmp, spi: hex(cookies), notifyType: NotifyType.RUThere, data: hex('0000002a') });
  t.deepEqual(del, { type: PayloadType.D, doi: 1, protocolId: ProtocolId.IpsecEsp, spiSize: 4, spis: [hex('aaaaaaaa'), hex('bbbbbbbb')] });
  t.like(natd, { type: PayloadType.NatD });
  t.like(natdDraft, { type: PayloadType.NatDDraft });
  t.deepEqual(natoa, { type: PayloadType.NatOa, address: { idType: IdType.Ipv4Addr, address: '192.0.2.1' } });
  t.deepEqual(natoaDraft, { type: PayloadType.NatOaDraft, address: { idType: IdType.Ipv6Addr, address: '2001:db8::1' } });
  t.deepEqual(encodePayloadChain(r.value).bytes, body);
});

test('ID payload identification types (RFC 2407 4.6.2)', (t) => {
  const cases: [string, string, object][] = [
    ['01', '0a000001', { idType: IdType.Ipv4Addr, address: '10.0.0.1' }],
    ['03', Buffer.from('vpn@example.net').toString('hex'), { idType: IdType.UserFqdn, name: 'vpn@example.net' }],
    ['05', 'fe800000000000000000000000000001', { idType: IdType.Ipv6Addr, address: 'fe80::1' }],
    ['06', '20010db8000100000000000000000000ffffffffffffffff0000000000000000', { idType: IdType.Ipv6AddrSubnet, address: '2001:db8:1::', mask: 'ffff:ffff:ffff:ffff::' }],
    ['0b', '6b6579', { idType: IdType.KeyId, data: Buffer.from('key') }],
  ];
  for (const [type, data, identification] of cases) {
    const body = hex(type, '00 0000', data);
    const r = decodePayloadChain(PayloadType.ID, Buffer.concat([hex('00 00', (4 + body.length).toString(16).padStart(4, '0')), body]));
    t.deepEqual(r, { ok: true, value: [{ type: PayloadType.ID, protocolId: 0, port: 0, identification }] }, `ID type ${type}`);
  }
});
