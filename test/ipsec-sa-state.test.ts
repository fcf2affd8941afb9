// SA states end to end: two mirrored ends carry packets through protect()/unprotect(), and
// each injected fault moves exactly its `show security ipsec statistics` counter.
import test from 'ava';
import fc from 'fast-check';
import type { IpsecSaSnapshot } from '../engine/ike/sa/ipsec-sa.ts';
import { espEncapsulate } from '../engine/ipsec/esp.ts';
import { saProtection, saStatesFromSnapshot } from '../engine/ipsec/from-snapshot.ts';
import { InboundSa, OutboundSa, inboundSelector, type IpsecMode } from '../engine/ipsec/sa-state.ts';
import { emptyIpsecStatistics, ipsecStatistics, type IpsecStatistics } from '../engine/ipsec/statistics.ts';
import { Protocol, decodeIpv4, encodeIpv4 } from '../engine/net/ipv4.ts';
import { SeededRandom } from '../engine/runtime/random.ts';

const EDGE = '1.1.70.2';
const REMOTE = '1.1.70.1';
const ping = (n: number, size = 56) =>
  encodeIpv4({ src: '192.168.10.5', dst: '192.168.20.5', protocol: Protocol.ICMP, ttl: 63, id: n, df: true, tos: 0x10, payload: Buffer.alloc(size, n) });

const KEYLEN: Record<string, number> = { '3des-cbc': 24, 'aes-128-cbc': 16, 'aes-256-gcm': 36, 'hmac-md5-96': 16, 'hmac-sha1-96': 20 };

/** Edge's snapshot and Remote's mirror of it: Edge's outbound SA is Remote's inbound. */
function pair(protocol: 'ESP' | 'AH', encryption: string | undefined, authentication: string | undefined) {
  const keys = (spi: number, fill: number) => ({
    spi,
    spiHex: spi.toString(16),
    encryptionKey: Buffer.alloc(encryption ? KEYLEN[encryption]! : 0, fill),
    integrityKey: Buffer.alloc(authentication ? KEYLEN[authentication]! : 0, fill + 1),
  });
  const snapshot = (inbound: ReturnType<typeof keys>, outbound: ReturnType<typeof keys>): IpsecSaSnapshot => ({
    index: 2,
    vpn: 'TunnelA',
    gateway: 'gw',
    remoteAddress: REMOTE,
    port: 500,
    localPort: 500,
    udpEncapsulated: false,
    role: 'initiator',
    protocol,
    encryptionAlgorithm: encryption,
    authenticationAlgorithm: authentication,
    algorithm: '',
    inbound,
    outbound,
    lifetimeSeconds: 3600,
    remainingSeconds: 3600,
    establishedAt: 0,
    localProxy: '0.0.0.0/0',
    remoteProxy: '0.0.0.0/0',
    counters: { bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0 },
    monitoring: '-',
    vsys: 0,
  });
  const a = keys(0xbafc3b45, 0x10);
  const b = keys(0x5fd07f77, 0x20);
  return { edge: snapshot(a, b), remote: snapshot(b, a) };
}

function ends(protocol: 'ESP' | 'AH', encryption: string | undefined, authentication: string | undefined, mode: IpsecMode = 'tunnel') {
  const { edge, remote } = pair(protocol, encryption, authentication);
  return { edge: saStatesFromSnapshot(edge, mode, new SeededRandom('edge')), remote: saStatesFromSnapshot(remote, mode, new SeededRandom('remote')) };
}

const stats = (...sas: (InboundSa | OutboundSa)[]): IpsecStatistics => ipsecStatistics(sas);

const SUITES: [string, 'ESP' | 'AH', string | undefined, string | undefined][] = [
  ['ESP 3des-cbc/hmac-md5-96', 'ESP', '3des-cbc', 'hmac-md5-96'],
  ['ESP aes-128-cbc/hmac-sha1-96', 'ESP', 'aes-128-cbc', 'hmac-sha1-96'],
  ['ESP aes-256-gcm', 'ESP', 'aes-256-gcm', undefined],
  ['ESP null/hmac-sha1-96', 'ESP', undefined, 'hmac-sha1-96'],
  ['AH hmac-sha1-96', 'AH', undefined, 'hmac-sha1-96'],
];

for (const [name, protocol, enc, auth] of SUITES) {
  test(`${name}: a ping crosses the tunnel both ways, and the counters mirror`, (t) => {
    const { edge, remote } = ends(protocol, enc, auth);
    const sizes = [56, 1400, 0];
    for (const [n, size] of sizes.entries()) {
      const inner = ping(n, size);
      const outer = edge.outbound.protect(inner, EDGE, REMOTE);
      const decoded = decodeIpv4(outer);
      if (!decoded.ok) return t.fail(decoded.error);
      t.like(decoded.packet, { src: EDGE, dst: REMOTE, protocol: protocol === 'ESP' ? 50 : 51, ttl: 64, df: true, tos: 0x10 });
      t.deepEqual(inboundSelector(outer), { protocol: protocol === 'ESP' ? 'esp' : 'ah', spi: edge.outbound.spi });
      t.deepEqual(remote.inbound.unprotect(outer), { ok: true, inner, seq: n + 1 });
      t.deepEqual(edge.inbound.unprotect(remote.outbound.protect(inner, REMOTE, EDGE)), { ok: true, inner, seq: n + 1 });
    }
    const bytes = sizes.reduce((sum, size) => sum + 20 + size, 0);
    const sent = stats(edge.outbound, edge.inbound);
    const received = stats(remote.outbound, remote.inbound);
    if (protocol === 'ESP') {
      t.deepEqual(sent.esp, { encryptedBytes: bytes, decryptedBytes: bytes, encryptedPackets: 3, decryptedPackets: 3 });
      t.deepEqual(sent.ah, emptyIpsecStatistics().ah);
    } else {
      t.deepEqual(sent.ah, { inputBytes: bytes, outputBytes: bytes, inputPackets: 3, outputPackets: 3 });
      t.deepEqual(sent.esp, emptyIpsecStatistics().esp);
    }
    t.deepEqual(received, sent);
    t.deepEqual(sent.errors, emptyIpsecStatistics().errors);
  });
}

for (const [name, protocol, enc, auth] of SUITES) {
  test(`${name}: transport mode keeps the packet's own header and gives it back unchanged`, (t) => {
    const { edge, remote } = ends(protocol, enc, auth, 'transport');
    const packet = encodeIpv4({ src: EDGE, dst: REMOTE, protocol: Protocol.UDP, ttl: 64, id: 7, df: false, tos: 0, payload: Buffer.alloc(33, 9) });
    const outer = edge.outbound.protect(packet, EDGE, REMOTE);
    const decoded = decodeIpv4(outer);
    if (!decoded.ok) return t.fail(decoded.error);
    t.like(decoded.packet, { src: EDGE, dst: REMOTE, id: 7, protocol: protocol === 'ESP' ? 50 : 51 });
    t.deepEqual(remote.inbound.unprotect(outer), { ok: true, inner: packet, seq: 1 });
    t.throws(() => edge.outbound.protect(ping(1), EDGE, REMOTE), { instanceOf: RangeError }, 'not between the endpoints');
    t.deepEqual(remote.inbound.unprotect(edge.outbound.protect(packet, EDGE, REMOTE)), { ok: true, inner: packet, seq: 2 }, 'the refused packet used no sequence number');
  });
}

/** The SA's error counters after feeding it `datagrams`; none may be delivered or counted as traffic. */
function inject(inbound: InboundSa, ...datagrams: Buffer[]): IpsecStatistics['errors'] {
  const traffic = { ...inbound.traffic };
  for (const d of datagrams) if (inbound.unprotect(d).ok) throw new Error('delivered');
  if (inbound.traffic.packets !== traffic.packets || inbound.traffic.bytes !== traffic.bytes) throw new Error('traffic counters moved');
  return stats(inbound).errors;
}
const only = (counter: keyof IpsecStatistics['errors'], n = 1) => ({ ...emptyIpsecStatistics().errors, [counter]: n });

test('ESP faults each move exactly their counter, and nothing is delivered', (t) => {
  const fresh = () => ends('ESP', 'aes-128-cbc', 'hmac-sha1-96');
  {
    const { edge, remote } = fresh();
    const outer = edge.outbound.protect(ping(1), EDGE, REMOTE);
    t.true(remote.inbound.unprotect(outer).ok);
    t.deepEqual(inject(remote.inbound, outer), only('replayErrors'), 'replayed');
  }
  {
    const { edge, remote } = fresh();
    const old = edge.outbound.protect(ping(1), EDGE, REMOTE);
    for (let n = 0; n < 70; n++) remote.inbound.unprotect(edge.outbound.protect(ping(n), EDGE, REMOTE));
    t.deepEqual(inject(remote.inbound, old), only('replayErrors'), 'older than the window');
  }
  {
    const { edge, remote } = fresh();
    const outer = edge.outbound.protect(ping(1), EDGE, REMOTE);
    outer[outer.length - 20] ^= 1; // inside the ciphertext
    t.deepEqual(inject(remote.inbound, outer), only('espAuthenticationFailures'), 'tampered');
  }
  {
    const { edge, remote } = fresh();
    const outer = edge.outbound.protect(ping(1), EDGE, REMOTE);
    const esp = decodeIpv4(outer);
    if (!esp.ok) return t.fail();
    const cut = encodeIpv4({ ...esp.packet, payload: esp.packet.payload.subarray(0, 20) });
    t.deepEqual(inject(remote.inbound, outer.subarray(0, outer.length - 1), cut), only('badHeaders', 2), 'truncated frame, then a whole datagram with a cut ESP packet');
  }
  {
    const { remote } = fresh();
    const udp = encodeIpv4({ src: EDGE, dst: REMOTE, protocol: Protocol.UDP, ttl: 64, id: 1, df: false, tos: 0, payload: Buffer.alloc(40) });
    t.deepEqual(inject(remote.inbound, udp), only('badHeaders'), 'not ESP at all');
    // Another SA's packet: the SA counts it by reason, but no statistics line shows it
    // (the data path, which failed to look the SPI up, owns that count).
    t.deepEqual(inject(remote.inbound, remote.outbound.protect(ping(1), REMOTE, EDGE)), only('badHeaders'), 'unchanged');
    t.is(remote.inbound.errors['unknown-spi'], 1);
  }
  {
    // Authentic, but a tunnel-mode packet whose next header is TCP, not IP-in-IP.
    const { edge, remote } = fresh();
    const p = edge.outbound.params.protection;
    if (p.protocol !== 'esp') return t.fail();
    const esp = espEncapsulate(p, 1, Protocol.TCP, Buffer.alloc(20), new SeededRandom(1));
    const outer = encodeIpv4({ src: EDGE, dst: REMOTE, protocol: Protocol.ESP, ttl: 64, id: 1, df: false, tos: 0, payload: esp });
    t.deepEqual(inject(remote.inbound, outer), only('badTrailers'), 'next header');
  }
});

test('AH faults move the AH authentication, replay and bad-header counters', (t) => {
  const { edge, remote } = ends('AH', undefined, 'hmac-md5-96');
  const outer = edge.outbound.protect(ping(1), EDGE, REMOTE);
  const tampered = Buffer.from(outer);
  tampered[tampered.length - 1] ^= 1;
  t.deepEqual(inject(remote.inbound, tampered), only('ahAuthenticationFailures'));
  t.true(remote.inbound.unprotect(outer).ok);
  t.deepEqual(inject(remote.inbound, outer), { ...only('ahAuthenticationFailures'), replayErrors: 1 });
  t.deepEqual(inject(remote.inbound, outer.subarray(0, 30)), { ...only('ahAuthenticationFailures'), replayErrors: 1, badHeaders: 1 });
});

test('GCM: a tampered packet counts as an ESP authentication failure', (t) => {
  const { edge, remote } = ends('ESP', 'aes-256-gcm', undefined);
  const outer = edge.outbound.protect(ping(1), EDGE, REMOTE);
  outer[40] ^= 4;
  t.deepEqual(inject(remote.inbound, outer), only('espAuthenticationFailures'));
});

test('property: unprotect never throws, and each datagram moves exactly one counter', (t) => {
  const { edge, remote } = ends('ESP', '3des-cbc', 'hmac-sha1-96');
  const valid = edge.outbound.protect(ping(1), EDGE, REMOTE);
  fc.assert(
    fc.property(fc.nat(valid.length), fc.uint8Array({ maxLength: 100 }), (keep, noise) => {
      const count = () => remote.inbound.traffic.packets + Object.values(remote.inbound.errors).reduce((a, b) => a + b, 0);
      const before = count();
      remote.inbound.unprotect(Buffer.concat([valid.subarray(0, keep), Buffer.from(noise)]));
      return count() === before + 1;
    }),
    { numRuns: 2000 },
  );
  t.pass();
});

test('inboundSelector reads nothing from datagrams that are not ESP/AH', (t) => {
  t.is(inboundSelector(Buffer.alloc(10)), undefined);
  t.is(inboundSelector(ping(1)), undefined);
  t.is(inboundSelector(encodeIpv4({ src: EDGE, dst: REMOTE, protocol: Protocol.AH, ttl: 1, id: 1, df: false, tos: 0, payload: Buffer.alloc(7) })), undefined);
});

test('saProtection refuses what no proposal can mean', (t) => {
  const k = { spi: 1, encryptionKey: Buffer.alloc(36), integrityKey: Buffer.alloc(20) };
  t.throws(() => saProtection('esp', 'aes-256-gcm', 'hmac-sha1-96', k), { instanceOf: RangeError });
  t.throws(() => saProtection('esp', 'rot13', undefined, k), { instanceOf: RangeError });
  t.throws(() => saProtection('esp', undefined, undefined, k), { instanceOf: RangeError });
  t.throws(() => saProtection('ah', undefined, undefined, k), { instanceOf: RangeError });
  t.like(saProtection('esp', 'aes-256-gcm', undefined, k), { protocol: 'esp', transform: { kind: 'aead', icvLength: 16 } });
});
