// A lab segment's door to the real network: real UDP sockets on one host address, ports 500
// and 4500, carrying what the device on the segment sends from that address to those ports
// (IKE, NAT-T IKE behind its non-ESP marker, ESP-in-UDP, NAT keepalives) to real peers such
// as strongSwan, and what those peers send back onto the segment as IPv4 frames. The device
// interface on the segment must own the same address, so no translation happens here and the
// peer sees exactly the addresses and ports the engine puts in its NAT-D hashes. Anything
// else the device sends (raw ESP, ICMP) needs a raw socket, which Node does not have; it is
// counted, not sent.
import dgram from 'node:dgram';
import { decodeIpv4, encodeIpv4, Protocol } from '../net/ipv4.ts';
import { decodeUdp, encodeUdp } from '../net/udp.ts';
import type { Endpoint } from './wire.ts';

/** The ports a real-network endpoint serves: IKE and NAT-T. */
export const REAL_PORTS = [500, 4500] as const;

export interface RealNetworkCounters {
  /** Datagrams sent to real peers. */
  sent: number;
  /** Datagrams received from real peers and put on the segment. */
  received: number;
  /** Frames from our address that UDP sockets cannot carry (not UDP 500/4500). */
  notBridged: number;
  /** Datagrams the operating system refused to send. */
  sendErrors: number;
}

export class RealNetworkBridge {
  readonly counters: RealNetworkCounters = { sent: 0, received: 0, notBridged: 0, sendErrors: 0 };
  private readonly sockets = new Map<number, dgram.Socket>();
  private nextId = 1;
  /** Settles once every socket is bound; rejects with the operating system's reason. */
  readonly bound: Promise<void>;

  constructor(
    readonly address: string,
    private readonly port: Endpoint,
  ) {
    port.receive = (frame) => this.fromSegment(frame);
    this.bound = Promise.all(REAL_PORTS.map((p) => this.open(p))).then(() => undefined);
    // A failed bind is reported through `bound`; the process must not die of it unobserved.
    this.bound.catch(() => undefined);
  }

  private open(localPort: number): Promise<void> {
    const socket = dgram.createSocket({ type: 'udp4' });
    this.sockets.set(localPort, socket);
    socket.on('message', (msg, rinfo) => this.fromPeer(msg, rinfo.address, rinfo.port, localPort));
    return new Promise((resolve, reject) => {
      socket.once('error', (err) => reject(new Error(`cannot bind UDP ${this.address}:${localPort}: ${err.message}`)));
      socket.bind({ address: this.address, port: localPort, exclusive: true }, () => {
        socket.removeAllListeners('error');
        socket.on('error', () => this.counters.sendErrors++);
        resolve();
      });
    });
  }

  private fromSegment(frame: Buffer): void {
    const ip = decodeIpv4(frame);
    if (!ip.ok || ip.packet.src !== this.address) return;
    const udp = ip.packet.protocol === Protocol.UDP ? decodeUdp(ip.packet.payload, ip.packet.src, ip.packet.dst) : undefined;
    const socket = udp?.ok ? this.sockets.get(udp.datagram.srcPort) : undefined;
    if (!udp?.ok || !socket) {
      this.counters.notBridged++;
      return;
    }
    const { payload, dstPort } = udp.datagram;
    // Sending on a socket before its bind completes would bind it to a random port instead.
    const send = () => {
      if (!this.sockets.has(udp.datagram.srcPort)) return void this.counters.sendErrors++; // closed meanwhile
      socket.send(payload, dstPort, ip.packet.dst, (err) => {
        if (err) this.counters.sendErrors++;
        else this.counters.sent++;
      });
    };
    this.bound.then(send).catch(() => this.counters.sendErrors++);
  }

  private fromPeer(payload: Buffer, src: string, srcPort: number, dstPort: number): void {
    this.counters.received++;
    const udp = encodeUdp({ srcPort, dstPort, payload }, src, this.address);
    this.port.send(encodeIpv4({ src, dst: this.address, protocol: Protocol.UDP, ttl: 64, id: this.nextId++ & 0xffff, df: false, tos: 0, payload: udp }));
  }

  close(): void {
    for (const s of this.sockets.values()) {
      try {
        s.close();
      } catch {
        // A socket whose bind failed is already closed.
      }
    }
    this.sockets.clear();
  }
}
