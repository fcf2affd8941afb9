// The default lab with Edge moved behind a NAT router: two real Devices, their LAN hosts,
// and a port-translating NAT (engine/lab/nat-router.ts) between Edge and Remote, all on
// the in-memory wire with real IPv4 bytes. Remote keeps its seed configuration (its peer
// is 1.1.70.2, now the NAT's public address); Edge sits on 192.168.1.0/24 behind the NAT
// at 192.168.1.1.
//
//   edge-lan-host --[edge-lan]-- Edge 192.168.1.2 --[edge-nat]-- NAT 1.1.70.2 --[nat-remote]-- 1.1.70.1 Remote --[remote-lan]-- remote-lan-host
import { readFileSync } from 'node:fs';
import { Device } from '../engine/device.ts';
import { EndHost } from '../engine/lab/end-host.ts';
import { NatRouter } from '../engine/lab/nat-router.ts';
import { Scheduler } from '../engine/lab/scheduler.ts';
import { Wire } from '../engine/lab/wire.ts';
import { VirtualClock } from '../engine/runtime/clock.ts';
import { SeededRandom } from '../engine/runtime/random.ts';
import { tempDir } from './helpers/config.ts';

export const NAT_INSIDE = '192.168.1.1';
export const NAT_PUBLIC = '1.1.70.2';
export const EDGE_PRIVATE = '192.168.1.2';
export const REMOTE_PUBLIC = '1.1.70.1';
/** The NAT's first outside port: ports are handed out first free from here. */
export const FIRST_NAT_PORT = 31000;

export interface NatLab {
  clock: VirtualClock;
  wire: Wire;
  scheduler: Scheduler;
  edge: Device;
  remote: Device;
  nat: NatRouter;
  edgeHost: EndHost;
  remoteHost: EndHost;
}

const conf = (name: string) => readFileSync(new URL(`../labs/default/${name}.conf`, import.meta.url), 'utf8');

/** Edge's seed configuration, moved behind the NAT: its own address and a default route to the NAT. */
function edgeBehindNat(): string {
  const text = conf('Edge').replace('address 1.1.70.2/28;', `address ${EDGE_PRIVATE}/24;`).replace('route 10.1.210.0/24 next-hop 1.1.70.1;', `route 0.0.0.0/0 next-hop ${NAT_INSIDE};`);
  if (!text.includes(EDGE_PRIVATE) || !text.includes(`next-hop ${NAT_INSIDE}`)) throw new Error('labs/default/Edge.conf changed: update the NAT lab');
  return text;
}

/** Boots the lab and runs it until quiet (the tunnel comes up through the NAT). */
export function bootNatLab(edgeConfig: (text: string) => string = (text) => text): NatLab {
  const clock = new VirtualClock(Date.UTC(2012, 5, 1, 10, 0, 0));
  const wire = new Wire();
  const device = (name: string, config: string) => new Device({ dir: tempDir(), clock, random: new SeededRandom(`nat-lab:${name}`), factoryConfig: config });
  const edge = device('Edge', edgeConfig(edgeBehindNat()));
  const remote = device('Remote', conf('Remote'));
  edge.network.attach('ge-1/0/1', wire.attach('edge-nat', 'Edge:ge-1/0/1'));
  remote.network.attach('ge-1/0/1', wire.attach('nat-remote', 'Remote:ge-1/0/1'));
  edge.network.attach('ge-0/0/0', wire.attach('edge-lan', 'Edge:ge-0/0/0'));
  remote.network.attach('ge-0/0/0', wire.attach('remote-lan', 'Remote:ge-0/0/0'));
  const nat = new NatRouter(
    {
      name: 'nat',
      inside: { segment: 'edge-nat', address: NAT_INSIDE, prefixLength: 24 },
      outside: { segment: 'nat-remote', address: NAT_PUBLIC, prefixLength: 28, gateway: REMOTE_PUBLIC },
      firstPort: FIRST_NAT_PORT,
      idleTimeoutSeconds: 300,
    },
    wire.attach('edge-nat', 'nat:inside'),
    wire.attach('nat-remote', 'nat:outside'),
    clock,
  );
  const host = (name: string, address: string, gateway: string, segment: string) =>
    new EndHost({ name, address, prefixLength: 24, gateway, segment }, wire.attach(segment, `host:${name}`));
  const edgeHost = host('edge-lan-host', '10.1.10.5', '10.1.10.1', 'edge-lan');
  const remoteHost = host('remote-lan-host', '10.1.210.5', '10.1.210.1', 'remote-lan');
  edge.start();
  remote.start();
  const scheduler = new Scheduler(wire, clock);
  const settled = scheduler.runUntilQuiet();
  if (!settled.ok) throw new Error(settled.error);
  return { clock, wire, scheduler, edge, remote, nat, edgeHost, remoteHost };
}
