// The packet path of the seed's "Traffic Processing" slide, end to end on the lab wire:
// hosts behind Edge and Remote reach each other through TunnelA, and replayed, tampered,
// truncated and unknown-SPI ESP packets move exactly their counter and deliver nothing.
import test from 'ava';
import { bootLab } from './helpers/lab.ts';
import { decodeIpv4, encodeIpv4, Protocol } from '../engine/net/ipv4.ts';
import { words } from './helpers/config.ts';

const lab = bootLab;

for (const name of ['default', 'route-based']) {
  test(`${name} lab: a host's ping crosses the tunnel and is answered; each side's encrypted count is the other's decrypted`, async (t) => {
    const l = await lab(name);
    const host = l.hosts.get('edge-lan-host')!;
    for (let seq = 0; seq < 4; seq++) host.ping('10.1.210.5', seq, 100);
    t.deepEqual(l.runUntilQuiet(), { ok: true });
    t.deepEqual(host.replies.map((r) => [r.from, r.seq]), [0, 1, 2, 3].map((s) => ['10.1.210.5', s]));
    const edge = l.devices.get('Edge')!.dataPlane.statistics().esp;
    const remote = l.devices.get('Remote')!.dataPlane.statistics().esp;
    t.is(edge.encryptedPackets, 4);
    t.deepEqual([edge.encryptedPackets, edge.encryptedBytes], [remote.decryptedPackets, remote.decryptedBytes]);
    t.deepEqual([edge.decryptedPackets, edge.decryptedBytes], [remote.encryptedPackets, remote.encryptedBytes]);
  });
}

test('replayed, tampered, truncated and unknown-SPI ESP packets are dropped and counted', async (t) => {
  const l = await lab('default');
  const esp: Buffer[] = [];
  l.wire.segment('edge-remote').onFrame.push((frame) => {
    const d = decodeIpv4(frame);
    if (d.ok && d.packet.protocol === Protocol.ESP && d.packet.src === '1.1.70.2') esp.push(Buffer.from(frame));
  });
  const host = l.hosts.get('edge-lan-host')!;
  host.ping('10.1.210.5', 1);
  l.runUntilQuiet();
  t.is(host.replies.length, 1);
  const original = esp[0]!;
  const packet = (decodeIpv4(original) as { ok: true; packet: Parameters<typeof encodeIpv4>[0] }).packet;
  const edgePort = l.ports.get('Edge:ge-1/0/1')!;
  const remote = l.devices.get('Remote')!.dataPlane;
  const inject = (frame: Buffer) => {
    edgePort.send(frame);
    l.runUntilQuiet();
  };

  inject(original);
  t.like(remote.statistics().errors, { replayErrors: 1, espAuthenticationFailures: 0 });

  // A fresh sequence number passes the replay window; the ICV no longer matches.
  const tampered = Buffer.from(packet.payload);
  tampered.writeUInt32BE(1000, 4);
  inject(encodeIpv4({ ...packet, payload: tampered }));
  t.like(remote.statistics().errors, { replayErrors: 1, espAuthenticationFailures: 1 });

  inject(encodeIpv4({ ...packet, payload: packet.payload.subarray(0, 6) }));
  t.like(remote.statistics().errors, { badHeaders: 1 });

  const otherSpi = Buffer.from(packet.payload);
  otherSpi.writeUInt32BE(0xdeadbeef, 0);
  inject(encodeIpv4({ ...packet, payload: otherSpi }));
  t.is(remote.drops.get('unknown SPI'), 1);

  t.is(remote.statistics().esp.decryptedPackets, 1, 'only the original was ever decrypted');
  t.is(host.replies.length, 1, 'nothing injected reached the far host');
});

test('a ping blocked by policy, and one with no route, fail and say why', async (t) => {
  const l = await lab('default');
  const edge = l.devices.get('Edge')!;
  const host = l.hosts.get('edge-lan-host')!;
  host.ping('172.16.9.9', 1);
  l.runUntilQuiet();
  t.is(edge.dataPlane.drops.get('no route'), 1);
  t.true(edge.store.shared.delete([], words('security policies from-zone Private to-zone Public policy TunnelA-out')).ok);
  t.true(edge.store.commit(edge.store.shared, { user: 'admin', client: 'cli' }).ok);
  host.ping('10.1.210.5', 2);
  l.runUntilQuiet();
  t.is(host.replies.length, 0);
  t.is(edge.dataPlane.drops.get('policy deny'), 1);
  t.is(edge.dataPlane.statistics().esp.encryptedPackets, 0);
});

test('a reject policy drops the packet and tells the sender (ICMP administratively prohibited)', async (t) => {
  const l = await lab('default');
  const edge = l.devices.get('Edge')!;
  t.true(edge.store.shared.set([], words('security policies from-zone Private to-zone Public policy TunnelA-out then reject')).ok);
  t.true(edge.store.commit(edge.store.shared, { user: 'admin', client: 'cli' }).ok);
  const host = l.hosts.get('edge-lan-host')!;
  host.ping('10.1.210.5', 1);
  l.runUntilQuiet();
  t.is(host.replies.length, 0);
  t.deepEqual(host.unreachable, [{ from: '10.1.10.1', code: 13 }]);
  t.is(edge.dataPlane.drops.get('policy reject'), 1);
});

test('clear traffic matching the pair policy of a tunnel is dropped as No tunnel found, not looped', async (t) => {
  const l = await lab('default');
  const remote = l.devices.get('Remote')!;
  // Edge's own ping leaves in clear (self-traffic takes no policy); at Remote it matches the
  // Public->Private tunnel policy but did not come out of TunnelA.
  const edge = l.devices.get('Edge')!;
  edge.network.ping('10.1.210.5', { id: 7, seq: 1, size: 56, source: '10.1.10.1' }, () => t.fail('no reply expected'));
  t.deepEqual(l.runUntilQuiet(), { ok: true });
  t.is(remote.dataPlane.drops.get('no tunnel'), 1);
  t.is(remote.network.flow.get('ge-1/0/1.0')?.errors.noTunnel, 1);
});
