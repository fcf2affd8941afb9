// Ctrl-C against q at the pager. Ctrl-C ends ping and monitor traffic the way SIGINT ends
// FreeBSD's ping and tcpdump: the terminal echoes `^C`, and the command still prints its
// closing summary (a newline ends the `^C` line, then the statistics or the packet counts).
// Any other command's output stops at Ctrl-C, and after `q` at the pager nothing more is
// shown, summary or not. Real sessions over in-memory streams, on a virtual lab.
import test from 'ava';
import type { Device } from '../engine/device.ts';
import type { Lab } from '../engine/lab/lab.ts';
import { JunosCli } from '../modes/junos-cli.ts';
import type { CommandIO, Outcome } from '../shell/interpreter.ts';
import { bootLab } from './helpers/lab.ts';
import { FakeInterpreter, Harness } from './shell-harness.ts';

const PROMPT = 'admin@Edge> ';

/**
 * Each wait of the command lets its time pass in the lab; after `turns` of them a wait
 * also blocks until the test calls `release` (a command that ignored Ctrl-C would stay
 * there). A virtual lab's own wait takes no real time, so without this a capture or a
 * ping without count would race ahead of the test.
 */
function gateWaits(lab: Lab, device: Device, turns: number): { release(): void; blocked: Promise<void> } {
  let release = () => {};
  let blocked = () => {};
  const gate = { release: () => release(), blocked: new Promise<void>((resolve) => (blocked = resolve)) };
  device.wait = async (ms) => {
    lab.advance(ms);
    if (--turns >= 0) return;
    blocked();
    await new Promise<void>((resolve) => (release = resolve));
  };
  return gate;
}

async function junosTerminal(lab: Lab, rows = 24): Promise<Harness> {
  const device = lab.devices.get('Edge')!;
  const h = new Harness({ interpreter: JunosCli.open(device, 'admin', 'super-user', '10.0.0.1'), clock: lab.clock, columns: 120, rows });
  await h.waitFor(PROMPT);
  return h;
}

/** Sends Ctrl-C, lets the command see it, unblocks a gated wait, and returns what was
 *  written from `from` to the next prompt. */
async function interrupt(h: Harness, gate: ReturnType<typeof gateWaits>, from: number): Promise<string> {
  h.send('\x03');
  await h.settle();
  gate.release();
  return h.until((t) => t.endsWith('\r\n' + PROMPT), from, 'the prompt after Ctrl-C');
}

test('Ctrl-C during ping without count prints ^C, then the statistics as FreeBSD ping does', async (t) => {
  const lab = await bootLab('default');
  const gate = gateWaits(lab, lab.devices.get('Edge')!, 3);
  const h = await junosTerminal(lab);
  const from = h.text.length;
  h.send('ping 10.1.10.5\r');
  await h.waitFor('icmp_seq=3 ', from);
  const out = await interrupt(h, gate, from);
  const reply = (seq: number) => `64 bytes from 10.1.10.5: icmp_seq=${seq} ttl=64 time=0.000 ms`;
  t.is(out.slice(out.indexOf('PING')), [
    'PING 10.1.10.5 (10.1.10.5): 56 data bytes',
    reply(0),
    reply(1),
    reply(2),
    reply(3),
    '^C',
    '--- 10.1.10.5 ping statistics ---',
    '4 packets transmitted, 4 packets received, 0% packet loss',
    'round-trip min/avg/max/stddev = 0.000/0.000/0.000/0.000 ms',
    '',
    PROMPT,
  ].join('\r\n'));
});

test('Ctrl-C during a rapid ping puts ^C after the marks shown so far', async (t) => {
  const lab = await bootLab('default');
  const gate = gateWaits(lab, lab.devices.get('Edge')!, 3);
  const h = await junosTerminal(lab);
  const from = h.text.length;
  h.send('ping 10.1.10.5 rapid\r');
  await gate.blocked;
  const out = await interrupt(h, gate, from);
  t.is(out.slice(out.indexOf('PING')), [
    'PING 10.1.10.5 (10.1.10.5): 56 data bytes',
    '!!!!^C',
    '--- 10.1.10.5 ping statistics ---',
    '4 packets transmitted, 4 packets received, 0% packet loss',
    'round-trip min/avg/max/stddev = 0.000/0.000/0.000/0.000 ms',
    '',
    PROMPT,
  ].join('\r\n'));
});

/**
 * At each of `times` (ms) the LAN host pings through the tunnel, which crosses ge-1/0/1 as
 * ESP that monitor traffic does not see, and Edge pings Remote, which it does.
 */
function pingBothWays(lab: Lab, times: number[]): void {
  const host = lab.hosts.get('edge-lan-host')!;
  const edge = lab.devices.get('Edge')!;
  times.forEach((at, seq) => {
    lab.clock.setTimer(at, () => host.ping('10.1.210.5', seq));
    lab.clock.setTimer(at, () => edge.network.ping('1.1.70.1', { id: 7, seq, size: 56 }, () => {}));
  });
}

test('Ctrl-C during monitor traffic prints ^C, then the packet counts as tcpdump does', async (t) => {
  const lab = await bootLab('default');
  pingBothWays(lab, [1500, 2500]);
  const gate = gateWaits(lab, lab.devices.get('Edge')!, 3);
  const h = await junosTerminal(lab);
  const from = h.text.length;
  h.send('monitor traffic interface ge-1/0/1 no-resolve\r');
  await h.until((s) => (s.match(/ ICMP echo /g) ?? []).length === 4, from, 'four ICMP frames');
  const out = await interrupt(h, gate, from);
  const lines = out.slice(out.indexOf('verbose output')).split('\r\n');
  t.deepEqual(lines.slice(0, 4), [
    'verbose output suppressed, use <detail> or <extensive> for full protocol decode',
    'Address resolution is OFF.',
    'Listening on ge-1/0/1, capture size 96 bytes',
    '',
  ]);
  t.deepEqual(lines.slice(4, 8), [
    '10:00:01.500000 Out IP 1.1.70.2 > 1.1.70.1: ICMP echo request, id 7, seq 0, length 64',
    '10:00:01.500000  In IP 1.1.70.1 > 1.1.70.2: ICMP echo reply, id 7, seq 0, length 64',
    '10:00:02.500000 Out IP 1.1.70.2 > 1.1.70.1: ICMP echo request, id 7, seq 1, length 64',
    '10:00:02.500000  In IP 1.1.70.1 > 1.1.70.2: ICMP echo reply, id 7, seq 1, length 64',
  ]);
  t.deepEqual(lines.slice(8), ['^C', '4 packets received by filter', '0 packets dropped by kernel', '', PROMPT]);
});

test('Ctrl-C during monitor traffic write-file: ^C under the banner, then the counts', async (t) => {
  const lab = await bootLab('default');
  pingBothWays(lab, [1500]);
  const gate = gateWaits(lab, lab.devices.get('Edge')!, 2);
  const h = await junosTerminal(lab);
  const from = h.text.length;
  h.send('monitor traffic interface ge-1/0/1 write-file cut.pcap\r');
  await gate.blocked;
  await h.waitFor('capture size 96 bytes', from);
  const out = await interrupt(h, gate, from);
  t.is(out.slice(out.indexOf('Address resolution')), [
    'Address resolution is ON. Use <no-resolve> to avoid any reverse lookup delay.',
    'Address resolution timeout is 4s.',
    'Listening on ge-1/0/1, capture size 96 bytes',
    '',
    '^C',
    // Edge's ping and its reply; not the ESP of the host's.
    '2 packets received by filter',
    '0 packets dropped by kernel',
    '',
    PROMPT,
  ].join('\r\n'));
});

test('q at the pager during a long show prints nothing more', async (t) => {
  const lab = await bootLab('default');
  const h = await junosTerminal(lab, 6);
  const from = h.text.length;
  h.send('show configuration\r');
  await h.waitFor('---(more', from);
  const shown = h.text.length;
  h.send('q');
  const after = await h.until((s) => s.endsWith('\r\n' + PROMPT), shown, 'the prompt after q');
  t.is(after.replace(/^\r {40}\r/, ''), '\r\n' + PROMPT, 'the more prompt is erased and nothing else comes');
  t.false(h.since(from).includes('interfaces {'), 'the rest of the configuration never shows');
});

test('q at the pager during ping ends it without statistics; a quit is not an interrupt', async (t) => {
  const lab = await bootLab('default');
  const gate = gateWaits(lab, lab.devices.get('Edge')!, 8);
  const h = await junosTerminal(lab, 6);
  const from = h.text.length;
  h.send('ping 10.1.10.5\r');
  await h.waitFor('---(more)---', from);
  const shown = h.text.length;
  h.send('q');
  await h.settle();
  gate.release();
  const after = await h.until((s) => s.endsWith('\r\n' + PROMPT), shown, 'the prompt after q');
  t.false(after.includes('^C'));
  t.false(after.includes('statistics'));
  t.false(h.since(from).includes('statistics'));
});

/** The fake, plus `summary`: it handles Ctrl-C, prints marks without a newline until
 *  interrupted, then a newline and a summary line. And `plain`, which prints a line, waits
 *  for the abort and prints another, without handling Ctrl-C. */
class SummaryInterpreter extends FakeInterpreter {
  override complete(line: string) {
    return /^\s*(summary|plain)\b/.test(line) ? { insert: '' } : super.complete(line);
  }

  override async execute(line: string, io: CommandIO): Promise<Outcome> {
    const [verb] = line.trim().split(/\s+/);
    if (verb !== 'summary' && verb !== 'plain') return super.execute(line, io);
    if (verb === 'summary') io.handlesInterrupt?.();
    io.write(verb === 'summary' ? '!!!' : 'started\n');
    await new Promise<void>((resolve) => io.signal.addEventListener('abort', () => resolve(), { once: true }));
    io.write(verb === 'summary' ? '\nsummary: 3 marks\n' : 'late\n');
    return 'continue';
  }
}

/** Runs `line`, lets it print, presses Ctrl-C and returns everything up to the next prompt. */
async function runThenCtrlC(h: Harness, line: string): Promise<string> {
  const from = h.text.length;
  h.send(`${line}\r`);
  await h.settle();
  h.send('\x03');
  return h.until((s) => s.endsWith(PROMPT), from);
}

test('with pipes, the ^C echo goes straight to the terminal and the summary through the pipe', async (t) => {
  const h = new Harness({ interpreter: new SummaryInterpreter() });
  await h.waitFor(PROMPT);
  const out = await runThenCtrlC(h, 'summary | match summary');
  t.is(out, 'summary | match summary\r\n^C\r\nsummary: 3 marks\r\n' + PROMPT);
});

test('a command that does not handle Ctrl-C gets no ^C echo and its later output is dropped', async (t) => {
  const h = new Harness({ interpreter: new SummaryInterpreter() });
  await h.waitFor(PROMPT);
  const out = await runThenCtrlC(h, 'plain');
  t.is(out, 'plain\r\nstarted\r\n' + PROMPT);
});

test('Ctrl-C on a summary command at a screen-length 0 terminal: marks, ^C, summary', async (t) => {
  const h = new Harness({ interpreter: new SummaryInterpreter() });
  await h.waitFor(PROMPT);
  await h.run('set cli screen-length 0');
  const out = await runThenCtrlC(h, 'summary');
  t.is(out, 'summary\r\n!!!^C\r\nsummary: 3 marks\r\n' + PROMPT);
});
