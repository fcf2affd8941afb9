// `monitor traffic [interface NAME] [count N] [size N] [no-resolve] [write-file FILE]
// [brief|detail|extensive]`: Junos's tcpdump wrapper, on the Routing Engine. Of the frames on
// the lab segment the interface is cabled to it keeps those the Routing Engine sends or
// receives (routingEngineSees), in both directions, and either prints one line per frame or
// writes them to a pcap in the file area (a plain name in the home, or /var/tmp/NAME). It
// runs until Ctrl-C, `count` frames, or the session's end; a lab on a virtual clock moves on
// while it waits, so there it needs `count` to stop (or Ctrl-C on a terminal). After Ctrl-C
// the terminal shows `^C` and, as tcpdump does when interrupted, a newline ends that line
// before the counts.
import { classifyNatTDatagram, NAT_T_PORT } from '../engine/ike/codec/nat-t-framing.ts';
import { MAX_SNAPLEN, PcapWriter } from '../engine/lab/pcap-writer.ts';
import { tapSegment } from '../engine/lab/segment-tap.ts';
import { decodeIpv4, Protocol } from '../engine/net/ipv4.ts';
import type { CompletionItem, Outcome } from '../shell/interpreter.ts';
import type { CommandContext } from './context.ts';
import { TrafficPrinter } from './monitor-traffic-line.ts';

/** Junos's `monitor traffic ?`, the options we act on. */
export const MONITOR_TRAFFIC_OPTIONS: CompletionItem[] = [
  { name: 'brief', help: 'Display brief output' },
  { name: 'count', help: 'Number of packets to receive (0..1000000 packets)' },
  { name: 'detail', help: 'Display detailed output' },
  { name: 'extensive', help: 'Display extensive output' },
  { name: 'interface', help: 'Name of interface' },
  { name: 'no-resolve', help: "Don't attempt to print addresses symbolically" },
  { name: 'size', help: 'Amount of each packet to receive (bytes)' },
  { name: 'write-file', help: 'Write packets to specified file' },
];

/** tcpdump's default snapshot length on Junos: headers only, unless `size` says more. */
const DEFAULT_SIZE = 96;
const MAX_COUNT = 1_000_000;
/** How much device time passes per wait while no stop condition holds. */
const POLL_MS = 1000;

interface MonitorOptions {
  interface?: string;
  /** 0: no limit. */
  count: number;
  size: number;
  resolve: boolean;
  verbose: boolean;
  writeFile?: string;
}

const UDP_HEADER_LENGTH = 8;

/**
 * Whether tcpdump on the Routing Engine captures `frame`: Junos documents monitor traffic as
 * "Display packet headers or packets received and sent from the Routing Engine". That is
 * the device's own traffic (kmd's IKE, NAT-T IKE and keepalives included, its pings and its
 * answers to pings); transit and IPsec data (ESP, AH, ESP-in-UDP) are flowd's, in the data
 * plane, and never reach it.
 */
export function routingEngineSees(frame: Buffer, ownAddresses: readonly string[]): boolean {
  const ip = decodeIpv4(frame);
  if (!ip.ok) return false;
  const { src, dst, protocol, payload } = ip.packet;
  if (!ownAddresses.includes(src) && !ownAddresses.includes(dst)) return false;
  if (protocol === Protocol.ESP || protocol === Protocol.AH) return false;
  if (protocol !== Protocol.UDP || payload.length < UDP_HEADER_LENGTH) return true;
  // Either end may be the NAT-T port: a peer behind a NAT sends from another port to ours.
  const natT = payload.readUInt16BE(0) === NAT_T_PORT || payload.readUInt16BE(2) === NAT_T_PORT;
  return !natT || classifyNatTDatagram(payload.subarray(UDP_HEADER_LENGTH)).kind !== 'esp';
}

const VALUED = new Set(['count', 'interface', 'size', 'write-file']);

function parse(ctx: CommandContext, words: readonly string[], first: number): MonitorOptions | undefined {
  const o: MonitorOptions = { count: 0, size: DEFAULT_SIZE, resolve: true, verbose: false };
  const names = MONITOR_TRAFFIC_OPTIONS.map((n) => n.name);
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const hits = names.includes(word) ? [word] : names.filter((n) => n.startsWith(word));
    if (hits.length !== 1) return void ctx.errorAt(first + i, hits.length ? `'${word}' is ambiguous.` : 'syntax error, expecting <command>.');
    const name = hits[0]!;
    if (!VALUED.has(name)) {
      if (name === 'no-resolve') o.resolve = false;
      else o.verbose = name !== 'brief';
      continue;
    }
    const value = words[++i];
    if (value === undefined) return void ctx.errorAt(first + i, 'missing argument.');
    if (name === 'interface') o.interface = value;
    else if (name === 'write-file') o.writeFile = value;
    else {
      const max = name === 'count' ? MAX_COUNT : MAX_SNAPLEN;
      if (!/^\d+$/.test(value) || Number(value) > max) return void ctx.errorAt(first + i, `error: value ${value} is not within range (0..${max})`);
      // tcpdump's -s 0 means whole packets.
      if (name === 'size') o.size = Number(value) || MAX_SNAPLEN;
      else o.count = Number(value);
    }
  }
  return o;
}

export async function monitorTraffic(ctx: CommandContext, args: Map<string, string[]>): Promise<Outcome> {
  const words = args.get('options') ?? [];
  const o = parse(ctx, words, ctx.words.length - words.length);
  if (!o) return 'error';
  const device = ctx.cli.device;
  const physicals = [...new Set(device.network.interfaces.map((i) => i.device))].sort();
  // Without `interface`, tcpdump takes the lowest-numbered interface.
  const name = o.interface ?? physicals[0];
  const physical = name?.split('.')[0];
  if (name === undefined || !physicals.includes(physical!)) return ctx.error(`error: device ${name ?? 'any'} not found`);
  let writer: PcapWriter | undefined;
  if (o.writeFile !== undefined) {
    const file = device.files.diskPath(o.writeFile);
    if (!file) return ctx.error(`tcpdump: ${o.writeFile}: No such file or directory`);
    writer = new PcapWriter(file, o.size);
  }
  if (!writer && !o.verbose) ctx.write('verbose output suppressed, use <detail> or <extensive> for full protocol decode\n');
  ctx.write(o.resolve ? 'Address resolution is ON. Use <no-resolve> to avoid any reverse lookup delay.\nAddress resolution timeout is 4s.\n' : 'Address resolution is OFF.\n');
  ctx.write(`Listening on ${name}, capture size ${o.size} bytes\n\n`);

  ctx.io.handlesInterrupt?.();
  const limit = o.count || Infinity;
  const printer = new TrafficPrinter(o.size, o.resolve);
  let received = 0;
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const port = device.wirePort(physical!);
  // An interface that is not cabled listens all the same and sees nothing.
  const untap = port
    ? tapSegment(port.segment, (frame, from) => {
        // Any of the device's addresses: a ping of another interface's arrives here too. Like
        // tcpdump's, the count is of what the filter passed.
        if (received >= limit || !routingEngineSees(frame, device.network.localAddresses())) return;
        received++;
        const now = device.clock.now();
        if (writer) writer.write(frame, now);
        else {
          // The resolver gives up on the lab's addresses; Junos says so once, before the first line.
          if (o.resolve && received === 1) ctx.write(reverseLookupFailed(frame));
          ctx.write(printer.line(frame, from === port, now));
        }
        if (received >= limit) stop();
      })
    : () => {};
  const signal = ctx.io.signal;
  signal.addEventListener('abort', stop, { once: true });
  try {
    while (received < limit && !signal.aborted) {
      await Promise.race([device.wait(POLL_MS), stopped]);
      // A virtual lab's wait takes no time at all: give Ctrl-C a turn of the event loop.
      if (limit === Infinity && !signal.aborted) await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    signal.removeEventListener('abort', stop);
    untap();
    writer?.close();
  }
  if (signal.aborted) ctx.write('\n');
  ctx.write(`${received} packets received by filter\n0 packets dropped by kernel\n`);
  return 'continue';
}

function reverseLookupFailed(frame: Buffer): string {
  const src = frame.length >= 20 ? [...frame.subarray(12, 16)].join('.') : '0.0.0.0';
  return `Reverse lookup for ${src} failed (check DNS reachability).\nOther reverse lookup failures will not be reported.\nUse <no-resolve> to avoid reverse lookups on IP addresses.\n\n`;
}
