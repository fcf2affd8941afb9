// IKE figures: complete Main Mode + Quick Mode (with PFS) negotiations per second between two
// engines in one process, for MODP 1024 (group2) and MODP 2048 (group14).
import { IkeEngine, type Peer } from '../engine/ike/sa/index.ts';
import type { DhGroupName, GatewayConfig, VpnConfig } from '../engine/ike/policy/index.ts';
import { VirtualClock } from '../engine/runtime/clock.ts';
import { SeededRandom } from '../engine/runtime/random.ts';
import { measure, type Figure } from './measure.ts';

function tunnel(group: DhGroupName, seed: number): void {
  const clock = new VirtualClock();
  const queue: { to: 'A' | 'B'; datagram: Buffer }[] = [];
  const engine = (side: 'A' | 'B') =>
    new IkeEngine({ clock, random: new SeededRandom(`${seed}${side}`), send: (datagram) => queue.push({ to: side === 'A' ? 'B' : 'A', datagram }) });
  const a = engine('A');
  const b = engine('B');
  const config = (local: string, peer: string): [GatewayConfig[], VpnConfig[]] => [
    [{
      name: 'gw', address: peer, localAddress: local,
      policy: {
        mode: 'main', preSharedKey: Buffer.from('bench'),
        proposals: [{ name: 'p1', authenticationMethod: 'pre-shared-keys', dhGroup: group, authenticationAlgorithm: 'sha1', encryptionAlgorithm: 'aes-128-cbc', lifetimeSeconds: 28800 }],
      },
    }],
    [{ name: 'vpn', gateway: 'gw', establishTunnels: 'on-traffic', policy: { pfsGroup: group, proposals: [{ name: 'p2', protocol: 'esp', encryptionAlgorithm: 'aes-128-cbc', authenticationAlgorithm: 'hmac-sha1-96', lifetimeSeconds: 3600 }] } }],
  ];
  a.configure(...config('10.0.0.1', '10.0.0.2'));
  b.configure(...config('10.0.0.2', '10.0.0.1'));
  a.initiate('vpn');
  const from: Record<'A' | 'B', Peer> = { A: { address: '10.0.0.2', port: 500 }, B: { address: '10.0.0.1', port: 500 } };
  for (let item = queue.shift(); item; item = queue.shift()) (item.to === 'A' ? a : b).receive(item.datagram, from[item.to]);
  if (a.ipsecSas().length !== 1 || b.ipsecSas().length !== 1) throw new Error('tunnel did not come up');
}

export function benchIke(): Figure[] {
  const count = 100;
  return (['group2', 'group14'] as const).map((group) => {
    tunnel(group, -1); // builds the group's cached DH object outside the measurement
    let seed = 0;
    const f = measure(`${count} × Main Mode + Quick Mode with PFS, ${group === 'group2' ? 'MODP 1024' : 'MODP 2048'}`, 1, () => {
      for (let i = 0; i < count; i++) tunnel(group, seed++);
    });
    return { ...f, extra: `${Math.round((count * 1000) / f.ms)} negotiations/s` };
  });
}
