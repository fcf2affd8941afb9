// `ping HOST [count N] [size N] [source ADDRESS] [interval S] [rapid]` with the output of
// Junos's (FreeBSD's) ping. Without count it runs until Ctrl-C on a terminal, 5 otherwise.
// Ctrl-C ends it at once, as SIGINT ends FreeBSD's ping: the terminal shows `^C`, and the
// newline ping prints before its statistics ends that line instead of leaving a blank one.
import type { EchoReply } from '../engine/net/stack.ts';
import type { Outcome } from '../shell/interpreter.ts';
import type { CommandContext } from './context.ts';

interface PingOptions {
  count?: number;
  size: number;
  source?: string;
  interval: number;
  rapid: boolean;
}

const NUMERIC = new Set(['count', 'size', 'interval']);

function parse(ctx: CommandContext, words: readonly string[]): PingOptions | undefined {
  const o: PingOptions = { size: 56, interval: 1, rapid: false };
  const names = ['count', 'interval', 'rapid', 'size', 'source'];
  for (let i = 0; i < words.length; i++) {
    const hits = names.filter((n) => n.startsWith(words[i]!));
    if (hits.length !== 1) return void ctx.errorAt(2 + i, hits.length ? `'${words[i]}' is ambiguous.` : 'syntax error, expecting <command>.');
    const name = hits[0]!;
    if (name === 'rapid') {
      o.rapid = true;
      continue;
    }
    const value = words[++i];
    if (value === undefined) return void ctx.errorAt(2 + i, 'missing argument.');
    if (NUMERIC.has(name) && !/^\d+(\.\d+)?$/.test(value)) return void ctx.errorAt(2 + i, `error: invalid value: ${value}`);
    if (name === 'count') o.count = Math.min(Number(value), 2_000_000_000);
    else if (name === 'size') o.size = Math.min(Number(value), 65468);
    else if (name === 'interval') o.interval = Number(value);
    else o.source = value;
  }
  return o;
}

const ms = (n: number) => n.toFixed(3);

export async function ping(ctx: CommandContext, args: Map<string, string[]>): Promise<Outcome> {
  const [host, ...rest] = args.get('host')!;
  const o = parse(ctx, rest);
  if (!o) return 'error';
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(host!)) return ctx.error(`ping: cannot resolve ${host}: Unknown host`);
  const device = ctx.cli.device;
  const count = o.count ?? (ctx.io.terminal.interactive ? Infinity : 5);
  const id = (device.random.int(0xffff) + 1) & 0xffff;
  const times: number[] = [];
  let sent = 0;
  let sentAt = 0;
  const signal = ctx.io.signal;
  ctx.io.handlesInterrupt?.();
  let wake = () => {};
  const interrupted = new Promise<void>((resolve) => (wake = resolve));
  signal.addEventListener('abort', wake, { once: true });
  /** Device time passes, or Ctrl-C cuts it short. Without a count, a turn of the event loop
   *  too: a virtual lab's wait takes none, and Ctrl-C must get its chance to arrive. */
  const pause = async (ms: number) => {
    if (signal.aborted) return;
    await Promise.race([device.wait(ms), interrupted]);
    if (count === Infinity && !signal.aborted) await new Promise((resolve) => setImmediate(resolve));
  };
  ctx.write(`PING ${host} (${host}): ${o.size} data bytes\n`);
  const onReply = (r: EchoReply) => {
    const rtt = device.clock.now() - sentAt;
    times.push(rtt);
    ctx.write(o.rapid ? '!' : `${r.bytes} bytes from ${r.from}: icmp_seq=${r.seq} ttl=${r.ttl} time=${ms(rtt)} ms\n`);
  };
  try {
    while (sent < count && !signal.aborted) {
      const before = times.length;
      sentAt = device.clock.now();
      device.network.ping(host!, { id, seq: sent, size: o.size, ...(o.source ? { source: o.source } : {}) }, onReply);
      sent++;
      await pause(o.rapid ? 0 : sent < count ? o.interval * 1000 : 0);
      if (o.rapid && times.length === before && !signal.aborted) ctx.write('.');
    }
    if (times.length < sent) await pause(o.rapid ? 0 : 1000);
  } finally {
    signal.removeEventListener('abort', wake);
    device.network.endPing(id);
  }
  // Rapid output ends its line of marks; the normal output leaves a blank line.
  ctx.write('\n');
  const loss = sent === 0 ? 0 : Math.round(((sent - times.length) / sent) * 100);
  ctx.write(`--- ${host} ping statistics ---\n${sent} packets transmitted, ${times.length} packets received, ${loss}% packet loss\n`);
  if (times.length) {
    const avg = times.reduce((a, b) => a + b, 0) / times.length;
    const sd = Math.sqrt(times.reduce((a, b) => a + (b - avg) ** 2, 0) / times.length);
    ctx.write(`round-trip min/avg/max/stddev = ${ms(Math.min(...times))}/${ms(avg)}/${ms(Math.max(...times))}/${ms(sd)} ms\n`);
  }
  return times.length ? 'continue' : 'error';
}
