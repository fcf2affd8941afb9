// The real-network endpoint on loopback: frames a device puts on its segment from the bound
// address to UDP 500/4500 leave through real sockets with their ports intact, and what a real
// peer sends back arrives on the segment as a well-formed IPv4/UDP frame. Ports 500 and 4500
// need root; outside CI the test is skipped without it.
import test from 'ava';
import dgram from 'node:dgram';
import { once } from 'node:events';
import { loadLabFile } from '../engine/lab/lab-file.ts';
import { Lab } from '../engine/lab/lab.ts';
import { RealNetworkBridge } from '../engine/lab/real-network.ts';
import { LiveScheduler } from '../engine/lab/scheduler.ts';
import { Wire } from '../engine/lab/wire.ts';
import { decodeIpv4, encodeIpv4, Protocol } from '../engine/net/ipv4.ts';
import { decodeUdp, encodeUdp } from '../engine/net/udp.ts';
import { tempDir } from './helpers/config.ts';

const root = process.getuid?.() === 0;
const privileged = root || process.env.CI ? test.serial : test.skip;
const ADDRESS = '127.0.0.77'; // Linux answers for all of 127/8; no other test uses this one

function udpFrame(src: string, srcPort: number, dst: string, dstPort: number, payload: Buffer): Buffer {
  return encodeIpv4({ src, dst, protocol: Protocol.UDP, ttl: 64, id: 1, df: false, tos: 0, payload: encodeUdp({ srcPort, dstPort, payload }, src, dst) });
}

function setup() {
  const wire = new Wire();
  const received: Buffer[] = [];
  const device = wire.attach('outside', 'SRX:ge-1/0/1', (frame) => received.push(frame));
  const bridge = new RealNetworkBridge(ADDRESS, wire.attach('outside', `real:${ADDRESS}`));
  const scheduler = new LiveScheduler(wire);
  scheduler.start();
  return { device, bridge, received, stop: () => (scheduler.stop(), bridge.close()) };
}

privileged('a datagram from the bound address leaves from its own port and the answer comes back on the segment', async (t) => {
  const { device, bridge, received, stop } = setup();
  t.teardown(stop);
  await bridge.bound;
  const peer = dgram.createSocket('udp4');
  t.teardown(() => peer.close());
  await new Promise<void>((resolve) => peer.bind(0, '127.0.0.1', resolve));
  const peerPort = peer.address().port;

  for (const port of [500, 4500]) {
    device.send(udpFrame(ADDRESS, port, '127.0.0.1', peerPort, Buffer.from(`hello from ${port}`)));
    const [msg, rinfo] = (await once(peer, 'message')) as [Buffer, dgram.RemoteInfo];
    t.is(msg.toString(), `hello from ${port}`);
    t.deepEqual([rinfo.address, rinfo.port], [ADDRESS, port]);
    peer.send(Buffer.from(`reply to ${port}`), port, ADDRESS);
  }
  while (received.length < 2) await new Promise((r) => setTimeout(r, 10));
  const frames = received.map((f) => {
    const ip = decodeIpv4(f);
    if (!ip.ok) throw new Error(ip.error);
    const udp = decodeUdp(ip.packet.payload, ip.packet.src, ip.packet.dst);
    if (!udp.ok) throw new Error(udp.error);
    return [ip.packet.src, udp.datagram.srcPort, ip.packet.dst, udp.datagram.dstPort, udp.datagram.payload.toString()];
  });
  t.deepEqual(frames, [
    ['127.0.0.1', peerPort, ADDRESS, 500, 'reply to 500'],
    ['127.0.0.1', peerPort, ADDRESS, 4500, 'reply to 4500'],
  ]);
  t.like(bridge.counters, { sent: 2, received: 2, notBridged: 0 });
});

privileged('what UDP sockets cannot carry is counted and not sent (raw ESP, other ports); frames from other sources are not ours', async (t) => {
  const { device, bridge, stop } = setup();
  t.teardown(stop);
  await bridge.bound;
  device.send(encodeIpv4({ src: ADDRESS, dst: '127.0.0.1', protocol: Protocol.ESP, ttl: 64, id: 2, df: false, tos: 0, payload: Buffer.alloc(40, 1) }));
  device.send(udpFrame(ADDRESS, 53, '127.0.0.1', 53, Buffer.from('dns')));
  device.send(udpFrame('10.0.0.1', 500, '127.0.0.1', 500, Buffer.from('not ours')));
  while (bridge.counters.notBridged < 2) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 50));
  t.like(bridge.counters, { sent: 0, notBridged: 2 });
});

privileged('a second bridge on the same address reports the bind failure with the address and port', async (t) => {
  const { bridge, stop } = setup();
  t.teardown(stop);
  await bridge.bound;
  const wire = new Wire();
  const second = new RealNetworkBridge(ADDRESS, wire.attach('x', 'real'));
  t.teardown(() => second.close());
  await t.throwsAsync(second.bound, { message: /cannot bind UDP 127\.0\.0\.77:(500|4500): .*EADDRINUSE/ });
});

test('a virtual lab refuses a real-network endpoint: real peers do not wait for virtual time', async (t) => {
  const r = await loadLabFile('labs/strongswan.yaml');
  if (!r.ok) return t.fail(r.issues.map((i) => i.message).join('\n'));
  t.throws(() => new Lab(r.lab, { stateRoot: tempDir(), mode: 'virtual' }), { message: /real:198\.18\.0\.1: real-network endpoints need a live lab/ });
});
