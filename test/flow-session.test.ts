// Flow sessions on the lab wire: a permitted first packet creates one session per device,
// replies match it (no second policy lookup) and follow its tunnel, sessions time out on
// the lab clock, `clear security flow session` ends them, a denied packet creates none; and
// the exact 12.x text of `show security flow session [summary]`.
import test from 'ava';
import { bootLab } from './helpers/lab.ts';
import type { Lab } from '../engine/lab/lab.ts';
import { VirtualClock } from '../engine/runtime/clock.ts';
import { ICMP_ANSWERED_TIMEOUT, SessionTable, wingKeyOf } from '../engine/flow/session-table.ts';
import { encodeIcmp, IcmpType } from '../engine/net/icmp.ts';
import { formatFlowSessions, formatFlowSessionSummary } from '../modes/flow-session-view.ts';
import { runLines } from './helpers/cli.ts';
import { words } from './helpers/config.ts';

const lab = bootLab;

const lines = (...l: string[]) => `${l.join('\n')}\n`;

function hostPing(l: Lab, dst = '10.1.210.5', seq = 7) {
  const host = l.hosts.get('edge-lan-host')!;
  host.ping(dst, seq);
  l.runUntilQuiet();
  return host;
}

const sessions = (l: Lab, device: string) => l.devices.get(device)!.dataPlane.sessions.list().map((r) => r.session);

function stats(l: Lab, device: string, from: string, to: string, name: string) {
  const dp = l.devices.get(device)!.dataPlane;
  return dp.policyCounters.get(dp.policies.find(from, to, name)!);
}

test('route-based lab: a host ping creates one session on each device with its interfaces and counts', async (t) => {
  const l = await lab('route-based');
  const host = hostPing(l);
  t.is(host.replies.length, 1);
  const [edge, ...moreEdge] = sessions(l, 'Edge');
  const [remote, ...moreRemote] = sessions(l, 'Remote');
  t.deepEqual([moreEdge.length, moreRemote.length], [0, 0]);
  t.like(edge, {
    policy: { name: 'TunnelA-out' },
    in: { source: '10.1.10.5', destination: '10.1.210.5', protocol: 1, sourcePort: 7, destinationPort: 0x4242, interface: 'ge-0/0/0.0', packets: 1, bytes: 84 },
    out: { source: '10.1.210.5', destination: '10.1.10.5', sourcePort: 0x4242, destinationPort: 7, interface: 'st0.0', packets: 1, bytes: 84 },
    timeout: 60,
  });
  t.like(remote, {
    policy: { name: 'TunnelA-in' },
    in: { source: '10.1.10.5', interface: 'st0.0', packets: 1, bytes: 84 },
    out: { source: '10.1.210.5', interface: 'ge-0/0/0.0', packets: 1, bytes: 84 },
  });
  // The reply matched the session: the reverse policy was never looked up, on either device.
  t.like(stats(l, 'Edge', 'Private', 'Public', 'TunnelA-out'), { lookups: 1, sessionsCreated: 1, activeSessions: 1, inputPackets: 1, outputPackets: 1, inputBytes: 84, outputBytes: 84 });
  t.like(stats(l, 'Edge', 'Public', 'Private', 'TunnelA-in'), { lookups: 0, sessionsCreated: 0 });
  t.like(stats(l, 'Remote', 'Public', 'Private', 'TunnelA-in'), { lookups: 1, sessionsCreated: 1 });
  t.like(stats(l, 'Remote', 'Private', 'Public', 'TunnelA-out'), { lookups: 0 });
});

test('default lab (policy-based): the far side\'s clear reply matches the session and goes back into the tunnel', async (t) => {
  const l = await lab('default');
  const host = hostPing(l, '10.1.210.5', 1);
  hostPing(l, '10.1.210.5', 2);
  t.is(host.replies.length, 2);
  const edge = sessions(l, 'Edge');
  const remote = sessions(l, 'Remote');
  t.is(edge.length, 2, 'one session per echo request');
  t.like(edge[0], { policy: { name: 'TunnelA-out', index: 4 }, in: { interface: 'ge-0/0/0.0' }, out: { interface: 'ge-1/0/1.0', packets: 1 }, tunnel: { out: 'TunnelA' } });
  t.like(remote[0], { policy: { name: 'TunnelA-in' }, in: { interface: 'ge-1/0/1.0' }, out: { interface: 'ge-0/0/0.0', packets: 1 }, tunnel: { in: 'TunnelA' } });
  t.like(stats(l, 'Remote', 'Private', 'Public', 'TunnelA-out'), { lookups: 0 });
  const esp = (d: string) => l.devices.get(d)!.dataPlane.statistics().esp;
  t.deepEqual([esp('Remote').encryptedPackets, esp('Edge').decryptedPackets], [2, 2]);
});

test('answered echo sessions close 4 s after the reply; an unanswered one after the ICMP timeout', async (t) => {
  const l = await lab('route-based');
  hostPing(l);
  hostPing(l, '10.1.210.77', 8); // nobody answers behind Remote
  t.is(sessions(l, 'Edge').length, 2);
  l.advance(ICMP_ANSWERED_TIMEOUT * 1000 - 1);
  t.is(sessions(l, 'Edge').length, 2);
  l.advance(1);
  t.deepEqual(sessions(l, 'Edge').map((s) => s.in.destination), ['10.1.210.77']);
  t.like(stats(l, 'Edge', 'Private', 'Public', 'TunnelA-out'), { sessionsCreated: 2, activeSessions: 1, sessionDeletions: 1 });
  l.advance(60_000 - ICMP_ANSWERED_TIMEOUT * 1000 - 1);
  t.is(sessions(l, 'Edge').length, 1);
  l.advance(1);
  t.is(sessions(l, 'Edge').length, 0);
  t.is(sessions(l, 'Remote').length, 0);
  t.like(stats(l, 'Edge', 'Private', 'Public', 'TunnelA-out'), { sessionsCreated: 2, activeSessions: 0, sessionDeletions: 2 });
});

test('clear security flow session removes every session and prints nothing', async (t) => {
  const l = await lab('route-based');
  hostPing(l);
  const edge = l.devices.get('Edge')!;
  t.is(edge.dataPlane.sessions.size, 1);
  const out = await runLines(edge, ['clear security flow session', 'show security flow session']);
  t.is(edge.dataPlane.sessions.size, 0);
  t.is(out, 'Total sessions: 0\n', 'clear prints nothing');
  t.like(stats(l, 'Edge', 'Private', 'Public', 'TunnelA-out'), { activeSessions: 0, sessionDeletions: 1 });
  hostPing(l);
  await runLines(edge, ['clear security flow session all']);
  t.is(edge.dataPlane.sessions.size, 0);
});

test('a packet denied by policy creates no session', async (t) => {
  const l = await lab('route-based');
  const edge = l.devices.get('Edge')!;
  t.true(edge.store.shared.delete([], words('security policies from-zone Private to-zone Public policy TunnelA-out')).ok);
  t.true(edge.store.commit(edge.store.shared, { user: 'admin', client: 'cli' }).ok);
  const host = hostPing(l);
  t.is(host.replies.length, 0);
  t.is(edge.dataPlane.drops.get('policy deny'), 1);
  t.is(edge.dataPlane.sessions.size, 0);
  t.is(edge.dataPlane.sessions.summary().failed, 1);
  t.is(sessions(l, 'Remote').length, 0);
});

test('show security flow session: exact 12.x text for a host ping across the route-based tunnel', async (t) => {
  const l = await lab('route-based');
  hostPing(l);
  l.advance(1000);
  const edge = l.devices.get('Edge')!;
  t.is(
    formatFlowSessions(edge.dataPlane.sessions.list()),
    lines(
      'Session ID: 1, Policy name: TunnelA-out/4, Timeout: 3, Valid',
      '  In: 10.1.10.5/7 --> 10.1.210.5/16962;icmp, If: ge-0/0/0.0, Pkts: 1, Bytes: 84',
      '  Out: 10.1.210.5/16962 --> 10.1.10.5/7;icmp, If: st0.0, Pkts: 1, Bytes: 84',
      'Total sessions: 1',
    ),
  );
  const out = await runLines(edge, ['show security flow session summary']);
  t.true(
    out.includes(
      lines(
        'Unicast-sessions: 1',
        'Multicast-sessions: 0',
        'Failed-sessions: 0',
        'Sessions-in-use: 1',
        '  Valid sessions: 1',
        '  Pending sessions: 0',
        '  Invalidated sessions: 0',
        '  Sessions in other states: 0',
        'Maximum-sessions: 262144',
      ),
    ),
    out,
  );
});

test('empty table, and several sessions separated by a blank line', (t) => {
  t.is(formatFlowSessions([]), 'Total sessions: 0\n');
  const clock = new VirtualClock(0);
  const table = new SessionTable(clock);
  const udp = (sp: number) => ({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 17, payload: Buffer.from([sp >> 8, sp & 0xff, 0, 53, 0, 8, 0, 0]) });
  table.create({ policy: { name: 'p', index: 5 }, key: wingKeyOf(udp(1024)), inInterface: 'ge-0/0/0.0', outInterface: 'ge-0/0/1.0', timeout: 60 }, 40);
  table.create({ policy: { name: 'p', index: 5 }, key: wingKeyOf(udp(1025)), inInterface: 'ge-0/0/0.0', outInterface: 'ge-0/0/1.0', timeout: 60 }, 40);
  t.is(
    formatFlowSessions(table.list()),
    lines(
      'Session ID: 1, Policy name: p/5, Timeout: 60, Valid',
      '  In: 10.0.0.1/1024 --> 10.0.0.2/53;udp, If: ge-0/0/0.0, Pkts: 1, Bytes: 40',
      '  Out: 10.0.0.2/53 --> 10.0.0.1/1024;udp, If: ge-0/0/1.0, Pkts: 0, Bytes: 0',
      '',
      'Session ID: 2, Policy name: p/5, Timeout: 60, Valid',
      '  In: 10.0.0.1/1025 --> 10.0.0.2/53;udp, If: ge-0/0/0.0, Pkts: 1, Bytes: 40',
      '  Out: 10.0.0.2/53 --> 10.0.0.1/1025;udp, If: ge-0/0/1.0, Pkts: 0, Bytes: 0',
      'Total sessions: 2',
    ),
  );
  t.is(formatFlowSessionSummary(table.summary(), 'srx240h2').split('\n')[0], 'Unicast-sessions: 2');
});

test('session table: either wing refreshes the timeout; expiry by timer and lazily; duplicate keys refused', (t) => {
  const clock = new VirtualClock(0);
  const closed: number[] = [];
  const table = new SessionTable(clock, { closed: (s) => closed.push(s.id) });
  const tcp = { src: '10.0.0.1', dst: '10.0.0.2', protocol: 6, payload: Buffer.from([0x9c, 0x40, 0, 22, 0, 0, 0, 0]) };
  const key = wingKeyOf(tcp);
  const s = table.create({ policy: { name: 'p', index: 4 }, key, inInterface: 'a', outInterface: 'b', timeout: 1800 }, 60)!;
  t.truthy(s);
  t.is(table.create({ policy: { name: 'p', index: 4 }, key, inInterface: 'a', outInterface: 'b', timeout: 1800 }, 60), undefined);
  clock.advance(1000_000);
  const reply = table.lookup({ source: '10.0.0.2', destination: '10.0.0.1', protocol: 6, sourcePort: 22, destinationPort: 40000 });
  t.is(reply?.wing, 'out');
  table.count(s, 'out', 52);
  clock.advance(1799_000);
  t.is(table.list()[0]?.remaining, 1);
  t.deepEqual(closed, []);
  clock.advance(1000);
  t.deepEqual(closed, [1]);
  t.is(table.lookup(key), undefined);

  // ICMP: echo request keys on (seq, id), its reply on (id, seq).
  const echo = encodeIcmp({ type: IcmpType.ECHO_REQUEST, code: 0, id: 300, seq: 9, data: Buffer.alloc(8) });
  const echoReply = encodeIcmp({ type: IcmpType.ECHO_REPLY, code: 0, id: 300, seq: 9, data: Buffer.alloc(8) });
  t.like(wingKeyOf({ src: 'a', dst: 'b', protocol: 1, payload: echo }), { sourcePort: 9, destinationPort: 300 });
  t.like(wingKeyOf({ src: 'b', dst: 'a', protocol: 1, payload: echoReply }), { sourcePort: 300, destinationPort: 9 });
});
