// ESP in UDP (RFC 3948): the SA states put ESP inside UDP when NAT traversal asks for it,
// and two Devices with a real NAPT between them (test/dataplane-udp-encap-lab.ts) carry
// a LAN's pings through the tunnel as ESP-in-UDP on port 4500, with every counter moving.
import test from 'ava';
import { NAT_KEEPALIVE, addNonEspMarker } from '../engine/ike/codec/index.ts';
import type { IpsecSaSnapshot } from '../engine/ike/sa/index.ts';
import { saStatesFromSnapshot } from '../engine/ipsec/from-snapshot.ts';
import { inboundSelector } from '../engine/ipsec/sa-state.ts';
import { espInUdp } from '../engine/ipsec/udp-encapsulation.ts';
import { decodeIpv4, encodeIpv4, Protocol, type Ipv4Packet } from '../engine/net/ipv4.ts';
import { decodeUdp, encodeUdp } from '../engine/net/udp.ts';
import { SeededRandom } from '../engine/runtime/random.ts';
import { runLines } from './helpers/cli.ts';
import { bootNatLab, EDGE_PRIVATE, FIRST_NAT_PORT, NAT_PUBLIC, REMOTE_PUBLIC } from './dataplane-udp-encap-lab.ts';

const ping = (n: number) => encodeIpv4({ src: '10.1.10.5', dst: '10.1.210.5', protocol: Protocol.ICMP, ttl: 63, id: n, df: false, tos: 0, payload: Buffer.alloc(64, n) });
const packet = (frame: Buffer): Ipv4Packet => {
  const d = decodeIpv4(frame);
  if (!d.ok) throw new Error(d.error);
  return d.packet;
};

function snapshot(udpEncapsulated: boolean, inbound: number, outbound: number): IpsecSaSnapshot {
  // Keys follow the SPI, so one end's outbound SA matches the other's inbound.
  const keys = (spi: number) => ({ spi, spiHex: spi.toString(16), encryptionKey: Buffer.alloc(16, spi & 0xff), integrityKey: Buffer.alloc(20, spi >> 8) });
  return {
    index: 2, vpn: 'v', gateway: 'gw', remoteAddress: '1.1.70.1', port: 4500, localPort: 4500, udpEncapsulated, role: 'initiator', protocol: 'ESP',
    encryptionAlgorithm: 'aes-128-cbc', authenticationAlgorithm: 'hmac-sha1-96', algorithm: '', inbound: keys(inbound), outbound: keys(outbound),
    lifetimeSeconds: 3600, remainingSeconds: 3600, establishedAt: 0, localProxy: '', remoteProxy: '', counters: { bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0 }, monitoring: '-', vsys: 0,
  };
}

const ends = (udp: boolean) => ({
  edge: saStatesFromSnapshot(snapshot(udp, 0x1112, 0x2234), 'tunnel', new SeededRandom('e')),
  remote: saStatesFromSnapshot(snapshot(udp, 0x2234, 0x1112), 'tunnel', new SeededRandom('r')),
});
const PORTS = { sourcePort: 4500, destinationPort: 31001 };

test('a UDP-encapsulated SA sends IPv4/UDP from its NAT-T port, checksum 0, the ESP packet right after the UDP header', (t) => {
  const { edge, remote } = ends(true);
  const outer = edge.outbound.protect(ping(1), '192.168.1.2', '1.1.70.1', PORTS);
  const p = packet(outer);
  t.like(p, { src: '192.168.1.2', dst: '1.1.70.1', protocol: Protocol.UDP });
  t.is(p.payload.readUInt16BE(0), 4500);
  t.is(p.payload.readUInt16BE(2), 31001);
  t.is(p.payload.readUInt16BE(4), p.payload.length);
  t.is(p.payload.readUInt16BE(6), 0, 'zero UDP checksum (RFC 3948 3.1.2)');
  t.is(p.payload.readUInt32BE(8), 0x2234, 'no marker: the SPI follows the UDP header');
  t.is(p.payload.readUInt32BE(12), 1, 'sequence number');
  // As the peer receives it (on its 4500, from the NAT's port): SPI lookup and decapsulation as for raw ESP.
  const natted = encodeIpv4({ ...p, src: '1.1.70.2', dst: '1.1.70.1', payload: Buffer.concat([Buffer.from([0x79, 0x19, 0x11, 0x94]), p.payload.subarray(4)]) });
  t.deepEqual(inboundSelector(natted), { protocol: 'esp', spi: 0x2234 });
  t.deepEqual(remote.inbound.unprotect(natted), { ok: true, inner: ping(1), seq: 1 });
  t.like(remote.inbound.unprotect(natted), { ok: false, reason: 'replay' });
  t.is(remote.inbound.traffic.packets, 1);
});

test('encapsulation is per SA: raw ESP to a UDP SA, ESP-in-UDP to a raw SA, and ports to the wrong kind are refused', (t) => {
  const udp = ends(true);
  const raw = ends(false);
  const rawOuter = raw.edge.outbound.protect(ping(1), '1.1.70.2', '1.1.70.1');
  t.is(packet(rawOuter).protocol, Protocol.ESP);
  t.like(udp.remote.inbound.unprotect(rawOuter), { ok: false, reason: 'bad-header' });
  t.like(raw.remote.inbound.unprotect(udp.edge.outbound.protect(ping(1), '1.1.70.2', '1.1.70.1', PORTS)), { ok: false, reason: 'bad-header' });
  t.throws(() => udp.edge.outbound.protect(ping(2), '1.1.70.2', '1.1.70.1'), { instanceOf: RangeError });
  t.throws(() => raw.edge.outbound.protect(ping(2), '1.1.70.2', '1.1.70.1', PORTS), { instanceOf: RangeError });
});

test('only non-IKE, non-keepalive UDP to port 4500 is ESP-in-UDP', (t) => {
  const udp = (dstPort: number, payload: Buffer, zeroChecksum = false): Ipv4Packet => {
    const datagram = encodeUdp({ srcPort: 31001, dstPort, payload }, '1.1.70.2', '1.1.70.1');
    if (zeroChecksum) datagram.writeUInt16BE(0, 6);
    return { src: '1.1.70.2', dst: '1.1.70.1', protocol: Protocol.UDP, ttl: 64, id: 1, df: false, tos: 0, payload: datagram };
  };
  const esp = Buffer.from('c0ffee010000000100112233445566778899aabbccddeeff', 'hex');
  t.deepEqual(espInUdp(udp(4500, esp)), esp);
  t.deepEqual(espInUdp(udp(4500, esp, true)), esp);
  t.is(espInUdp(udp(500, esp)), undefined, 'port 500 carries IKE only');
  t.is(espInUdp(udp(4500, addNonEspMarker(Buffer.alloc(28, 1)))), undefined, 'marked IKE');
  t.is(espInUdp(udp(4500, NAT_KEEPALIVE)), undefined, 'keepalive');
  const corrupt = udp(4500, esp);
  corrupt.payload[10]! ^= 0xff;
  t.is(espInUdp(corrupt), undefined, 'bad UDP checksum');
});

// ---- two Devices through a NAPT -------------------------------------------------------------

/** Frames on the NAT's public side, as decoded packets. */
function tapPublic(lab: ReturnType<typeof bootNatLab>): Ipv4Packet[] {
  const seen: Ipv4Packet[] = [];
  lab.wire.segment('nat-remote').onFrame.push((frame) => seen.push(packet(frame)));
  return seen;
}

test('the tunnel comes up through the NAT: both ends on 4500, UDP-encapsulated IPsec SAs with matching SPIs', (t) => {
  const lab = bootNatLab();
  const [edgeIke] = lab.edge.ike.ikeSas();
  const [remoteIke] = lab.remote.ike.ikeSas();
  t.like(edgeIke, { state: 'UP', localAddress: EDGE_PRIVATE, localPort: 4500, remotePort: 4500, nat: { localBehindNat: true, peerBehindNat: false } });
  t.like(remoteIke, { state: 'UP', remoteAddress: NAT_PUBLIC, remotePort: FIRST_NAT_PORT + 1, localPort: 4500, nat: { localBehindNat: false, peerBehindNat: true } });
  const [e] = lab.edge.ike.ipsecSas();
  const [r] = lab.remote.ike.ipsecSas();
  t.like(e, { udpEncapsulated: true, port: 4500, localPort: 4500 });
  t.like(r, { udpEncapsulated: true, port: FIRST_NAT_PORT + 1, localPort: 4500 });
  t.is(e?.inbound.spi, r?.outbound.spi);
  t.is(e?.outbound.spi, r?.inbound.spi);
  t.deepEqual(lab.nat.mappings().map((m) => [`${m.insideAddress}:${m.insidePort}`, m.outsidePort]), [[`${EDGE_PRIVATE}:500`, FIRST_NAT_PORT], [`${EDGE_PRIVATE}:4500`, FIRST_NAT_PORT + 1]]);
  t.true(lab.edge.kmdLog.some((l) => l.includes('IKE negotiation: NAT detected, local behind NAT')));
  t.true(lab.remote.kmdLog.some((l) => l.includes('IKE negotiation: NAT detected, peer behind NAT')));
});

test('pings cross the tunnel both ways as ESP-in-UDP: real bytes on the wire, statistics, SA and flow counters move', (t) => {
  const lab = bootNatLab();
  const seen = tapPublic(lab);
  for (let seq = 0; seq < 4; seq++) lab.edgeHost.ping('10.1.210.5', seq, 100);
  lab.remoteHost.ping('10.1.10.5', 9, 60);
  t.deepEqual(lab.scheduler.runUntilQuiet(), { ok: true });
  t.deepEqual(lab.edgeHost.replies.map((r) => r.seq), [0, 1, 2, 3]);
  t.deepEqual(lab.remoteHost.replies.map((r) => r.seq), [9]);

  t.false(seen.some((p) => p.protocol === Protocol.ESP), 'no raw ESP on the wire');
  // ESP-in-UDP either way: port 4500 on one end, a non-zero SPI right after the UDP header.
  const esp = seen.filter((p) => p.protocol === Protocol.UDP && [p.payload.readUInt16BE(0), p.payload.readUInt16BE(2)].includes(4500) && p.payload.length >= 16 && p.payload.readUInt32BE(8) !== 0);
  t.is(esp.length, 10, '5 requests and 5 replies');
  const [r] = lab.remote.ike.ipsecSas();
  const toRemote = esp.filter((p) => p.dst === REMOTE_PUBLIC);
  t.is(toRemote.length, 5);
  for (const p of toRemote) {
    const udp = decodeUdp(p.payload, p.src, p.dst);
    if (!udp.ok) return t.fail(udp.error);
    t.like(udp.datagram, { srcPort: FIRST_NAT_PORT + 1, dstPort: 4500 });
    t.is(p.payload.readUInt16BE(6), 0);
    t.is(udp.datagram.payload.readUInt32BE(0), r?.inbound.spi);
  }
  for (const p of esp.filter((x) => x.dst === NAT_PUBLIC)) t.deepEqual([p.payload.readUInt16BE(0), p.payload.readUInt16BE(2)], [4500, FIRST_NAT_PORT + 1]);

  const edge = lab.edge.dataPlane.statistics().esp;
  const remote = lab.remote.dataPlane.statistics().esp;
  t.is(edge.encryptedPackets, 5);
  t.deepEqual([edge.encryptedPackets, edge.encryptedBytes], [remote.decryptedPackets, remote.decryptedBytes]);
  t.deepEqual([edge.decryptedPackets, edge.decryptedBytes], [remote.encryptedPackets, remote.encryptedBytes]);
  t.like(lab.remote.ike.ipsecSas()[0]?.counters, { packetsIn: 5, packetsOut: 5 });
  t.like(lab.edge.ike.ipsecSas()[0]?.counters, { packetsIn: 5, packetsOut: 5 });
  t.is(lab.remote.network.flow.get('ge-1/0/1.0')?.vpnPackets, 5, 'ESP-in-UDP counts as VPN packets');
  t.is(lab.edge.network.flow.get('ge-1/0/1.0')?.vpnPackets, 5);
});

test('ESP-in-UDP keeps anti-replay and SPI checks: a replayed and an unknown-SPI datagram are dropped and counted', async (t) => {
  const lab = bootNatLab();
  const seen = tapPublic(lab);
  lab.edgeHost.ping('10.1.210.5', 1);
  lab.scheduler.runUntilQuiet();
  const original = seen.find((p) => p.dst === REMOTE_PUBLIC && espInUdp(p) !== undefined)!;
  const outside = lab.wire.endpoint('nat:outside')!;
  outside.send(encodeIpv4(original));
  lab.scheduler.runUntilQuiet();
  t.like(lab.remote.dataPlane.statistics().errors, { replayErrors: 1 });
  const other = Buffer.from(original.payload);
  other.writeUInt32BE(0xdeadbeef, 8);
  other.writeUInt16BE(0, 6);
  outside.send(encodeIpv4({ ...original, payload: other }));
  lab.scheduler.runUntilQuiet();
  t.is(lab.remote.dataPlane.drops.get('unknown SPI'), 1);
  t.is(lab.remote.network.flow.get('ge-1/0/1.0')?.errors.noSaForSpi, 1);
  t.is(lab.remote.dataPlane.statistics().esp.decryptedPackets, 1);
  t.is(lab.remoteHost.replies.length, 0);
});

test('Edge, behind the NAT, sends a keepalive every 5 s; Remote drops them quietly', (t) => {
  const lab = bootNatLab();
  const seen = tapPublic(lab);
  const before = lab.remote.ike.statistics();
  t.deepEqual(lab.scheduler.advance(16_000), { ok: true });
  const keepalives = seen.filter((p) => p.protocol === Protocol.UDP && p.payload.length === 9 && p.payload[8] === 0xff);
  t.is(keepalives.length, 3);
  for (const k of keepalives) t.deepEqual([k.src, k.payload.readUInt16BE(0), k.dst, k.payload.readUInt16BE(2)], [NAT_PUBLIC, FIRST_NAT_PORT + 1, REMOTE_PUBLIC, 4500]);
  const after = lab.remote.ike.statistics();
  t.deepEqual([after.packetsReceived, after.malformedReceived, after.droppedReceived], [before.packetsReceived, before.malformedReceived, before.droppedReceived]);
  t.false(lab.remote.kmdLog.some((l) => l.includes('dropped')));
});

test('the CLI shows the NAT-T ports: 4500 in the IPsec Port column, Local/Remote ports in the IKE detail', async (t) => {
  const lab = bootNatLab();
  const edge = await runLines(lab.edge, ['show security ipsec security-associations', 'show security ike security-associations detail']);
  t.regex(edge, /<2\s+1\.1\.70\.1\s+4500\s+ESP:3des\/md5/);
  t.regex(edge, />2\s+1\.1\.70\.1\s+4500\s+ESP:3des\/md5/);
  t.true(edge.includes(`  Local: ${EDGE_PRIVATE}:4500, Remote: ${REMOTE_PUBLIC}:4500\n`), edge);
  const remote = await runLines(lab.remote, ['show security ipsec security-associations', 'show security ike security-associations detail']);
  t.regex(remote, new RegExp(`<2\\s+${NAT_PUBLIC.replace(/\./g, '\\.')}\\s+${FIRST_NAT_PORT + 1} ESP:3des/md5`));
  t.true(remote.includes(`  Local: ${REMOTE_PUBLIC}:4500, Remote: ${NAT_PUBLIC}:${FIRST_NAT_PORT + 1}\n`), remote);
});

test('no-nat-traversal on Edge: no float, raw ESP, which this NAT cannot translate', (t) => {
  const lab = bootNatLab((text) => text.replace('external-interface ge-1/0/1.0;', 'no-nat-traversal;\n            external-interface ge-1/0/1.0;'));
  t.like(lab.edge.ike.ikeSas()[0], { state: 'UP', localPort: 500, remotePort: 500 });
  t.like(lab.edge.ike.ipsecSas()[0], { udpEncapsulated: false, port: 500 });
  t.is(lab.nat.outsidePort('udp', EDGE_PRIVATE, 4500), undefined);
  lab.edgeHost.ping('10.1.210.5', 1);
  lab.scheduler.runUntilQuiet();
  t.is(lab.edgeHost.replies.length, 0);
  t.true(lab.nat.drops.get('ESP: no ports to translate')! > 0);
});

test('the NAT loses its mapping: replies are lost until an IKE message (DPD) shows the new port, then ESP follows it', (t) => {
  const lab = bootNatLab();
  lab.nat.clearMappings(); // a NAT reboot: Edge's next datagrams get new outside ports
  lab.edgeHost.ping('10.1.210.5', 1);
  lab.scheduler.runUntilQuiet();
  t.is(lab.edgeHost.replies.length, 0, 'the reply went to the old port');
  t.is(lab.remote.dataPlane.statistics().esp.decryptedPackets, 1, 'inbound ESP-in-UDP is accepted from any port');
  // Edge heard nothing back: its DPD probe (interval 20 s) comes through the new mapping.
  t.deepEqual(lab.scheduler.advance(25_000), { ok: true });
  const newPort = lab.nat.outsidePort('udp', EDGE_PRIVATE, 4500);
  t.is(newPort, FIRST_NAT_PORT, 'the first free port again: the rebooted NAT forgot them all');
  t.like(lab.remote.ike.ikeSas()[0], { remotePort: newPort });
  t.like(lab.remote.ike.ipsecSas()[0], { port: newPort });
  t.true(lab.remote.kmdLog.some((l) => l.endsWith(`IKE peer ${NAT_PUBLIC}: NAT mapping changed, remote port ${FIRST_NAT_PORT + 1} -> ${newPort} [gateway ike-phase1-gateway]`)), lab.remote.kmdLog.join('\n'));
  lab.edgeHost.ping('10.1.210.5', 2);
  lab.scheduler.runUntilQuiet();
  t.deepEqual(lab.edgeHost.replies.map((r) => r.seq), [2]);
});
