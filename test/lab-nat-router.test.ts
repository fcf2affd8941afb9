// The lab's source-NAT router (engine/lab/nat-router.ts): real IPv4 bytes in and out, one
// endpoint-independent mapping per inside address and port, first free port, checksums
// recomputed (a zero UDP checksum kept), portless ESP/AH dropped and counted, an idle
// timeout on the lab clock; and labs/nat-t.yaml, TunnelA through it.
import test from 'ava';
import { loadLabFile, type NatSpec } from '../engine/lab/lab-file.ts';
import { Lab } from '../engine/lab/lab.ts';
import { NatRouter } from '../engine/lab/nat-router.ts';
import { Scheduler } from '../engine/lab/scheduler.ts';
import { Wire, type Endpoint } from '../engine/lab/wire.ts';
import { decodeIcmp, encodeIcmp, IcmpType } from '../engine/net/icmp.ts';
import { decodeIpv4, encodeIpv4, Protocol, type Ipv4Packet } from '../engine/net/ipv4.ts';
import { decodeUdp, encodeUdp } from '../engine/net/udp.ts';
import { VirtualClock } from '../engine/runtime/clock.ts';
import { tempDir } from './helpers/config.ts';

const PC = '192.168.1.10';
const SERVER = '198.51.100.7';
const PUBLIC = '203.0.113.2';

const SPEC: NatSpec = {
  name: 'gw',
  inside: { segment: 'in', address: '192.168.1.1', prefixLength: 24 },
  outside: { segment: 'out', address: PUBLIC, prefixLength: 24, gateway: '203.0.113.1' },
  firstPort: 40000,
  idleTimeoutSeconds: 60,
};

/** A NAT between a PC's segment and the outside, with what each side's other endpoint receives. */
function natBench(spec: Partial<NatSpec> = {}) {
  const clock = new VirtualClock();
  const wire = new Wire();
  const capture = (segment: string, name: string) => {
    const frames: Ipv4Packet[] = [];
    const port = wire.attach(segment, name, (frame) => {
      const d = decodeIpv4(frame);
      if (!d.ok) throw new Error(d.error);
      frames.push(d.packet);
    });
    return { port, frames };
  };
  const pc = capture('in', 'pc');
  const world = capture('out', 'world');
  const nat = new NatRouter({ ...SPEC, ...spec }, wire.attach('in', 'nat:gw:inside'), wire.attach('out', 'nat:gw:outside'), clock);
  const scheduler = new Scheduler(wire, clock);
  /** Sends and delivers; returns what arrived on the other side. */
  const send = (from: { port: Endpoint; frames: Ipv4Packet[] }, to: { frames: Ipv4Packet[] }, p: Partial<Ipv4Packet> & Pick<Ipv4Packet, 'src' | 'dst' | 'protocol' | 'payload'>): Ipv4Packet[] => {
    const before = to.frames.length;
    from.port.send(encodeIpv4({ ttl: 64, id: 7, df: false, tos: 0, ...p }));
    scheduler.runUntilQuiet();
    return to.frames.slice(before);
  };
  return {
    nat,
    scheduler,
    /** Everything the PC and the outside have received. */
    pcFrames: pc.frames,
    worldFrames: world.frames,
    out: (p: Parameters<typeof send>[2]) => send(pc, world, p),
    sendRaw: (frame: Buffer) => (pc.port.send(frame), scheduler.runUntilQuiet()),
    in: (p: Parameters<typeof send>[2]) => send(world, pc, p),
  };
}

const udp = (src: string, srcPort: number, dst: string, dstPort: number, payload = Buffer.from('hello')) => ({
  src,
  dst,
  protocol: Protocol.UDP,
  payload: encodeUdp({ srcPort, dstPort, payload }, src, dst),
});
const ports = (p: Ipv4Packet) => {
  const d = decodeUdp(p.payload, p.src, p.dst);
  if (!d.ok) throw new Error(d.error);
  return [p.src, d.datagram.srcPort, p.dst, d.datagram.dstPort];
};

test('UDP leaves with the public address and the first free port, and the answer comes back in, checksums valid', (t) => {
  const b = natBench();
  const [out] = b.out(udp(PC, 5000, SERVER, 53));
  t.deepEqual(ports(out!), [PUBLIC, 40000, SERVER, 53]);
  t.is(out!.ttl, 63);
  t.not(out!.payload.readUInt16BE(6), 0, 'a checksum, recomputed (decodeUdp checked it)');
  const [back] = b.in(udp(SERVER, 53, PUBLIC, 40000, Buffer.from('answer')));
  t.deepEqual(ports(back!), [SERVER, 53, PC, 5000]);
  t.is(decodeUdp(back!.payload, back!.src, back!.dst).ok && back!.payload.subarray(8).toString(), 'answer');
  t.deepEqual(b.nat.counters, { mappingsCreated: 1, mappingsExpired: 0, translatedOut: 1, translatedIn: 1 });
});

test('one mapping per inside address and port, whatever the destination; anyone may answer through it', (t) => {
  const b = natBench();
  t.deepEqual(ports(b.out(udp(PC, 500, SERVER, 500))[0]!), [PUBLIC, 40000, SERVER, 500]);
  t.deepEqual(ports(b.out(udp(PC, 4500, SERVER, 4500))[0]!), [PUBLIC, 40001, SERVER, 4500]);
  t.deepEqual(ports(b.out(udp(PC, 500, '192.0.2.99', 500))[0]!), [PUBLIC, 40000, '192.0.2.99', 500]);
  t.deepEqual(ports(b.out(udp('192.168.1.11', 500, SERVER, 500))[0]!), [PUBLIC, 40002, SERVER, 500]);
  t.deepEqual(ports(b.in(udp('192.0.2.200', 9, PUBLIC, 40001))[0]!), ['192.0.2.200', 9, PC, 4500]);
  t.deepEqual(b.nat.mappings().map((m) => [m.protocol, m.insideAddress, m.insidePort, m.outsidePort]), [
    ['udp', PC, 500, 40000],
    ['udp', PC, 4500, 40001],
    ['udp', '192.168.1.11', 500, 40002],
  ]);
});

test('a zero UDP checksum (ESP in UDP, RFC 3948) stays zero both ways, the payload untouched', (t) => {
  const b = natBench();
  const esp = Buffer.from('0000c0de00000001aabbccddeeff00112233', 'hex');
  const zero = (p: ReturnType<typeof udp>) => (p.payload.writeUInt16BE(0, 6), p);
  const [out] = b.out(zero(udp(PC, 4500, SERVER, 4500, esp)));
  t.is(out!.payload.readUInt16BE(6), 0);
  t.deepEqual(out!.payload.subarray(8), esp);
  t.deepEqual(ports(out!), [PUBLIC, 40000, SERVER, 4500]);
  const [back] = b.in(zero(udp(SERVER, 4500, PUBLIC, 40000, esp)));
  t.is(back!.payload.readUInt16BE(6), 0);
  t.deepEqual(ports(back!), [SERVER, 4500, PC, 4500]);
});

test('raw ESP and AH have no ports: dropped and counted either way, as is what the NAT does not translate', (t) => {
  const b = natBench();
  const body = Buffer.alloc(32, 1);
  t.deepEqual(b.out({ src: PC, dst: SERVER, protocol: Protocol.ESP, payload: body }), []);
  t.deepEqual(b.out({ src: PC, dst: SERVER, protocol: Protocol.AH, payload: body }), []);
  t.deepEqual(b.in({ src: SERVER, dst: PUBLIC, protocol: Protocol.ESP, payload: body }), []);
  t.deepEqual(b.out({ src: PC, dst: SERVER, protocol: Protocol.TCP, payload: body }), []);
  t.deepEqual([...b.nat.drops], [['ESP: no ports to translate', 2], ['AH: no ports to translate', 1], ['protocol 6 not translated', 1]]);
  t.deepEqual(b.nat.mappings(), []);
});

test('only what is routed through it: on-link inside traffic and outside traffic for others are left alone; unmapped ports are dropped', (t) => {
  const b = natBench();
  t.deepEqual(b.out(udp(PC, 5000, '192.168.1.20', 53)), []);
  t.deepEqual(b.in(udp(SERVER, 53, '203.0.113.9', 5000)), []);
  t.deepEqual(b.in(udp(SERVER, 53, '10.9.9.9', 5000)), []);
  t.is(b.nat.drops.size, 0, 'not ours, so not counted');
  t.deepEqual(b.in(udp(SERVER, 53, PUBLIC, 40000)), []);
  t.deepEqual([...b.nat.drops], [['no mapping', 1]]);
  t.deepEqual(b.nat.counters, { mappingsCreated: 0, mappingsExpired: 0, translatedOut: 0, translatedIn: 0 });
});

test('a frame that does not decode, or UDP with a bad checksum, is dropped as malformed', (t) => {
  const b = natBench();
  const bad = udp(PC, 5000, SERVER, 53);
  bad.payload[9]! ^= 0xff;
  t.deepEqual(b.out(bad), []);
  const frame = encodeIpv4({ ...udp(PC, 5000, SERVER, 53), ttl: 64, id: 1, df: false, tos: 0 });
  frame[12]! ^= 0xff;
  b.sendRaw(frame);
  t.deepEqual([...b.nat.drops], [['malformed', 2]]);
  t.deepEqual(b.nat.mappings(), []);
});

test('a mapping lives while used either way and expires idle-timeout after the last packet; its port is then the first free again', (t) => {
  const b = natBench();
  b.out(udp(PC, 5000, SERVER, 53));
  b.scheduler.advance(59_000);
  t.is(b.in(udp(SERVER, 53, PUBLIC, 40000)).length, 1, 'inbound traffic refreshes it');
  b.scheduler.advance(59_000);
  t.is(b.nat.outsidePort('udp', PC, 5000), 40000);
  b.scheduler.advance(1000);
  t.is(b.nat.outsidePort('udp', PC, 5000), undefined);
  t.deepEqual(b.in(udp(SERVER, 53, PUBLIC, 40000)), []);
  t.is(b.nat.drops.get('no mapping'), 1);
  t.deepEqual(ports(b.out(udp(PC, 6000, SERVER, 53))[0]!), [PUBLIC, 40000, SERVER, 53]);
  t.like(b.nat.counters, { mappingsCreated: 2, mappingsExpired: 1 });
});

test('ICMP echo is mapped by identifier; the router answers pings to its own addresses', (t) => {
  const b = natBench();
  const echo = (type: number, id: number, seq: number) => encodeIcmp({ type, code: 0, id, seq, data: Buffer.alloc(8, seq) });
  const [out] = b.out({ src: PC, dst: SERVER, protocol: Protocol.ICMP, payload: echo(IcmpType.ECHO_REQUEST, 0x4242, 1) });
  const request = decodeIcmp(out!.payload);
  t.like(request, { ok: true, message: { type: IcmpType.ECHO_REQUEST, id: 40000, seq: 1 } });
  t.is(out!.src, PUBLIC);
  const [back] = b.in({ src: SERVER, dst: PUBLIC, protocol: Protocol.ICMP, payload: echo(IcmpType.ECHO_REPLY, 40000, 1) });
  t.like(decodeIcmp(back!.payload), { ok: true, message: { type: IcmpType.ECHO_REPLY, id: 0x4242, seq: 1 } });
  t.is(back!.dst, PC);
  t.is(b.nat.outsidePort('icmp', PC, 0x4242), 40000);
  t.is(b.nat.outsidePort('udp', PC, 0x4242), undefined, 'identifiers and ports are apart');

  t.deepEqual(b.in({ src: SERVER, dst: PUBLIC, protocol: Protocol.ICMP, payload: echo(IcmpType.ECHO_REQUEST, 40000, 3) }), [], 'not passed in: the router answers it');
  const answer = b.worldFrames.at(-1)!;
  t.like(answer, { src: PUBLIC, dst: SERVER });
  t.like(decodeIcmp(answer.payload), { ok: true, message: { type: IcmpType.ECHO_REPLY, id: 40000, seq: 3 } });
  for (const own of ['192.168.1.1', PUBLIC]) {
    t.deepEqual(b.out({ src: PC, dst: own, protocol: Protocol.ICMP, payload: echo(IcmpType.ECHO_REQUEST, 7, 4) }), [], 'answered inside, not sent out');
    const reply = b.pcFrames.at(-1)!;
    t.like(reply, { src: own, dst: PC });
    t.like(decodeIcmp(reply.payload), { ok: true, message: { type: IcmpType.ECHO_REPLY, id: 7, seq: 4 } });
  }
  t.deepEqual(b.out(udp(PC, 5000, '192.168.1.1', 53)), []);
  t.is(b.nat.drops.get('for the router, not a ping'), 1);
});

test('without a gateway only the outside subnet is reachable; a packet with TTL 1 goes no further', (t) => {
  const b = natBench({ outside: { segment: 'out', address: PUBLIC, prefixLength: 24 } });
  t.deepEqual(b.out(udp(PC, 5000, SERVER, 53)), []);
  t.is(b.nat.drops.get('no route'), 1);
  t.is(b.out(udp(PC, 5000, '203.0.113.1', 53)).length, 1);
  t.deepEqual(b.out({ ...udp(PC, 5000, '203.0.113.1', 53), ttl: 1 }), []);
  t.is(b.nat.drops.get('TTL exceeded'), 1);
});

test('when every port from first-port up is taken, new mappings are refused and counted', (t) => {
  const b = natBench({ firstPort: 65535 });
  t.deepEqual(ports(b.out(udp(PC, 1, SERVER, 53))[0]!), [PUBLIC, 65535, SERVER, 53]);
  t.deepEqual(b.out(udp(PC, 2, SERVER, 53)), []);
  t.is(b.nat.drops.get('no free port'), 1);
});

test('labs/nat-t.yaml: TunnelA comes up through nat-gw on 4500, and the LAN hosts ping each other in ESP-in-UDP', async (t) => {
  const r = await loadLabFile('labs/nat-t.yaml');
  if (!r.ok) return t.fail(JSON.stringify(r.issues));
  const lab = new Lab(r.lab, { stateRoot: tempDir(), mode: 'virtual', fresh: true });
  const seen: Ipv4Packet[] = [];
  lab.wire.segment('nat-remote').onFrame.push((frame) => {
    const d = decodeIpv4(frame);
    if (d.ok) seen.push(d.packet);
  });
  t.deepEqual(lab.runUntilQuiet(), { ok: true });
  const nat = lab.nats.get('nat-gw')!;
  t.like(lab.devices.get('Edge')!.ike.ikeSas()[0], { state: 'UP', localAddress: '192.168.1.2', localPort: 4500, remoteAddress: '1.1.70.1', remotePort: 4500 });
  t.like(lab.devices.get('Remote')!.ike.ikeSas()[0], { state: 'UP', remoteAddress: '1.1.70.2', remotePort: 1025, localPort: 4500 });
  t.like(lab.devices.get('Remote')!.ike.ipsecSas()[0], { udpEncapsulated: true, port: 1025 });
  t.deepEqual(nat.mappings().map((m) => [m.insideAddress, m.insidePort, m.outsidePort]), [['192.168.1.2', 500, 1024], ['192.168.1.2', 4500, 1025]]);

  lab.hosts.get('edge-lan-host')!.ping('10.1.210.5', 1);
  lab.hosts.get('remote-lan-host')!.ping('10.1.10.5', 2);
  t.deepEqual(lab.runUntilQuiet(), { ok: true });
  t.deepEqual(lab.hosts.get('edge-lan-host')!.replies.map((x) => x.seq), [1]);
  t.deepEqual(lab.hosts.get('remote-lan-host')!.replies.map((x) => x.seq), [2]);
  t.false(seen.some((p) => p.protocol === Protocol.ESP), 'no raw ESP outside');
  t.true(seen.filter((p) => p.dst === '1.1.70.1').every((p) => p.src === '1.1.70.2'), 'all of Edge leaves as the NAT');
  t.is(lab.devices.get('Edge')!.dataPlane.statistics().esp.decryptedPackets, 2);
});
