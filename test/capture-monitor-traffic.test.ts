// `monitor traffic interface IF ...` through the Junos interpreter on a lab device: the
// tcpdump banner Junos prints, a pcap in the file area (`file list /var/tmp` shows it) with
// the frames of the interface's segment, one-line summaries without write-file, the
// option errors, and Ctrl-C. Traffic comes from timers set on the lab's virtual clock, which
// the command's waiting moves forward.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import type { Lab } from '../engine/lab/lab.ts';
import { encodeIpv4, Protocol } from '../engine/net/ipv4.ts';
import { encodeUdp } from '../engine/net/udp.ts';
import { JunosCli } from '../modes/junos-cli.ts';
import { TrafficPrinter, timestamp } from '../modes/monitor-traffic-line.ts';
import { Session } from '../shell/session.ts';
import { onlyWithTshark, parsePcap, tsharkFields } from './helpers/capture.ts';
import { labDevice, runLines } from './helpers/cli.ts';
import { bootLab } from './helpers/lab.ts';

const START = Date.UTC(2012, 5, 1, 10, 0, 0);

/** Two pings through the tunnel at +1.5 s and +2.5 s, and the IKE SA cleared at +4 s. */
function scheduleTraffic(lab: Lab): void {
  const host = lab.hosts.get('edge-lan-host')!;
  lab.clock.setTimer(1500, () => host.ping('10.1.210.5', 0));
  lab.clock.setTimer(2500, () => host.ping('10.1.210.5', 1));
  lab.clock.setTimer(4000, () => lab.devices.get('Edge')!.ike.clearIke());
}

/** The file `name` in Edge's /var/tmp, where the file area keeps it. */
const varTmp = (lab: Lab, name: string) => lab.devices.get('Edge')!.files.diskPath(`/var/tmp/${name}`)!;

test('write-file: the Junos banner, the frames of the segment in a pcap under /var/tmp, and the count when it stops', async (t) => {
  const lab = await bootLab('default');
  scheduleTraffic(lab);
  const out = await runLines(lab.devices.get('Edge')!, ['monitor traffic interface ge-1/0/1 size 1500 count 5 write-file /var/tmp/tunnel.pcap', 'file list /var/tmp']);
  t.is(out, [
    'Address resolution is ON. Use <no-resolve> to avoid any reverse lookup delay.',
    'Address resolution timeout is 4s.',
    'Listening on ge-1/0/1, capture size 1500 bytes',
    '',
    '5 packets received by filter',
    '0 packets dropped by kernel',
    '/var/tmp/:',
    'tunnel.pcap',
    '',
  ].join('\n'));
  const pcap = parsePcap(readFileSync(varTmp(lab, 'tunnel.pcap')));
  t.is(pcap.snaplen, 1500);
  t.deepEqual(pcap.records.map((r) => (r.sec * 1000 + r.usec / 1000) - START), [1500, 1500, 2500, 2500, 4000], 'both directions of two pings, then the Delete');
  t.true(pcap.records.every((r) => r.caplen === r.origlen));
});

onlyWithTshark('write-file: tshark reads the capture: ESP with the engine SPIs both ways, then the Delete', async (t) => {
  const lab = await bootLab('default');
  const [pair] = lab.devices.get('Edge')!.ike.ipsecSas();
  scheduleTraffic(lab);
  await runLines(lab.devices.get('Edge')!, ['monitor traffic interface ge-1/0/1.0 size 65535 count 5 no-resolve write-file edge.pcap']);
  const rows = await tsharkFields(lab.devices.get('Edge')!.files.diskPath('edge.pcap')!, ['ip.src', 'esp.spi', 'isakmp.exchangetype', '_ws.malformed']);
  const [out, back] = [`0x${pair!.outbound.spiHex}`, `0x${pair!.inbound.spiHex}`];
  t.deepEqual(rows, [
    ['1.1.70.2', out, '', ''],
    ['1.1.70.1', back, '', ''],
    ['1.1.70.2', out, '', ''],
    ['1.1.70.1', back, '', ''],
    ['1.1.70.2', '', '5', ''],
  ]);
});

test('write-file without size keeps the default 96 bytes of each frame, as Junos does', async (t) => {
  const lab = await bootLab('default');
  scheduleTraffic(lab);
  const out = await runLines(lab.devices.get('Edge')!, ['monitor traffic interface ge-1/0/1 no-resolve count 2 write-file /var/tmp/short.pcap']);
  t.true(out.startsWith('Address resolution is OFF.\nListening on ge-1/0/1, capture size 96 bytes\n\n'), out);
  const pcap = parsePcap(readFileSync(varTmp(lab, 'short.pcap')));
  t.deepEqual(pcap.records.map((r) => [r.caplen, r.origlen]), [[96, 136], [96, 136]]);
});

test('without write-file each frame is one tcpdump line, In or Out as seen from the interface', async (t) => {
  const lab = await bootLab('default');
  scheduleTraffic(lab);
  const pair = lab.devices.get('Edge')!.ike.ipsecSas()[0]!;
  const out = await runLines(lab.devices.get('Edge')!, ['monitor traffic interface ge-1/0/1 count 5', 'monitor traffic interface ge-1/0/1 no-resolve size 1500 count 1']);
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
    `10:00:01.500000 Out IP truncated-ip - 40 bytes missing! 1.1.70.2 > 1.1.70.1: ESP(spi=0x${pair.outbound.spiHex},seq=0x1), length 116`,
    `10:00:01.500000  In IP truncated-ip - 40 bytes missing! 1.1.70.1 > 1.1.70.2: ESP(spi=0x${pair.inbound.spiHex},seq=0x1), length 116`,
    `10:00:02.500000 Out IP truncated-ip - 40 bytes missing! 1.1.70.2 > 1.1.70.1: ESP(spi=0x${pair.outbound.spiHex},seq=0x2), length 116`,
    `10:00:02.500000  In IP truncated-ip - 40 bytes missing! 1.1.70.1 > 1.1.70.2: ESP(spi=0x${pair.inbound.spiHex},seq=0x2), length 116`,
    // The capture began after this IKE SA's first message: tcpdump cannot tell who initiated.
    '10:00:04.000000 Out IP truncated-ip - 8 bytes missing! 1.1.70.2.isakmp > 1.1.70.1.isakmp: isakmp: phase 2/others ? inf[E]',
    '5 packets received by filter',
    '0 packets dropped by kernel',
    'verbose output suppressed, use <detail> or <extensive> for full protocol decode',
    'Address resolution is OFF.',
    'Listening on ge-1/0/1, capture size 1500 bytes',
    '',
    // Nothing left to happen but the IPsec rekey (90 % of 3200 s): the wait moves time on to it.
    '10:48:00.000000 Out IP 1.1.70.2.500 > 1.1.70.1.500: isakmp: phase 1 I ident',
    '1 packets received by filter',
    '0 packets dropped by kernel',
    '',
  ].join('\n'));
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
  const espInUdp = encodeIpv4({ src: '1.1.70.2', dst: '1.1.70.1', protocol: Protocol.UDP, ttl: 64, id: 1, df: false, tos: 0, payload: encodeUdp({ srcPort: 4500, dstPort: 4500, payload: Buffer.from('0000abcd00000007ffffffff', 'hex') }, '1.1.70.2', '1.1.70.1') });
  t.regex(printer.line(espInUdp, true, at), /: UDP-encap: ESP\(spi=0x0000abcd,seq=0x7\), length 12$/m);
  t.regex(new TrafficPrinter(1500, true).line(espInUdp, true, at), /1\.1\.70\.2\.ipsec-nat-t > 1\.1\.70\.1\.ipsec-nat-t: /, 'port names while resolving');
  t.is(timestamp(Date.UTC(2012, 5, 1, 23, 59, 59, 999)), '23:59:59.999000');
});

test('monitor traffic is offered after monitor, with the options Junos lists', async (t) => {
  const lab = await bootLab('default');
  const cli = JunosCli.open(lab.devices.get('Edge')!, 'admin', 'super-user', '10.0.0.1');
  const help = cli.help('monitor traffic ');
  for (const option of ['count', 'interface', 'no-resolve', 'size', 'write-file']) t.regex(help, new RegExp(`^  ${option} +\\S`, 'm'), option);
  t.regex(cli.help('monitor '), /^ {2}traffic +Show real-time network traffic information$/m);
});
