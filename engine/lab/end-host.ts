// An end host behind a device: one address on one segment, answering ICMP echo, and able to
// send echo requests so traffic has somewhere to come from and go to. It sends everything
// onto its segment; the device there routes it (no ARP on the lab wire).
import { decodeIcmp, encodeIcmp, IcmpType } from '../net/icmp.ts';
import { decodeIpv4, encodeIpv4, Protocol } from '../net/ipv4.ts';
import type { HostSpec } from './lab-file.ts';
import type { Endpoint } from './wire.ts';

export interface EchoReply {
  from: string;
  seq: number;
  bytes: number;
}

export class EndHost {
  /** Echo replies received, in order. */
  readonly replies: EchoReply[] = [];
  /** ICMP destination-unreachable messages received (a `reject` policy sends them). */
  readonly unreachable: { from: string; code: number }[] = [];
  private nextId = 1;

  constructor(
    readonly spec: HostSpec,
    private readonly port: Endpoint,
  ) {
    port.receive = (frame) => this.receive(frame);
  }

  get address(): string {
    return this.spec.address;
  }

  ping(dst: string, seq: number, size = 56): void {
    const icmp = encodeIcmp({ type: IcmpType.ECHO_REQUEST, code: 0, id: 0x4242, seq, data: Buffer.alloc(size, seq & 0xff) });
    this.port.send(encodeIpv4({ src: this.address, dst, protocol: Protocol.ICMP, ttl: 64, id: this.nextId++ & 0xffff, df: false, tos: 0, payload: icmp }));
  }

  private receive(frame: Buffer): void {
    const d = decodeIpv4(frame);
    if (!d.ok || d.packet.dst !== this.address || d.packet.protocol !== Protocol.ICMP) return;
    const m = decodeIcmp(d.packet.payload);
    if (!m.ok) return;
    if (m.message.type === IcmpType.ECHO_REPLY) {
      this.replies.push({ from: d.packet.src, seq: m.message.seq, bytes: m.message.data.length });
    } else if (m.message.type === IcmpType.UNREACHABLE) {
      this.unreachable.push({ from: d.packet.src, code: m.message.code });
    } else if (m.message.type === IcmpType.ECHO_REQUEST) {
      const reply = encodeIcmp({ ...m.message, type: IcmpType.ECHO_REPLY, code: 0 });
      this.port.send(encodeIpv4({ src: this.address, dst: d.packet.src, protocol: Protocol.ICMP, ttl: 64, id: this.nextId++ & 0xffff, df: false, tos: 0, payload: reply }));
    }
  }
}
