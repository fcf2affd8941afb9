// The lab runtime: devices of a lab file booted with their configurations, deterministic
// per-device randomness, and `ssh ADDRESS` between lab devices.
import test from 'ava';
import { loadLabFile } from '../engine/lab/lab-file.ts';
import { Lab } from '../engine/lab/lab.ts';
import { renderCurly } from '../engine/config/render-curly.ts';
import { tempDir } from './helpers/config.ts';
import { runLines } from './helpers/cli.ts';

async function defaultLab(seed = 1) {
  const r = await loadLabFile('labs/default.yaml');
  if (!r.ok) throw new Error('lab file');
  return new Lab(r.lab, { stateRoot: tempDir(), mode: 'virtual', seed });
}

const run = (lab: Lab, device: string, lines: string[]) => runLines(lab.devices.get(device)!, lines);

test('the default lab boots Edge and Remote with the seed configuration committed', async (t) => {
  const lab = await defaultLab();
  t.deepEqual([...lab.devices.keys()], ['Edge', 'Remote']);
  t.regex(renderCurly(lab.devices.get('Remote')!.store.committed()), /address 1\.1\.70\.2;/);
  t.deepEqual(lab.devices.get('Edge')!.interfaceAddresses(), ['10.1.10.1', '1.1.70.2']);
  t.deepEqual([...lab.ports.keys()].sort(), ['Edge:ge-0/0/0', 'Edge:ge-1/0/1', 'Remote:ge-0/0/0', 'Remote:ge-1/0/1', 'host:edge-lan-host', 'host:remote-lan-host']);
  t.deepEqual(lab.runUntilQuiet(), { ok: true });
});

test('the same seed gives the same secrets; another seed does not', async (t) => {
  const encode = async (seed: number) => {
    const lab = await defaultLab(seed);
    const edge = lab.devices.get('Edge')!;
    edge.store.shared.set([], ['security', 'ike', 'policy', 'p', 'pre-shared-key', 'ascii-text', 'k'].map((text) => ({ text })));
    return edge.store.shared.show([]).match(/ascii-text "(\$9\$[^"]+)"; ## SECRET-DATA\n {8}\}\n {4}\}\n\}\n?$/m)?.[1] ?? edge.store.shared.show([]);
  };
  t.is(await encode(5), await encode(5));
  t.not(await encode(5), await encode(6));
});

test('ssh ADDRESS logs into the lab device owning the address and returns on exit', async (t) => {
  const lab = await defaultLab();
  const out = await run(lab, 'Edge', ['ssh 1.1.70.1', 'show version', 'exit', 'show version', 'ssh 9.9.9.9']);
  t.is(out, [
    'Hostname: Remote',
    'Model: srx240h2',
    'JUNOS Software Release [12.1X44-D10.4]',
    'Connection to 1.1.70.1 closed.',
    'Hostname: Edge',
    'Model: srx240h2',
    'JUNOS Software Release [12.1X44-D10.4]',
    'ssh: connect to host 9.9.9.9 port 22: No route to host',
    '',
  ].join('\n'));
});

test('end hosts and devices exchange real IPv4 on the wire: a host pings its gateway', async (t) => {
  const lab = await defaultLab();
  const host = lab.hosts.get('edge-lan-host')!;
  host.ping('10.1.10.1', 1);
  host.ping('10.1.10.1', 2, 100);
  t.deepEqual(lab.runUntilQuiet(), { ok: true });
  t.deepEqual(host.replies, [{ from: '10.1.10.1', seq: 1, bytes: 56 }, { from: '10.1.10.1', seq: 2, bytes: 100 }]);
  const edge = lab.devices.get('Edge')!;
  t.like(edge.network.counters.get('ge-0/0/0.0'), { inputPackets: 2, outputPackets: 2 });
});

test('UDP between devices reaches a bound port only where host-inbound-traffic allows the service', async (t) => {
  const lab = await defaultLab();
  const edge = lab.devices.get('Edge')!;
  const remote = lab.devices.get('Remote')!;
  const got: string[] = [];
  remote.network.bindUdp(4500, (payload, from, to, ingress) => got.push(`${payload.toString()} ${from.address}:${from.port} -> ${to.address}:${to.port} on ${ingress}`));
  t.true(edge.network.sendUdp({ address: '1.1.70.2', port: 500 }, { address: '1.1.70.1', port: 4500 }, Buffer.from('hello')));
  lab.runUntilQuiet();
  t.deepEqual(got, ['hello 1.1.70.2:500 -> 1.1.70.1:4500 on ge-1/0/1.0']);
  // Without a route there is nothing to send on.
  t.false(edge.network.sendUdp({ address: '1.1.70.2', port: 500 }, { address: '192.0.2.9', port: 500 }, Buffer.from('x')));
  // Take ike (any-service) away from the Public zone: the datagram is dropped and counted.
  const cli = remote.store.shared;
  t.true(cli.delete([], ['security', 'zones', 'security-zone', 'Public', 'host-inbound-traffic'].map((text) => ({ text }))).ok);
  t.true(remote.store.commit(cli, { user: 'admin', client: 'cli' }).ok);
  edge.network.sendUdp({ address: '1.1.70.2', port: 500 }, { address: '1.1.70.1', port: 4500 }, Buffer.from('again'));
  lab.runUntilQuiet();
  t.is(got.length, 1);
  t.is(remote.network.drops.get('host-inbound'), 1);
});

test('show route and show interfaces terse in the seed layout (route-based lab)', async (t) => {
  const r = await loadLabFile('labs/route-based.yaml');
  if (!r.ok) return t.fail();
  const lab = new Lab(r.lab, { stateRoot: tempDir(), mode: 'virtual' });
  lab.advance(25 * 60_000 + 32_000);
  const out = await run(lab, 'Edge', ['show route', 'show interfaces terse st0']);
  t.is(out, [
    'inet.0: 7 destinations, 7 routes (7 active, 0 holddown, 0 hidden)',
    '+ = Active Route, - = Last Active, * = Both',
    '',
    '0.0.0.0/0          *[Static/5] 00:25:32',
    '                    > to 1.1.80.1 via st0.0',
    '1.1.70.0/28        *[Direct/0] 00:25:32',
    '                    > via ge-1/0/1.0',
    '1.1.70.2/32        *[Local/0] 00:25:32',
    '                      Local via ge-1/0/1.0',
    '1.1.80.0/28        *[Direct/0] 00:25:32',
    '                    > via st0.0',
    '1.1.80.2/32        *[Local/0] 00:25:32',
    '                      Local via st0.0',
    '10.1.10.0/24       *[Direct/0] 00:25:32',
    '                    > via ge-0/0/0.0',
    '10.1.10.1/32       *[Local/0] 00:25:32',
    '                      Local via ge-0/0/0.0',
    'Interface               Admin Link Proto    Local                 Remote',
    'st0                     up    up',
    'st0.0                   up    up   inet     1.1.80.2/28',
    '',
  ].join('\n'));
});

test('the default lab brings TunnelA up at start: one IKE SA with the same cookies, mirrored SPIs', async (t) => {
  const lab = await defaultLab();
  t.deepEqual(lab.runUntilQuiet(), { ok: true });
  const [edge, remote] = [lab.devices.get('Edge')!, lab.devices.get('Remote')!];
  const [ei] = edge.ike.ikeSas();
  const [ri] = remote.ike.ikeSas();
  t.is(edge.ike.ikeSas().length, 1);
  t.like(ei, { state: 'UP', mode: 'Main', remoteAddress: '1.1.70.1', initiatorCookie: ri!.initiatorCookie, responderCookie: ri!.responderCookie });
  const [ep] = edge.ike.ipsecSas();
  const [rp] = remote.ike.ipsecSas();
  t.is(edge.ike.ipsecSas().length, 1);
  t.is(ep!.inbound.spiHex, rp!.outbound.spiHex);
  t.is(ep!.outbound.spiHex, rp!.inbound.spiHex);
  t.is(ep!.algorithm, 'ESP:3des/md5');
  t.regex(edge.kmdLog.join('\n'), /IKE Phase-2 Negotiation: Succeeded: vpn TunnelA, .* proxy ID local 10\.1\.10\.0\/24 remote 10\.1\.210\.0\/24/);
});
