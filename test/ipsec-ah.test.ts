// AH (RFC 4302): the ICV covers the datagram except the fields routers may change.
import { createHmac } from 'node:crypto';
import test from 'ava';
import fc from 'fast-check';
import { INTEGRITY_ALGORITHMS, type IntegrityAlgorithm } from '../engine/ike/crypto/index.ts';
import { ahDecapsulate, ahEncapsulate, type OuterHeader } from '../engine/ipsec/ah.ts';
import { ReplayWindow } from '../engine/ipsec/replay-window.ts';
import type { AhSa } from '../engine/ipsec/transform.ts';
import { internetChecksum } from '../engine/net/checksum.ts';

const SPI = 0xbafc3b45;
const OUTER: OuterHeader = { src: '1.1.70.2', dst: '1.1.70.1', ttl: 64, id: 0x1234, df: true, tos: 0 };
const INNER = Buffer.from('450000200001000040015a0dc0a80a01c0a814010800f7ff00000000', 'hex');
const AUTHS: IntegrityAlgorithm[] = ['hmac-md5-96', 'hmac-sha1-96', 'hmac-sha-256-128'];
const sa = (algorithm: IntegrityAlgorithm): AhSa => ({ spi: SPI, integrity: { algorithm, key: Buffer.alloc(INTEGRITY_ALGORITHMS[algorithm].keyLength, 0x3c) } });

/** Rewrite the IPv4 header checksum after a deliberate change to the header. */
function fixChecksum(datagram: Buffer): Buffer {
  datagram.writeUInt16BE(0, 10);
  datagram.writeUInt16BE(internetChecksum(datagram.subarray(0, 20)), 10);
  return datagram;
}

for (const alg of AUTHS) {
  test(`${alg}: tunnel-mode round trip, and the bytes are what RFC 4302 says`, (t) => {
    const icvLength = INTEGRITY_ALGORITHMS[alg].icvLength;
    const datagram = ahEncapsulate(sa(alg), 1, OUTER, 4, INNER);
    t.deepEqual(ahDecapsulate(sa(alg), datagram, new ReplayWindow()), { ok: true, seq: 1, nextHeader: 4, payload: INNER });

    // Independently: header, then AH with the ICV computed over the zeroed copy.
    const ah = Buffer.alloc(12 + icvLength);
    ah[0] = 4;
    ah[1] = (12 + icvLength) / 4 - 2;
    ah.writeUInt32BE(SPI, 4);
    ah.writeUInt32BE(1, 8);
    const ip = Buffer.from('4500000012344000403300000101460201014601', 'hex');
    ip.writeUInt16BE(20 + ah.length + INNER.length, 2);
    const zeroed = Buffer.concat([ip, ah, INNER]);
    zeroed[1] = 0;
    zeroed.writeUInt16BE(0, 6);
    zeroed[8] = 0;
    const icv = createHmac(INTEGRITY_ALGORITHMS[alg].hash, sa(alg).integrity.key).update(zeroed).digest().subarray(0, icvLength);
    const expected = fixChecksum(Buffer.concat([ip, ah.subarray(0, 12), icv, INNER]));
    t.deepEqual(datagram, expected);
  });
}

test('routers may change TOS, flags and TTL (checksum updated): the ICV still verifies', (t) => {
  const datagram = ahEncapsulate(sa('hmac-sha1-96'), 1, OUTER, 4, INNER);
  datagram[1] = 0xb8; // DSCP EF
  datagram.writeUInt16BE(0, 6); // DF cleared
  datagram[8] = 61; // three hops
  t.true(ahDecapsulate(sa('hmac-sha1-96'), fixChecksum(datagram), new ReplayWindow()).ok);
});

test('changing an immutable header field (addresses, identification) fails authentication', (t) => {
  const edits: [string, (d: Buffer) => void][] = [
    ['source address', (d) => (d[15] = 3)],
    ['destination address', (d) => (d[19] = 9)],
    ['identification', (d) => (d[5] ^= 1)],
  ];
  for (const [what, edit] of edits) {
    const datagram = ahEncapsulate(sa('hmac-sha1-96'), 1, OUTER, 4, INNER);
    edit(datagram);
    t.deepEqual(ahDecapsulate(sa('hmac-sha1-96'), fixChecksum(datagram), new ReplayWindow()), { ok: false, reason: 'auth-failed' }, what);
  }
});

test('changing any byte after the IPv4 header is caught for its own reason, and leaves the window alone', (t) => {
  const datagram = ahEncapsulate(sa('hmac-sha-256-128'), 3, OUTER, 4, INNER);
  const window = new ReplayWindow();
  for (let i = 20; i < datagram.length; i++) {
    const bad = Buffer.from(datagram);
    bad[i] ^= 0x80;
    // Byte 21 is Payload Len (the AH length must match the algorithm); 24..27 the SPI.
    const reason = i === 21 ? 'bad-header' : i >= 24 && i < 28 ? 'unknown-spi' : 'auth-failed';
    t.deepEqual(ahDecapsulate(sa('hmac-sha-256-128'), bad, window), { ok: false, reason }, `byte ${i}`);
  }
  t.is(window.highestAccepted, 0);
});

test('replayed and too-old datagrams are replays', (t) => {
  const window = new ReplayWindow();
  const first = ahEncapsulate(sa('hmac-md5-96'), 100, OUTER, 4, INNER);
  t.true(ahDecapsulate(sa('hmac-md5-96'), first, window).ok);
  t.deepEqual(ahDecapsulate(sa('hmac-md5-96'), first, window), { ok: false, reason: 'replay' });
  t.deepEqual(ahDecapsulate(sa('hmac-md5-96'), ahEncapsulate(sa('hmac-md5-96'), 36, OUTER, 4, INNER), window), { ok: false, reason: 'replay' });
});

test('truncated datagrams, other protocols and IPv4 options are bad headers', (t) => {
  const datagram = ahEncapsulate(sa('hmac-sha1-96'), 1, OUTER, 4, INNER);
  for (let n = 0; n < datagram.length; n++) {
    t.deepEqual(ahDecapsulate(sa('hmac-sha1-96'), datagram.subarray(0, n), new ReplayWindow()), { ok: false, reason: 'bad-header' }, `${n} bytes`);
  }
  const esp = fixChecksum(Buffer.from(datagram));
  esp[9] = 50;
  t.deepEqual(ahDecapsulate(sa('hmac-sha1-96'), fixChecksum(esp), new ReplayWindow()), { ok: false, reason: 'bad-header' });
  // The same datagram with a 4-byte option (end of list) inserted after the header.
  const withOption = Buffer.concat([datagram.subarray(0, 20), Buffer.alloc(4), datagram.subarray(20)]);
  withOption[0] = 0x46;
  withOption.writeUInt16BE(withOption.length, 2);
  withOption.writeUInt16BE(0, 10);
  withOption.writeUInt16BE(internetChecksum(withOption.subarray(0, 24)), 10);
  t.deepEqual(ahDecapsulate(sa('hmac-sha1-96'), withOption, new ReplayWindow()), { ok: false, reason: 'bad-header' });
});

test('property: random datagrams never throw and never pass', (t) => {
  const valid = ahEncapsulate(sa('hmac-sha1-96'), 1, OUTER, 4, INNER);
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 120 }), fc.nat(valid.length), (bytes, keep) => {
      // Half real header (so parsing gets deep), half noise.
      const datagram = Buffer.concat([valid.subarray(0, keep), Buffer.from(bytes)]);
      return !ahDecapsulate(sa('hmac-sha1-96'), datagram, new ReplayWindow()).ok || datagram.subarray(0, valid.length).equals(valid);
    }),
    { numRuns: 3000 },
  );
  t.pass();
});
