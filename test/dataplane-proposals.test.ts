// Tunnels set up differently: on-traffic establishment (the first packet starts IKE and is
// dropped) and an AH proposal (AH counters move, ESP's do not).
import test from 'ava';
import type { Device } from '../engine/device.ts';
import { bootLab } from './helpers/lab.ts';

const defaultLab = () => bootLab('default');

function commit(device: Device, ...lines: string[]): void {
  const load = device.store.shared.load('set', lines.join('\n'));
  if (!load.ok) throw new Error(JSON.stringify(load.errors));
  const r = device.store.commit(device.store.shared, { user: 'admin', client: 'cli' });
  if (!r.ok) throw new Error(r.output);
}

test('an on-traffic VPN starts IKE on the first packet, which is dropped; the next one crosses', async (t) => {
  const l = await defaultLab();
  for (const d of l.devices.values()) commit(d, 'set security ipsec vpn TunnelA establish-tunnels on-traffic');
  l.runUntilQuiet();
  const edge = l.devices.get('Edge')!;
  t.is(edge.ike.ipsecSas().length, 0, 'reconfigured on-traffic: no tunnel until traffic');
  const host = l.hosts.get('edge-lan-host')!;
  host.ping('10.1.210.5', 1);
  l.runUntilQuiet();
  t.is(host.replies.length, 0);
  t.is(edge.dataPlane.drops.get('no SA'), 1);
  t.is(edge.ike.ipsecSas().length, 1, 'the dropped packet brought the tunnel up');
  host.ping('10.1.210.5', 2);
  l.runUntilQuiet();
  t.deepEqual(host.replies.map((r) => r.seq), [2]);
});

test('an AH proposal protects the traffic with AH: AH counters move, ESP counters stay at zero', async (t) => {
  const l = await defaultLab();
  for (const d of l.devices.values()) {
    commit(d,
      'set security ipsec proposal ah-sha1 protocol ah',
      'set security ipsec proposal ah-sha1 authentication-algorithm hmac-sha1-96',
      'delete security ipsec policy ipsec-poll proposals',
      'set security ipsec policy ipsec-poll proposals ah-sha1');
  }
  l.runUntilQuiet();
  const [edge, remote] = [l.devices.get('Edge')!, l.devices.get('Remote')!];
  t.is(edge.ike.ipsecSas()[0]?.algorithm.split(':')[0], 'AH');
  const host = l.hosts.get('edge-lan-host')!;
  for (let seq = 0; seq < 3; seq++) host.ping('10.1.210.5', seq);
  l.runUntilQuiet();
  t.is(host.replies.length, 3);
  t.like(edge.dataPlane.statistics(), { esp: { encryptedPackets: 0 }, ah: { outputPackets: 3, inputPackets: 3 } });
  t.deepEqual(edge.dataPlane.statistics().ah.outputBytes, remote.dataPlane.statistics().ah.inputBytes);
});
