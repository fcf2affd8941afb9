// ESP in UDP (RFC 3948): once phase 1 detected a NAT, ESP rides in UDP datagrams between
// the IKE SA's NAT-T ports, with no marker in front (the SPI is never zero, which tells it
// from marked IKE) and a zero UDP checksum (3.1.2 allows it: ESP carries its own ICV).
import { classifyNatTDatagram, NAT_T_PORT } from '../ike/codec/nat-t-framing.ts';
import { Protocol, type Ipv4Packet } from '../net/ipv4.ts';
import { decodeUdp } from '../net/udp.ts';

const UDP_HEADER_LENGTH = 8;

/** Where our ESP-in-UDP goes: from our NAT-T port to the peer's (as its NAT maps it). */
export interface UdpPorts {
  readonly sourcePort: number;
  readonly destinationPort: number;
}

/** The UDP datagram (IPv4 payload, protocol 17) carrying one ESP packet. */
export function encapsulateEspInUdp(esp: Buffer, ports: UdpPorts): Buffer {
  const header = Buffer.alloc(UDP_HEADER_LENGTH);
  header.writeUInt16BE(ports.sourcePort, 0);
  header.writeUInt16BE(ports.destinationPort, 2);
  header.writeUInt16BE(UDP_HEADER_LENGTH + esp.length, 4);
  return Buffer.concat([header, esp]);
}

/**
 * The ESP packet inside an IPv4 datagram to our NAT-T port; undefined when it is anything
 * else (another protocol or port, a bad UDP header or checksum, marked IKE, a keepalive).
 */
export function espInUdp(p: Ipv4Packet): Buffer | undefined {
  if (p.protocol !== Protocol.UDP || p.payload.length < UDP_HEADER_LENGTH || p.payload.readUInt16BE(2) !== NAT_T_PORT) return undefined;
  const udp = decodeUdp(p.payload, p.src, p.dst);
  if (!udp.ok) return undefined;
  const framed = classifyNatTDatagram(udp.datagram.payload);
  return framed.kind === 'esp' ? framed.packet : undefined;
}
