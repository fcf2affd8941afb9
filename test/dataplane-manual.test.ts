// Manual-key VPNs use the configured SPI and keys in both directions; a key of the wrong
// length is refused and logged, never guessed at.
import test from 'ava';
import type { Device } from '../engine/device.ts';
import { bootLab } from './helpers/lab.ts';

function commit(device: Device, lines: string[]): void {
  const load = device.store.shared.load('set', lines.join('\n'));
  if (!load.ok) throw new Error(JSON.stringify(load.errors));
  const r = device.store.commit(device.store.shared, { user: 'admin', client: 'cli' });
  if (!r.ok) throw new Error(r.output);
}

const manual = (peer: string, encKey: string) => [
  `set security ipsec vpn TunnelA manual gateway ${peer} external-interface ge-1/0/1.0 protocol esp spi 300`,
  'set security ipsec vpn TunnelA manual authentication algorithm hmac-sha1-96',
  'set security ipsec vpn TunnelA manual authentication key ascii-text "sha1-key-of-20-bytes"',
  'set security ipsec vpn TunnelA manual encryption algorithm 3des-cbc',
  `set security ipsec vpn TunnelA manual encryption key ascii-text "${encKey}"`,
];

test('a manual-key VPN carries traffic with the configured SPI and keys', async (t) => {
  const l = await bootLab('default');
  const [edge, remote] = [l.devices.get('Edge')!, l.devices.get('Remote')!];
  commit(edge, manual('1.1.70.1', '3des-key-of-24-bytes-xyz'));
  commit(remote, manual('1.1.70.2', '3des-key-of-24-bytes-xyz'));
  l.runUntilQuiet();
  t.is(edge.ike.ipsecSas().length, 0, 'no IKE for a manual VPN');
  const host = l.hosts.get('edge-lan-host')!;
  for (let seq = 0; seq < 3; seq++) host.ping('10.1.210.5', seq);
  l.runUntilQuiet();
  t.is(host.replies.length, 3);
  t.like(edge.dataPlane.statistics().esp, { encryptedPackets: 3, decryptedPackets: 3 });
  // An unrelated commit keeps the SA's state: sequence numbers go on, no replay errors.
  commit(edge, ['set system host-name Edge2']);
  host.ping('10.1.210.5', 9);
  l.runUntilQuiet();
  t.is(host.replies.length, 4);
  t.is(remote.dataPlane.statistics().errors.replayErrors, 0);
});

test('a manual key of the wrong length is refused with the reason in the kmd log', async (t) => {
  const l = await bootLab('default');
  const edge = l.devices.get('Edge')!;
  commit(edge, manual('1.1.70.1', 'too-short'));
  t.regex(edge.kmdLog.join('\n'), /manual SA for VPN TunnelA not installed: 3des-cbc needs a 24-byte key, the configured one has 9/);
});
