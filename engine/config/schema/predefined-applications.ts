// Names of the junos-defaults applications a policy may use without defining them.
export const PREDEFINED_APPLICATIONS = [
  'any', 'junos-icmp-all', 'junos-icmp-ping', 'junos-ping', 'junos-http', 'junos-https', 'junos-ssh', 'junos-telnet',
  'junos-ftp', 'junos-dns-udp', 'junos-dns-tcp', 'junos-ike', 'junos-ike-nat', 'junos-ntp', 'junos-smtp', 'junos-snmp-agentx',
  'junos-syslog', 'junos-tftp', 'junos-traceroute', 'junos-bgp', 'junos-ospf', 'junos-gre',
] as const;
