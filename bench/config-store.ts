// Configuration-store figures: a generated configuration of 1,000 route-based VPNs.
import { ConfigStore } from '../engine/config/store.ts';
import { renderCurly } from '../engine/config/render-curly.ts';
import { renderSet } from '../engine/config/render-set.ts';
import { VirtualClock } from '../engine/runtime/clock.ts';
import { SeededRandom } from '../engine/runtime/random.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { measure, type Figure } from './measure.ts';

/** About fifteen statements per VPN: tunnel interface, IKE policy and gateway, VPN, route, zone. */
export function routeBasedVpns(count: number): string[] {
  const lines = [
    'set system host-name Bench',
    'set interfaces ge-1/0/1 unit 0 family inet address 1.1.70.2/28',
    'set security ike proposal p1 authentication-method pre-shared-keys',
    'set security ike proposal p1 dh-group group14',
    'set security ike proposal p1 encryption-algorithm aes-128-cbc',
    'set security ipsec proposal p2 protocol esp',
    'set security ipsec policy ipsec-pol proposals p2',
  ];
  for (let i = 0; i < count; i++) {
    const peer = `100.${64 + (i >> 8)}.${i & 255}.1`;
    lines.push(
      `set interfaces st0 unit ${i} family inet address 10.${i >> 8}.${i & 255}.1/30`,
      `set security ike policy ike-${i} mode main`,
      `set security ike policy ike-${i} proposals p1`,
      `set security ike policy ike-${i} pre-shared-key ascii-text "$9$LbHX-wg4Z"`,
      `set security ike gateway gw-${i} ike-policy ike-${i}`,
      `set security ike gateway gw-${i} address ${peer}`,
      `set security ike gateway gw-${i} dead-peer-detection interval 10`,
      `set security ike gateway gw-${i} dead-peer-detection threshold 5`,
      `set security ike gateway gw-${i} external-interface ge-1/0/1.0`,
      `set security ipsec vpn vpn-${i} bind-interface st0.${i}`,
      `set security ipsec vpn vpn-${i} ike gateway gw-${i}`,
      `set security ipsec vpn vpn-${i} ike ipsec-policy ipsec-pol`,
      `set security ipsec vpn vpn-${i} establish-tunnels immediately`,
      `set routing-options static route 172.${16 + (i >> 8)}.${i & 255}.0/24 next-hop st0.${i}`,
      `set security zones security-zone vpn interfaces st0.${i}`,
    );
  }
  return lines;
}

export function benchConfigStore(): Figure[] {
  const lines = routeBasedVpns(1000);
  const text = lines.join('\n');
  const dir = mkdtempSync(path.join(tmpdir(), 'srxsim-bench-'));
  const store = ConfigStore.open({ dir, clock: new VirtualClock(), random: new SeededRandom(1) });
  const figures: Figure[] = [];
  figures.push(measure(`load set + commit, ${lines.length} statements`, 1, () => {
    const r = store.shared.load('set', text);
    if (!r.ok) throw new Error(JSON.stringify(r.errors[0]));
    const c = store.commit(store.shared, { user: 'bench', client: 'other' });
    if (!c.ok) throw new Error(c.output);
  }));
  figures.push(measure('render curly (whole configuration)', 5, () => renderCurly(store.committed())));
  figures.push(measure('render display set (whole configuration)', 5, () => renderSet(store.committed())));
  const sets = 2000;
  const f = measure(`${sets} interactive set commands on the loaded candidate`, 1, () => {
    for (let i = 0; i < sets; i++) {
      const r = store.shared.set([], [{ text: 'security' }, { text: 'ike' }, { text: 'gateway' }, { text: `gw-${i % 1000}` }, { text: 'nat-keepalive' }, { text: String(1 + (i % 300)) }]);
      if (!r.ok) throw new Error(r.error.message);
    }
  });
  figures.push({ ...f, extra: `${Math.round((sets * 1000) / f.ms)} set/s` });
  rmSync(dir, { recursive: true, force: true });
  return figures;
}
