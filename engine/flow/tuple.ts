// What a security policy matches a packet on: its addresses, IP protocol, and the ports (TCP,
// UDP) or ICMP type and code of its first fragment.

export const IP_PROTOCOL = { icmp: 1, tcp: 6, udp: 17, gre: 47, esp: 50, ah: 51, ospf: 89 } as const;

export interface FlowTuple {
  /** Dotted-quad IPv4 source address. */
  source: string;
  /** Dotted-quad IPv4 destination address. */
  destination: string;
  /** IP protocol number (6 tcp, 17 udp, 1 icmp, ...). */
  protocol: number;
  /** TCP/UDP ports; ignored for other protocols. */
  sourcePort?: number;
  destinationPort?: number;
  /** ICMP type and code; ignored for other protocols. */
  icmpType?: number;
  icmpCode?: number;
}

/** Junos default session inactivity timeouts, in seconds, when the application names none. */
export function defaultInactivityTimeout(protocol: number): number {
  if (protocol === IP_PROTOCOL.tcp) return 1800;
  if (protocol === IP_PROTOCOL.udp || protocol === IP_PROTOCOL.icmp) return 60;
  return 1800;
}
