import { container, enumOf, flag, key, leaf, leafList, list, str, uint } from './types.ts';
import { cbcCipher, dhGroup, interfaceUnit, ipv4Address, objectName, secret9 } from './common.ts';
import { traceoptions } from './traceoptions.ts';

const espAuth: [string, string][] = [
  ['hmac-md5-96', 'HMAC-MD5-96 authentication algorithm'],
  ['hmac-sha-256-128', 'HMAC-SHA-256-128 authentication algorithm'],
  ['hmac-sha1-96', 'HMAC-SHA1-96 authentication algorithm'],
];

const manualKey = (help: string) =>
  container('key', help, [
    leaf('ascii-text', secret9, 'Format as text', { choice: 'format' }),
    leaf('hexadecimal', secret9, 'Format as hexadecimal', { choice: 'format' }),
  ], { oneliner: true });

const prefix = { kind: 'ipv4-prefix', host: 'forbidden' } as const;

export const ipsec = container('ipsec', 'IPSec configuration', [
  traceoptions('Trace options for IPSec data plane debug', ['packet-processing', 'packet-drops', 'security-associations', 'next-hop-tunnel-binding', 'all']),
  container('vpn-monitor-options', 'Global options for VPN liveliness monitoring', [
    leaf('interval', uint(2, 3600), 'Monitor interval in seconds (2..3600 seconds)', { default: '10' }),
    leaf('threshold', uint(1, 65535), 'Number of consecutive failures to determine connectivity (1..65535)', { default: '10' }),
  ]),
  list('proposal', 'Define an IPSec proposal', [key('name', objectName(32), 'Name of the IPSec proposal')], [
    leaf('description', str(), 'Text description of IPSec proposal'),
    leaf('protocol', enumOf(['ah', 'Authentication header'], ['esp', 'Encapsulated Security Payload header']), 'Define an IPSec protocol for the proposal', { default: 'esp' }),
    leaf('authentication-algorithm', enumOf(...espAuth), 'Define authentication algorithm'),
    leaf('encryption-algorithm', enumOf(
      ...cbcCipher,
      ['aes-128-gcm', 'AES-GCM 128-bit encryption algorithm'],
      ['aes-256-gcm', 'AES-GCM 256-bit encryption algorithm'],
    ), 'Define encryption algorithm'),
    leaf('lifetime-seconds', uint(180, 86400), 'Lifetime, in seconds (180..86400 seconds)', { default: '3600' }),
    leaf('lifetime-kilobytes', uint(64, 4294967294), 'Lifetime, in kilobytes (64..4294967294 kilobytes)'),
  ]),
  list('policy', 'Define an IPSec policy', [key('name', objectName(32), 'Name of policy')], [
    leaf('description', str(), 'Text description of IPSec policy'),
    container('perfect-forward-secrecy', 'Define perfect forward secrecy', [
      leaf('keys', dhGroup, 'Define Diffie-Hellman group'),
    ]),
    leafList('proposals', objectName(32), 'Name of the proposal', {
      choice: 'proposals', maxElements: 4,
      ref: { list: ['security', 'ipsec', 'proposal'], message: 'Referenced IPSec proposal must be defined under [edit security ipsec proposal]' },
    }),
    leaf('proposal-set', enumOf(
      ['basic', 'IPSec proposal-set for basic'],
      ['compatible', 'IPSec proposal-set for compatible'],
      ['standard', 'IPSec proposal-set for standard'],
    ), 'Types of default IPSec proposal-set', { choice: 'proposals' }),
  ]),
  list('vpn', 'Define an IPSec VPN', [key('name', objectName(32), 'Name of the VPN')], [
    leaf('description', str(), 'Text description of VPN'),
    leaf('bind-interface', interfaceUnit, 'Bind to tunnel interface (route-based VPN)', {
      ref: { list: ['interfaces', 'interface', 'unit'], message: 'Referenced interface must be configured under [edit interfaces]' },
    }),
    leaf('df-bit', enumOf(['clear', 'Clear DF bit of outer header'], ['copy', 'Copy DF bit from inner header'], ['set', 'Set DF bit of outer header']), 'Specifies how to handle the Don\'t Fragment bit'),
    container('vpn-monitor', 'Monitor VPN liveliness', [
      flag('optimized', 'Optimize for scalability'),
      leaf('source-interface', interfaceUnit, 'Source interface for monitor message'),
      leaf('destination-ip', ipv4Address, 'Destination IP addres for monitor message'),
    ], { presence: true }),
    container('manual', 'Define a manual control plane', [
      leaf('gateway', ipv4Address, 'Define the IPSec peer', { mandatory: true }),
      leaf('external-interface', interfaceUnit, 'External interface for the security association', {
        mandatory: true,
        ref: { list: ['interfaces', 'interface', 'unit'], message: 'Referenced interface must be configured under [edit interfaces]' },
      }),
      leaf('protocol', enumOf(['ah', 'Authentication header'], ['esp', 'Encapsulated Security Payload header']), 'Define an IPSec protocol for the security association', { mandatory: true }),
      leaf('spi', uint(256, 16639), 'Define security parameter index (256..16639)', { mandatory: true }),
      container('authentication', 'Define authentication parameters', [
        leaf('algorithm', enumOf(...espAuth), 'Define authentication algorithm', { mandatory: true }),
        manualKey('Define an authentication key'),
      ]),
      container('encryption', 'Define encryption parameters', [
        leaf('algorithm', enumOf(...cbcCipher), 'Define encryption algorithm', { mandatory: true }),
        manualKey('Define an encryption key'),
      ]),
    ], { choice: 'key-management', presence: true }),
    container('ike', 'Define an IKE-keyed IPSec vpn', [
      leaf('gateway', objectName(32), 'Name of remote gateway', {
        mandatory: true,
        ref: { list: ['security', 'ike', 'gateway'], message: 'Referenced IKE gateway must be defined under [edit security ike gateway]' },
      }),
      leaf('idle-time', uint(60, 999999), 'Idle time to delete SA (60..999999 seconds)'),
      flag('no-anti-replay', 'Disable the anti-replay check'),
      container('proxy-identity', 'IPSec proxy-id to use in IKE negotiations', [
        leaf('local', prefix, 'Local IP address/prefix length'),
        leaf('remote', prefix, 'Remote IP address/prefix length'),
        leaf('service', str(), 'Name of serivce that passes through, any enables all services'),
      ]),
      leaf('ipsec-policy', objectName(32), 'Name of the IPSec policy', {
        mandatory: true,
        ref: { list: ['security', 'ipsec', 'policy'], message: 'Referenced IPSec policy must be defined under [edit security ipsec policy]' },
      }),
    ], { choice: 'key-management', presence: true }),
    leaf('establish-tunnels', enumOf(['immediately', 'Establish tunnel immediately'], ['on-traffic', 'Establish tunnel on traffic']), 'Define the criteria to establish tunnels', { default: 'on-traffic' }),
  ]),
]);
