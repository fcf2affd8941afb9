// `show interfaces [NAME] [detail|extensive]`: traffic, local/transit and flow statistics
// moved by real packets in the virtual labs, and the Junos text of one interface.
import test from 'ava';
import { bootLab } from './helpers/lab.ts';
import { runLines } from './helpers/cli.ts';
import { words } from './helpers/config.ts';

const lab = bootLab;

test('route-based lab: a host ping through the tunnel counts as st0.0 transit traffic and flow input', async (t) => {
  const l = await lab('route-based');
  const host = l.hosts.get('edge-lan-host')!;
  for (let seq = 0; seq < 3; seq++) host.ping('10.1.210.5', seq, 100);
  l.runUntilQuiet();
  t.is(host.replies.length, 3);
  const edge = l.devices.get('Edge')!.network;
  // 100 data bytes + 8 ICMP + 20 IP = 128 per packet, in clear on st0.0.
  t.like(edge.counters.get('st0.0'), { outputPackets: 3, outputBytes: 384, inputPackets: 3, inputBytes: 384, localInputPackets: 0, localOutputPackets: 0 });
  t.like(edge.flow.get('ge-0/0/0.0'), { icmpPackets: 3, connections: 3, bytesPermitted: 384 });
  t.like(edge.flow.get('st0.0'), { icmpPackets: 3, bytesPermitted: 384, outputBytesPermitted: 384, connections: 0, selfPackets: 0 });
  t.like(edge.flow.get('ge-1/0/1.0'), { vpnPackets: 3 });
  const remote = l.devices.get('Remote')!.network;
  t.like(remote.counters.get('st0.0'), { inputPackets: 3, outputPackets: 3, localInputPackets: 0 });
  t.like(remote.flow.get('st0.0'), { connections: 3, icmpPackets: 3 });
  t.is(edge.flow.get('ge-0/0/0.0')!.errors.policyDenied, 0);
});

test('default lab: no route and policy deny count as flow errors on the ingress ge-0/0/0.0', async (t) => {
  const l = await lab('default');
  const edge = l.devices.get('Edge')!;
  const host = l.hosts.get('edge-lan-host')!;
  host.ping('172.16.9.9', 1);
  l.runUntilQuiet();
  const errors = () => edge.network.flow.get('ge-0/0/0.0')!.errors;
  t.like(errors(), { noRoute: 1, policyDenied: 0 });
  t.true(edge.store.shared.delete([], words('security policies from-zone Private to-zone Public policy TunnelA-out')).ok);
  t.true(edge.store.commit(edge.store.shared, { user: 'admin', client: 'cli' }).ok);
  host.ping('10.1.210.5', 2);
  l.runUntilQuiet();
  t.is(host.replies.length, 0);
  t.like(errors(), { noRoute: 1, policyDenied: 1, authenticationFailed: 0 });
  t.is(edge.network.flow.get('ge-1/0/1.0')?.errors.policyDenied ?? 0, 0, 'only the ingress interface counts it');
  const out = await runLines(edge, ['show interfaces ge-0/0/0.0 detail | match "No route|Policy denied"']);
  t.true(out.includes('      No route present:        1\n      Policy denied:           1\n'));
});

test('default lab: an unknown SPI counts as "No SA for incoming SPI" on ge-1/0/1.0, a tampered packet only in ipsec statistics', async (t) => {
  const l = await lab('default');
  const host = l.hosts.get('edge-lan-host')!;
  const frames: Buffer[] = [];
  l.wire.segment('edge-remote').onFrame.push((f) => frames.push(Buffer.from(f)));
  host.ping('10.1.210.5', 1);
  l.runUntilQuiet();
  const esp = frames.find((f) => f[9] === 50 && f.subarray(12, 16).equals(Buffer.from([1, 1, 70, 2])))!;
  const port = l.ports.get('Edge:ge-1/0/1')!;
  const other = Buffer.from(esp);
  other.writeUInt32BE(0xdeadbeef, 20);
  port.send(other);
  const tampered = Buffer.from(esp);
  tampered.writeUInt32BE(1000, 24);
  port.send(tampered);
  l.runUntilQuiet();
  const remote = l.devices.get('Remote')!;
  t.like(remote.network.flow.get('ge-1/0/1.0')!.errors, { noSaForSpi: 1, authenticationFailed: 0 });
  t.is(remote.dataPlane.statistics().errors.espAuthenticationFailures, 1);
});

test('show interfaces NAME detail: the exact Junos text of a logical interface', async (t) => {
  const l = await lab('default');
  l.hosts.get('edge-lan-host')!.ping('172.16.9.9', 1);
  l.runUntilQuiet();
  const out = await runLines(l.devices.get('Edge')!, ['show interfaces ge-0/0/0.0 detail']);
  const errors = [
    '      Address spoofing:        0',
    '      Authentication failed:   0',
    '      Incoming NAT errors:     0',
    '      Invalid zone received packet: 0',
    '      Multiple user authentications: 0',
    '      Multiple incoming NAT:   0',
    '      No parent for a gate:    0',
    '      No one interested in self packets: 0',
    '      No minor session:        0',
    '      No more sessions:        0',
    '      No NAT gate:             0',
    '      No route present:        1',
    '      No SA for incoming SPI:  0',
    '      No tunnel found:         0',
    '      No session for a gate:   0',
    '      No zone or NULL zone binding 0',
    '      Policy denied:           0',
    '      Security association not active: 0',
    '      TCP sequence number out of window: 0',
    '      Syn-attack protection:   0',
    '      User authentication errors: 0',
  ];
  t.is(
    out,
    [
      '  Logical interface ge-0/0/0.0 (Index 65) (SNMP ifIndex 541) (Generation 181)',
      '    Flags: SNMP-Traps Encapsulation: ENET2',
      '    Traffic statistics:',
      '     Input bytes   :          84',
      '     Output bytes  :           0',
      '     Input packets :           1',
      '     Output packets:           0',
      '    Local statistics:',
      '     Input bytes   :           0',
      '     Output bytes  :           0',
      '     Input packets :           0',
      '     Output packets:           0',
      '    Transit statistics:',
      '     Input bytes   :          84          0 bps',
      '     Output bytes  :           0          0 bps',
      '     Input packets :           1          0 pps',
      '     Output packets:           0          0 pps',
      '    Security: Zone: Private',
      '    Flow Statistics :',
      '    Flow Input statistics :',
      '      Self packets :           0',
      '      ICMP packets :           1',
      '      VPN packets :            0',
      '      Multicast packets :      0',
      '      Bytes permitted by policy : 0',
      '      Connections established : 0',
      '    Flow Output statistics:',
      '      Multicast packets :      0',
      '      Bytes permitted by policy : 0',
      '    Flow error statistics (Packets dropped due to):',
      ...errors,
      '    Protocol inet, MTU: 1500, Generation: 201, Route table: 0',
      '      Flags: None',
      '      Addresses, Flags: Is-Preferred Is-Primary',
      '        Destination: 10.1.10/24, Local: 10.1.10.1, Broadcast: 10.1.10.255,',
      '        Generation: 221',
      '',
    ].join('\n'),
  );
});

test('show interfaces: options in either order, brief default, extensive error counters, unknown names', async (t) => {
  const l = await lab('route-based');
  const edge = l.devices.get('Edge')!;
  const [a, b] = [await runLines(edge, ['show interfaces detail st0']), await runLines(edge, ['show interfaces st0 detail'])];
  t.is(a, b);
  t.regex(a, /^Physical interface: st0, Enabled, Physical link is Up\n  Interface index: \d+, SNMP ifIndex: \d+, Generation: \d+\n/);
  const brief = await runLines(edge, ['show interfaces ge-1/0/1']);
  t.regex(brief, /^Physical interface: ge-1\/0\/1, Enabled, Physical link is Up\n/);
  t.false(brief.includes('Flow Statistics'));
  t.true(brief.includes('  Logical interface ge-1/0/1.0 '));
  const ext = await runLines(edge, ['show interfaces extensive ge-1/0/1']);
  t.regex(ext, /  Input errors:\n    Errors: 0, Drops: 0, /);
  t.true(ext.includes('Flow error statistics (Packets dropped due to):'));
  t.is(await runLines(edge, ['show interfaces ge-9/9/9 detail']), 'error: device ge-9/9/9 not found\n');
  t.is(await runLines(edge, ['show interfaces terse st0']), await runLines(edge, ['show interfaces st0 terse']));
});
