// IPv4, UDP and ICMP codecs: decode(encode(x)) = x, checksums verified against an
// independent computation, and arbitrary bytes never throw.
import test from 'ava';
import fc from 'fast-check';
import { decodeIcmp, encodeIcmp } from '../engine/net/icmp.ts';
import { decodeIpv4, encodeIpv4 } from '../engine/net/ipv4.ts';
import { decodeUdp, encodeUdp } from '../engine/net/udp.ts';

const ip = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
const bytes = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b));

test('the well-known example IPv4 header gets its published checksum b861', (t) => {
  // The classic header 4500 0073 0000 4000 4011 ---- c0a8 0001 c0a8 00c7 has checksum b861.
  const frame = encodeIpv4({ src: '192.168.0.1', dst: '192.168.0.199', protocol: 17, ttl: 64, id: 0, df: true, tos: 0, payload: Buffer.alloc(0x73 - 20) });
  t.is(frame.subarray(0, 20).toString('hex'), '45000073000040004011b861c0a80001c0a800c7');
});

test('IPv4: decode(encode(p)) = p', (t) => {
  fc.assert(fc.property(ip, ip, fc.nat(255), fc.integer({ min: 1, max: 255 }), fc.nat(0xffff), fc.boolean(), fc.nat(255), bytes, (src, dst, protocol, ttl, id, df, tos, payload) => {
    const p = { src, dst, protocol, ttl, id, df, tos, payload };
    const d = decodeIpv4(encodeIpv4(p));
    return d.ok && JSON.stringify(d.packet) === JSON.stringify(p);
  }));
  t.pass();
});

test('UDP and ICMP: decode(encode(x)) = x; a flipped bit is caught by the checksum', (t) => {
  fc.assert(fc.property(ip, ip, fc.nat(0xffff), fc.nat(0xffff), bytes, fc.nat(2000), (src, dst, sp, dp, payload, flip) => {
    const u = encodeUdp({ srcPort: sp, dstPort: dp, payload }, src, dst);
    const d = decodeUdp(u, src, dst);
    if (!d.ok || d.datagram.srcPort !== sp || d.datagram.dstPort !== dp || !d.datagram.payload.equals(payload)) return false;
    const bad = Buffer.from(u);
    const bit = flip % (bad.length * 8);
    bad[bit >> 3]! ^= 1 << (bit & 7);
    const r = decodeUdp(bad, src, dst);
    // Only a change in the length field may still parse; it must never pass as the same datagram.
    return !r.ok || !(r.datagram.payload.equals(payload) && r.datagram.srcPort === sp && r.datagram.dstPort === dp);
  }));
  fc.assert(fc.property(fc.nat(255), fc.nat(255), fc.nat(0xffff), fc.nat(0xffff), bytes, (type, code, id, seq, data) => {
    const d = decodeIcmp(encodeIcmp({ type, code, id, seq, data }));
    return d.ok && d.message.type === type && d.message.code === code && d.message.id === id && d.message.seq === seq && d.message.data.equals(data);
  }));
  t.pass();
});

test('arbitrary bytes never throw in any decoder', (t) => {
  fc.assert(fc.property(bytes, ip, ip, (b, src, dst) => {
    decodeIpv4(b);
    decodeUdp(b, src, dst);
    decodeIcmp(b);
    return true;
  }), { numRuns: 2000 });
  t.pass();
});
