import { container, enumOf, flag, key, leaf, list, str } from './types.ts';
import { interfaceUnit, objectName } from './common.ts';

const services = enumOf(
  ['all', 'All system services'], ['any-service', 'Enable services on entire port range'],
  ['bootp', 'Bootp and dhcp relay-agent service'], ['dhcp', 'Dynamic Host Configuration Protocol'],
  ['dns', 'DNS service'], ['finger', 'Finger service'], ['ftp', 'FTP'], ['http', 'Web management service using HTTP'],
  ['https', 'Web management service using HTTP secured by SSL'], ['ident-reset', 'Send back TCP RST to IDENT request for port 113'],
  ['ike', 'Internet Key Exchange'], ['netconf', 'NETCONF service'], ['ntp', 'Network Time Protocol service'],
  ['ping', 'Internet Control Message Protocol echo requests'], ['snmp', 'Simple Network Management Protocol service'],
  ['ssh', 'SSH service'], ['telnet', 'Telnet service'], ['traceroute', 'Traceroute service'], ['xnm-clear-text', 'JUNOScript API for unencrypted traffic over TCP'],
);
const protocols = enumOf(
  ['all', 'All protocols'], ['bfd', 'Bidirectional Forwarding Detection'], ['bgp', 'Border Gateway Protocol'],
  ['ospf', 'Open Shortest Path First'], ['pim', 'Protocol Independent Multicast'], ['rip', 'Routing Information Protocol'],
  ['router-discovery', 'Router Discovery'], ['vrrp', 'Virtual Router Redundancy Protocol'],
);

const hostInbound = container('host-inbound-traffic', 'Allowed system services & protocols', [
  list('system-services', 'Type of incoming system-service traffic to accept', [key('name', services, 'Type of incoming system-service traffic to accept')], [
    flag('except', 'Disallow specified system service'),
  ], { style: 'block' }),
  list('protocols', 'Protocol type of incoming traffic to accept', [key('name', protocols, 'Protocol type of incoming traffic to accept')], [
    flag('except', 'Disallow specified protocol'),
  ], { style: 'block' }),
]);

const addressName = objectName(63);

export const zones = container('zones', 'Zone configuration', [
  list('security-zone', 'Security zones', [key('name', objectName(63), 'Name of the security zone')], [
    leaf('description', str(), 'Text description of zone'),
    container('address-book', 'Address book entries', [
      list('address', 'Define a security address', [key('name', addressName, 'Security address name')], [
        leaf('ip-prefix', { kind: 'ipv4-prefix', host: 'allowed' }, 'Numeric IPv4 or IPv6 address with prefix', { positional: true }),
      ], { oneliner: true }),
      list('address-set', 'Define a security address set', [key('name', addressName, 'Security address-set name')], [
        list('address', 'Address to be included in this set', [key('name', addressName, 'Address to be included in this set')], []),
        list('address-set', 'Define an address-set name', [key('name', addressName, 'Define an address-set name')], []),
      ]),
    ]),
    leaf('screen', objectName(32), 'Name of ids option object applied to the zone'),
    hostInbound,
    flag('tcp-rst', 'Send RST for NON-SYN packet not matching TCP session'),
    list('interfaces', 'Interfaces that are part of this zone', [key('name', interfaceUnit, 'Logical interface', { list: ['interfaces', 'interface', 'unit'], message: 'Referenced interface must be configured under [edit interfaces]' })], [hostInbound], {
      style: 'block',
    }),
  ]),
]);
