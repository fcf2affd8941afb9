// `monitor traffic interface IF ...` through the Junos interpreter on a lab device: the
// tcpdump banner Junos prints, a pcap in the file area (`file list /var/tmp` shows it) with
// the Routing Engine's frames on the interface's segment (IKE, the devices' pings; not the
// tunnel's ESP), one-line summaries without write-file, the option errors, and Ctrl-C.
// Traffic comes from timers set on the lab's virtual clock, which the command's waiting
// moves forward.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import type { Lab } from '../engine/lab/lab.ts';
import { encodeIpv4, Protocol } from '../engine/net/ipv4.ts';
import { encodeUdp } from '../engine/net/udp.ts';
import { JunosCli } from '../modes/junos-cli.ts';
import { routingEngineSees } from '../modes/monitor-traffic.ts';
import { TrafficPrinter, timestamp } from '../modes/monitor-traffic-line.ts';
import { Session } from '../shell/session.ts';
import { onlyWithTshark, parsePcap, tsharkFields } from './helpers/capture.ts';
import { labDevice, runLines } from './helpers/cli.ts';
import { bootLab } from './helpers/lab.ts';

const START = Date.UTC(2012, 5, 1, 10, 0, 0);

/** The ICMP identifiers of Edge's ping of Remote and Remote's ping of Edge. */
const EDGE_PING = 7;
const REMOTE_PING = 9;

/**
 * The Routing Engine's traffic on Edge's ge-1/0/1 among transit: the LAN host pings through
 * the tunnel (ESP on ge-1/0/1) at +1 s and +3 s; at +2 s Edge clears its IKE and IPsec SAs
 * (`clear security ike|ipsec security-associations`): the IKE Delete, then Main Mode and
 * Quick Mode for new ones; Edge pings Remote at +2.5 s and Remote pings Edge at +3.5 s.
 */
function scheduleTraffic(lab: Lab): void {
  const host = lab.hosts.get('edge-lan-host')!;
  const edge = lab.devices.get('Edge')!;
  lab.clock.setTimer(1000, () => host.ping('10.1.210.5', 0));
  lab.clock.setTimer(2000, () => {
    edge.ike.clearIke();
    edge.ike.clearIpsec();
  });
  lab.clock.setTimer(2500, () => edge.network.ping('1.1.70.1', { id: EDGE_PING, seq: 0, size: 56 }, () => {}));
  lab.clock.setTimer(3000, () => host.ping('10.1.210.5', 1));
  lab.clock.setTimer(3500, () => lab.devices.get('Remote')!.network.ping('1.1.70.2', { id: REMOTE_PING, seq: 0, size: 56 }, () => {}));
}

/** What `show security ipsec statistics | match packets` shows after the LAN host's two pings. */
const TWO_PINGS_OF_ESP = ['  Encrypted packets:    2', '  Decrypted packets:    2', '  Input packets:        0', '  Output packets:       0'];

/** The file `name` in Edge's /var/tmp, where the file area keeps it. */
const varTmp = (lab: Lab, name: string) => lab.devices.get('Edge')!.files.diskPath(`/var/tmp/${name}`)!;

test('write-file: the Junos banner, the Routing Engine\'s frames in a pcap under /var/tmp, and the count when it stops', async (t) => {
  const lab = await bootLab('default');
  scheduleTraffic(lab);
  const out = await runLines(lab.devices.get('Edge')!, ['monitor traffic interface ge-1/0/1 size 1500 count 14 write-file /var/tmp/tunnel.pcap', 'file list /var/tmp']);
  t.is(out, [
    'Address resolution is ON. Use <no-resolve> to avoid any reverse lookup delay.',
    'Address resolution timeout is 4s.',
    'Listening on ge-1/0/1, capture size 1500 bytes',
    '',
    '14 packets received by filter',
    '0 packets dropped by kernel',
    '/var/tmp/:',
    'tunnel.pcap',
    '',
  ].join('\n'));
  const pcap = parsePcap(readFileSync(varTmp(lab, 'tunnel.pcap')));
  t.is(pcap.snaplen, 1500);
  t.deepEqual(
    pcap.records.map((r) => (r.sec * 1000 + r.usec / 1000) - START),
    [...Array<number>(10).fill(2000), 2500, 2500, 3500, 3500],
    'the Delete, Main Mode and Quick Mode, then both pings of a device; none of the ESP at +1 s and +3 s',
  );
  t.true(pcap.records.every((r) => r.caplen === r.origlen));
});

onlyWithTshark('write-file: tshark reads the capture: the Delete, Main Mode, Quick Mode and the pings, none malformed', async (t) => {
  const lab = await bootLab('default');
  scheduleTraffic(lab);
  await runLines(lab.devices.get('Edge')!, ['monitor traffic interface ge-1/0/1.0 size 65535 count 14 no-resolve write-file edge.pcap']);
  const rows = await tsharkFields(lab.devices.get('Edge')!.files.diskPath('edge.pcap')!, ['ip.src', 'ip.proto', 'isakmp.exchangetype', 'icmp.type', '_ws.malformed']);
  const [edge, remote] = ['1.1.70.2', '1.1.70.1'];
  const ike = (src: string, exchange: string) => [src, '17', exchange, '', ''];
  const icmp = (src: string, type: string) => [src, '1', '', type, ''];
  t.deepEqual(rows, [
    ike(edge, '5'),
    ...[edge, remote, edge, remote, edge, remote].map((src) => ike(src, '2')),
    ...[edge, remote, edge].map((src) => ike(src, '32')),
    icmp(edge, '8'),
    icmp(remote, '0'),
    icmp(remote, '8'),
    icmp(edge, '0'),
  ]);
});

test('write-file without size keeps the default 96 bytes of each frame, as Junos does', async (t) => {
  const lab = await bootLab('default');
  scheduleTraffic(lab);
  const out = await runLines(lab.devices.get('Edge')!, ['monitor traffic interface ge-1/0/1 no-resolve count 2 write-file /var/tmp/short.pcap']);
  t.true(out.startsWith('Address resolution is OFF.\nListening on ge-1/0/1, capture size 96 bytes\n\n'), out);
  const pcap = parsePcap(readFileSync(varTmp(lab, 'short.pcap')));
  t.deepEqual(pcap.records.map((r) => [r.caplen, r.origlen]), [[96, 104], [96, 148]], 'the Delete and the first Main Mode message');
});

test('without write-file each frame is one tcpdump line, In or Out as seen from the interface', async (t) => {
  const lab = await bootLab('default');
  scheduleTraffic(lab);
  const out = await runLines(lab.devices.get('Edge')!, ['monitor traffic interface ge-1/0/1 count 14', 'monitor traffic interface ge-1/0/1 no-resolve size 1500 count 1']);
  const ike = (at: string, sent: boolean, missing: number, what: string) => {
    const ends = sent ? '1.1.70.2.isakmp > 1.1.70.1.isakmp' : '1.1.70.1.isakmp > 1.1.70.2.isakmp';
    return `10:00:${at} ${sent ? 'Out' : ' In'} IP ${missing ? `truncated-ip - ${missing} bytes missing! ` : ''}${ends}: isakmp: ${what}`;
  };
  t.is(out, [
    'verbose output suppressed, use <detail> or <extensive> for full protocol decode',
    'Address resolution is ON. Use <no-resolve> to avoid any reverse lookup delay.',
    'Address resolution timeout is 4s.',
    'Listening on ge-1/0/1, capture size 96 bytes',
    '',
    'Reverse lookup for 1.1.70.2 failed (check DNS reachability).',
    'Other reverse lookup failures will not be reported.',
    'Use <no-resolve> to avoid reverse lookups on IP addresses.',
    '',
    // The capture began after the old IKE SA's first message: tcpdump cannot tell who initiated.
    ike('02.000000', true, 8, 'phase 2/others ? inf[E]'),
    ike('02.000000', true, 52, 'phase 1 I ident'),
    ike('02.000000', false, 52, 'phase 1 R ident'),
    ike('02.000000', true, 156, 'phase 1 I ident'),
    ike('02.000000', false, 156, 'phase 1 R ident'),
    ike('02.000000', true, 24, 'phase 1 I ident[E]'),
    ike('02.000000', false, 0, 'phase 1 R ident[E]'),
    ike('02.000000', true, 224, 'phase 2/others I oakley-quick[E]'),
    ike('02.000000', false, 224, 'phase 2/others R oakley-quick[E]'),
    ike('02.000000', true, 0, 'phase 2/others I oakley-quick[E]'),
    `10:00:02.500000 Out IP 1.1.70.2 > 1.1.70.1: ICMP echo request, id ${EDGE_PING}, seq 0, length 64`,
    `10:00:02.500000  In IP 1.1.70.1 > 1.1.70.2: ICMP echo reply, id ${EDGE_PING}, seq 0, length 64`,
    `10:00:03.500000  In IP 1.1.70.1 > 1.1.70.2: ICMP echo request, id ${REMOTE_PING}, seq 0, length 64`,
    `10:00:03.500000 Out IP 1.1.70.2 > 1.1.70.1: ICMP echo reply, id ${REMOTE_PING}, seq 0, length 64`,
    '14 packets received by filter',
    '0 packets dropped by kernel',
    'verbose output suppressed, use <detail> or <extensive> for full protocol decode',
    'Address resolution is OFF.',
    'Listening on ge-1/0/1, capture size 1500 bytes',
    '',
    // Nothing left to happen but Remote's dead peer detection (interval 20 s) after the
    // tunnel's last traffic at +3 s: the wait moves time on to its R-U-THERE.
    '10:00:23.000000  In IP 1.1.70.1.500 > 1.1.70.2.500: isakmp: phase 2/others ? inf[E]',
    '1 packets received by filter',
    '0 packets dropped by kernel',
    '',
  ].join('\n'));
});

test('only the Routing Engine\'s traffic: the LAN host\'s pings cross ge-1/0/1 as ESP meanwhile, and none is captured', async (t) => {
  const lab = await bootLab('default');
  scheduleTraffic(lab);
  const out = await runLines(lab.devices.get('Edge')!, ['monitor traffic interface ge-1/0/1 no-resolve count 14', 'show security ipsec statistics | match packets']);
  const frames = out.split('\n').filter((l) => /^\d\d:\d\d:\d\d\.\d{6} /.test(l));
  t.deepEqual(frames.map((l) => /isakmp|ICMP echo|ESP/.exec(l)?.[0]), [...Array<string>(10).fill('isakmp'), ...Array<string>(4).fill('ICMP echo')]);
  // The data plane encrypted and decrypted both pings (from none at boot) while the capture ran.
  t.true(out.endsWith(['14 packets received by filter', '0 packets dropped by kernel', ...TWO_PINGS_OF_ESP, ''].join('\n')), out);
});

test('behind a NAT: NAT-T IKE and keepalives are captured, ESP-in-UDP to or from port 4500 is not', async (t) => {
  const lab = await bootLab('nat-t');
  const host = lab.hosts.get('edge-lan-host')!;
  const edge = lab.devices.get('Edge')!;
  // The same as in the default lab, seen from Remote: Edge's IKE floated to 4500 and its
  // ESP-in-UDP both come from the NAT's port 1025, Remote's go back from 4500 to it.
  lab.clock.setTimer(1000, () => host.ping('10.1.210.5', 0));
  lab.clock.setTimer(2000, () => {
    edge.ike.clearIke();
    edge.ike.clearIpsec();
  });
  lab.clock.setTimer(3000, () => host.ping('10.1.210.5', 1));
  const out = await runLines(lab.devices.get('Remote')!, ['monitor traffic interface ge-1/0/1 no-resolve count 11', 'show security ipsec statistics | match packets']);
  const line = (at: string, sent: boolean, missing: number, ends: string, what: string) =>
    `10:00:${at} ${sent ? 'Out' : ' In'} IP ${missing ? `truncated-ip - ${missing} bytes missing! ` : ''}${ends}: ${what}`;
  const [in500, out500, in4500, out4500] = ['1.1.70.2.1024 > 1.1.70.1.500', '1.1.70.1.500 > 1.1.70.2.1024', '1.1.70.2.1025 > 1.1.70.1.4500', '1.1.70.1.4500 > 1.1.70.2.1025'];
  t.is(out, [
    'verbose output suppressed, use <detail> or <extensive> for full protocol decode',
    'Address resolution is OFF.',
    'Listening on ge-1/0/1, capture size 96 bytes',
    '',
    line('02.000000', false, 12, in4500, 'NONESP-encap: isakmp: phase 2/others ? inf[E]'),
    line('02.000000', false, 52, in500, 'isakmp: phase 1 I ident'),
    line('02.000000', true, 52, out500, 'isakmp: phase 1 R ident'),
    line('02.000000', false, 156, in500, 'isakmp: phase 1 I ident'),
    line('02.000000', true, 156, out500, 'isakmp: phase 1 R ident'),
    line('02.000000', false, 28, in4500, 'NONESP-encap: isakmp: phase 1 I ident[E]'),
    line('02.000000', true, 0, out4500, 'NONESP-encap: isakmp: phase 1 R ident[E]'),
    line('02.000000', false, 228, in4500, 'NONESP-encap: isakmp: phase 2/others I oakley-quick[E]'),
    line('02.000000', true, 228, out4500, 'NONESP-encap: isakmp: phase 2/others R oakley-quick[E]'),
    line('02.000000', false, 0, in4500, 'NONESP-encap: isakmp: phase 2/others I oakley-quick[E]'),
    // Edge is behind the NAT: its keepalive every 5 s from the new IKE SA on.
    line('07.000000', false, 0, in4500, 'isakmp-nat-keep-alive'),
    '11 packets received by filter',
    '0 packets dropped by kernel',
    ...TWO_PINGS_OF_ESP,
    '',
  ].join('\n'));
});

test('routingEngineSees: AH is the data plane\'s like ESP, and transit is not the Routing Engine\'s', (t) => {
  const packet = (src: string, dst: string, protocol: number) => encodeIpv4({ src, dst, protocol, ttl: 64, id: 1, df: false, tos: 0, payload: Buffer.alloc(24, 1) });
  const own = ['1.1.70.2', '10.1.10.1'];
  t.true(routingEngineSees(packet('1.1.70.1', '1.1.70.2', Protocol.ICMP), own));
  t.true(routingEngineSees(packet('10.1.10.1', '10.1.10.5', Protocol.ICMP), own), 'any of its addresses');
  t.false(routingEngineSees(packet('1.1.70.1', '1.1.70.2', Protocol.AH), own));
  t.false(routingEngineSees(packet('1.1.70.2', '1.1.70.1', Protocol.ESP), own));
  t.false(routingEngineSees(packet('10.1.10.5', '10.1.210.5', Protocol.ICMP), own));
});

test('option errors: unknown interface, a file outside the home and /var/tmp, bad values, unknown options', async (t) => {
  const lab = await bootLab('default');
  const lines = [
    'monitor traffic interface ge-9/9/9 count 1',
    'monitor traffic interface ge-1/0/1 count 1 write-file /etc/passwd',
    'monitor traffic interface ge-1/0/1 count 1000001',
    'monitor traffic interface ge-1/0/1 size x',
    'monitor traffic interface ge-1/0/1 matching "udp"',
    'monitor traffic interface',
  ];
  const out = await runLines(lab.devices.get('Edge')!, lines);
  /** The caret under `word` of line `n`, past the prompt (or past the line's end). */
  const caret = (n: number, word?: string) => `${' '.repeat('admin@Edge> '.length + (word === undefined ? lines[n]!.length + 1 : lines[n]!.indexOf(word)))}^`;
  t.is(out, [
    'error: device ge-9/9/9 not found',
    'tcpdump: /etc/passwd: No such file or directory',
    caret(2, '1000001'),
    'error: value 1000001 is not within range (0..1000000)',
    caret(3, 'x'),
    'error: value x is not within range (0..65535)',
    caret(4, 'matching'),
    'syntax error, expecting <command>.',
    caret(5),
    'missing argument.',
    '',
  ].join('\n'));
});

test('Ctrl-C stops a capture that has no count; the file keeps what was written', async (t) => {
  const device = labDevice();
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  const seen = (s: string, from = 0) => new Promise<void>((resolve) => {
    const check = () => (text.indexOf(s, from) >= 0 ? resolve() : output.once('data', check));
    check();
  });
  output.on('data', (b: Buffer) => (text += b.toString()));
  const session = new Session({ interpreter: JunosCli.open(device, 'admin', 'super-user', '10.0.0.1'), input, output, interactive: true, clock: device.clock, columns: 200, rows: 0 });
  const done = session.run();
  input.write('monitor traffic interface ge-1/0/1 write-file idle.pcap\r');
  await seen('capture size 96 bytes');
  const before = text.length;
  input.write('\x03');
  await seen('admin@Edge> ', before);
  t.true(text.trimEnd().endsWith('admin@Edge>'), 'the prompt is back');
  input.end();
  await done;
  t.deepEqual(device.files.list(), ['idle.pcap']);
  t.is(parsePcap(readFileSync(device.files.diskPath('idle.pcap')!)).records.length, 0, 'an uncabled interface sees nothing');
});

test('the one-line printer follows an IKE SA from its first message: I, then R for the answers', (t) => {
  const printer = new TrafficPrinter(1500, false);
  const ike = (src: string, dst: string, responderCookie: number, exchange: number, flags: number, srcPort = 500, dstPort = 500, marker = false) => {
    const m = Buffer.alloc(28);
    m.write('0102030405060708', 0, 'hex');
    m.writeUInt32BE(responderCookie, 12);
    m[18] = exchange;
    m[19] = flags;
    const payload = marker ? Buffer.concat([Buffer.alloc(4), m]) : m;
    return encodeIpv4({ src, dst, protocol: Protocol.UDP, ttl: 64, id: 1, df: false, tos: 0, payload: encodeUdp({ srcPort, dstPort, payload }, src, dst) });
  };
  const at = START + 5;
  t.is(printer.line(ike('1.1.70.2', '1.1.70.1', 0, 2, 0), true, at), '10:00:00.005000 Out IP 1.1.70.2.500 > 1.1.70.1.500: isakmp: phase 1 I ident\n');
  t.is(printer.line(ike('1.1.70.1', '1.1.70.2', 9, 2, 0), false, at), '10:00:00.005000  In IP 1.1.70.1.500 > 1.1.70.2.500: isakmp: phase 1 R ident\n');
  t.is(printer.line(ike('1.1.70.2', '1.1.70.1', 9, 2, 1), true, at), '10:00:00.005000 Out IP 1.1.70.2.500 > 1.1.70.1.500: isakmp: phase 1 I ident[E]\n');
  t.regex(printer.line(ike('9.9.9.9', '1.1.70.1', 9, 32, 1), false, at), /isakmp: phase 1 \? oakley-quick\[E\]/, 'a third address is neither side');
  t.regex(printer.line(ike('1.1.70.2', '1.1.70.1', 9, 5, 1, 4500, 4500, true), true, at), /1\.1\.70\.2\.4500 > 1\.1\.70\.1\.4500: NONESP-encap: isakmp: phase 1 I inf\[E\]$/m);
  const keepalive = encodeIpv4({ src: '1.1.70.2', dst: '1.1.70.1', protocol: Protocol.UDP, ttl: 64, id: 1, df: false, tos: 0, payload: encodeUdp({ srcPort: 4500, dstPort: 4500, payload: Buffer.from([0xff]) }, '1.1.70.2', '1.1.70.1') });
  t.is(new TrafficPrinter(1500, true).line(keepalive, true, at), '10:00:00.005000 Out IP 1.1.70.2.ipsec-nat-t > 1.1.70.1.ipsec-nat-t: isakmp-nat-keep-alive\n', 'port names while resolving');
  const short = encodeIpv4({ src: '1.1.70.2', dst: '1.1.70.1', protocol: Protocol.UDP, ttl: 64, id: 1, df: false, tos: 0, payload: encodeUdp({ srcPort: 4500, dstPort: 4500, payload: Buffer.from('00000001', 'hex') }, '1.1.70.2', '1.1.70.1') });
  t.regex(printer.line(short, true, at), /: UDP-encap: \[\|ESP\]$/m, 'neither marked IKE nor long enough for an ESP header');
  t.is(timestamp(Date.UTC(2012, 5, 1, 23, 59, 59, 999)), '23:59:59.999000');
});

test('monitor traffic is offered after monitor, with the options Junos lists', async (t) => {
  const lab = await bootLab('default');
  const cli = JunosCli.open(lab.devices.get('Edge')!, 'admin', 'super-user', '10.0.0.1');
  const help = cli.help('monitor traffic ');
  for (const option of ['count', 'interface', 'no-resolve', 'size', 'write-file']) t.regex(help, new RegExp(`^  ${option} +\\S`, 'm'), option);
  t.regex(cli.help('monitor '), /^ {2}traffic +Show real-time network traffic information$/m);
});
