// RFC 3948 demultiplexing of the NAT-T port: marked IKE, ESP, keepalive, or junk.

import test from 'ava';
import fc from 'fast-check';
import { addNonEspMarker, classifyNatTDatagram, decodeMessage, encodeMessage, ExchangeType } from '../engine/ike/codec/index.ts';

const ike = encodeMessage({
  header: {
    initiatorCookie: Buffer.from('0102030405060708', 'hex'),
    responderCookie: Buffer.alloc(8),
    exchangeType: ExchangeType.Main,
    flags: { encrypted: false, commit: false, authenticationOnly: false },
    messageId: 0,
  },
  payloads: [],
});

test('a marked IKE message is unwrapped to exactly the message', (t) => {
  const framed = addNonEspMarker(ike);
  t.deepEqual(framed.subarray(0, 4), Buffer.alloc(4));
  const c = classifyNatTDatagram(framed);
  if (c.kind !== 'ike') return t.fail(c.kind);
  t.deepEqual(c.message, ike);
  t.true(decodeMessage(c.message).ok);
});

test('ESP (non-zero SPI, at least SPI + sequence number) passes through untouched', (t) => {
  const esp = Buffer.from('c0ffee01000000010102030405060708', 'hex');
  t.deepEqual(classifyNatTDatagram(esp), { kind: 'esp', packet: esp });
});

test('a single 0xFF byte is a NAT keepalive', (t) => {
  t.deepEqual(classifyNatTDatagram(Buffer.from([0xff])), { kind: 'keepalive' });
});

test('short non-IKE datagrams are invalid, not ESP', (t) => {
  for (const junk of ['', 'fe', '00', '000000', 'c0ffee0100']) {
    t.is(classifyNatTDatagram(Buffer.from(junk, 'hex')).kind, 'invalid', junk);
  }
});

test('classification is total and never confuses an unmarked IKE message with a marked one', (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (u) => {
      const d = Buffer.from(u);
      const c = classifyNatTDatagram(d);
      return c.kind !== 'ike' || (d.readUInt32BE(0) === 0 && c.message.equals(d.subarray(4)));
    }),
  );
  // An IKE message sent without the marker starts with a non-zero cookie: it reads as ESP.
  t.is(classifyNatTDatagram(ike).kind, 'esp');
});
