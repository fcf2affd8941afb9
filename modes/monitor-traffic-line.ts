// One line per frame, as `monitor traffic` (Junos's tcpdump, brief output) prints it:
//   10:00:00.000000 Out IP 1.1.70.2.isakmp > 1.1.70.1.isakmp: isakmp: phase 1 I ident
//   10:00:03.000000  In IP 1.1.70.1 > 1.1.70.2: ICMP echo reply, id 7, seq 0, length 64
// The wording follows tcpdump's printers (print-isakmp.c, print-icmp.c). The frames are the
// Routing Engine's (routingEngineSees): no ESP, so no ESP printer.
import { classifyNatTDatagram, IKE_PORT, NAT_T_PORT } from '../engine/ike/codec/nat-t-framing.ts';
import { decodeIcmp, IcmpType } from '../engine/net/icmp.ts';
import { decodeIpv4, Protocol } from '../engine/net/ipv4.ts';
import { decodeUdp } from '../engine/net/udp.ts';

/** /etc/services names tcpdump shows while address resolution is on. */
const PORT_NAMES: Readonly<Record<number, string>> = { [IKE_PORT]: 'isakmp', [NAT_T_PORT]: 'ipsec-nat-t' };
/** tcpdump's etypestr[]: ISAKMP exchange types by number. */
const EXCHANGES: Readonly<Record<number, string>> = { 1: 'base', 2: 'ident', 3: 'auth', 4: 'agg', 5: 'inf', 32: 'oakley-quick', 33: 'oakley-newgroup' };
const ISAKMP_HEADER = 28;
const ZERO_COOKIE = Buffer.alloc(8);

const two = (n: number) => String(n).padStart(2, '0');

/** HH:MM:SS.uuuuuu of the device clock (UTC, as the devices run). */
export function timestamp(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(d.getUTCMilliseconds() * 1000).padStart(6, '0')}`;
}

export class TrafficPrinter {
  /** tcpdump's cookie table: who sent the first message of each IKE SA (by initiator cookie). */
  private readonly initiators = new Map<string, { initiator: string; responder: string }>();

  constructor(
    private readonly snaplen: number,
    private readonly resolve: boolean,
  ) {}

  /** The line for `frame`, sent by the monitored interface (`out`) or received by it. */
  line(frame: Buffer, out: boolean, timeMs: number): string {
    return `${timestamp(timeMs)} ${out ? 'Out' : ' In'} IP ${this.describe(frame)}\n`;
  }

  private describe(frame: Buffer): string {
    const ip = decodeIpv4(frame);
    if (!ip.ok) return '[|ip]';
    const p = ip.packet;
    const missing = frame.length - this.snaplen;
    const truncated = missing > 0 ? `truncated-ip - ${missing} bytes missing! ` : '';
    if (p.protocol === Protocol.UDP) {
      const udp = decodeUdp(p.payload, p.src, p.dst);
      if (!udp.ok) return `${truncated}${p.src} > ${p.dst}: [|udp]`;
      const { srcPort, dstPort, payload } = udp.datagram;
      const ends = `${p.src}.${this.port(srcPort)} > ${p.dst}.${this.port(dstPort)}`;
      return `${truncated}${ends}: ${this.udpBody(payload, srcPort, dstPort, p.src, p.dst)}`;
    }
    const ends = `${truncated}${p.src} > ${p.dst}`;
    if (p.protocol === Protocol.ICMP) return `${ends}: ${icmp(p.payload)}`;
    return `${ends}: ip-proto-${p.protocol} ${p.payload.length}`;
  }

  private port(n: number): string {
    return (this.resolve && PORT_NAMES[n]) || String(n);
  }

  private udpBody(payload: Buffer, srcPort: number, dstPort: number, src: string, dst: string): string {
    const on = (port: number) => srcPort === port || dstPort === port;
    if (on(NAT_T_PORT)) {
      const d = classifyNatTDatagram(payload);
      if (d.kind === 'keepalive') return 'isakmp-nat-keep-alive';
      if (d.kind === 'ike') return `NONESP-encap: ${this.isakmp(d.message, src, dst)}`;
      // ESP-in-UDP is the data plane's and not captured: what is left is too short for ESP.
      return 'UDP-encap: [|ESP]';
    }
    if (on(IKE_PORT)) return this.isakmp(payload, src, dst);
    return `UDP, length ${payload.length}`;
  }

  private isakmp(m: Buffer, src: string, dst: string): string {
    if (m.length < ISAKMP_HEADER) return 'isakmp: [|isakmp]';
    const cookie = m.subarray(0, 8).toString('hex');
    const exchange = m[18]!;
    const flags = m[19]!;
    const phase = m.readUInt32BE(20) === 0 ? 'phase 1' : 'phase 2/others';
    let who = '?';
    const known = this.initiators.get(cookie);
    if (known) who = src === known.initiator ? 'I' : src === known.responder ? 'R' : '?';
    else if (m.subarray(8, 16).equals(ZERO_COOKIE)) {
      who = 'I';
      this.initiators.set(cookie, { initiator: src, responder: dst });
    }
    const flagText = flags ? `[${flags & 0x01 ? 'E' : ''}${flags & 0x02 ? 'C' : ''}]` : '';
    return `isakmp: ${phase} ${who} ${EXCHANGES[exchange] ?? exchange}${flagText}`;
  }
}

function icmp(body: Buffer): string {
  const m = decodeIcmp(body);
  if (!m.ok) return '[|icmp]';
  const { type, id, seq } = m.message;
  if (type === IcmpType.ECHO_REQUEST || type === IcmpType.ECHO_REPLY) {
    return `ICMP echo ${type === IcmpType.ECHO_REQUEST ? 'request' : 'reply'}, id ${id}, seq ${seq}, length ${body.length}`;
  }
  return `ICMP type-#${type}, length ${body.length}`;
}
