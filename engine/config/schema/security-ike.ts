import { container, enumOf, flag, key, leaf, leafList, list, str, uint } from './types.ts';
import { cbcCipher, dhGroup, hostname, interfaceUnit, ipv4Address, objectName, secret9 } from './common.ts';
import { traceoptions } from './traceoptions.ts';

const identity = (name: string, help: string) =>
  container(name, help, [
    leaf('inet', ipv4Address, 'IPv4 address', { choice: 'id' }),
    leaf('hostname', hostname, 'Fully-qualified domain name', { choice: 'id' }),
    leaf('user-at-hostname', str({ pattern: /^[^@\s]+@[^@\s]+$/, patternMessage: 'Must be in user@hostname form' }), 'User at hostname', { choice: 'id' }),
  ], { oneliner: true });

export const ike = container('ike', 'IKE configuration', [
  traceoptions('Trace options for IPSec key management', ['timer', 'routing-socket', 'parse', 'config', 'ike', 'policy-manager', 'general', 'database', 'certificates', 'snmp', 'thread', 'high-availability', 'next-hop-tunnels', 'all']),
  list('proposal', 'Define an IKE proposal', [key('name', objectName(32), 'Name of the IKE proposal')], [
    leaf('description', str(), 'Text description of IKE proposal'),
    leaf('authentication-method', enumOf(
      ['dsa-signatures', 'DSA signatures'],
      ['pre-shared-keys', 'Preshared keys'],
      ['rsa-signatures', 'RSA signatures'],
    ), 'Define authentication method', { default: 'pre-shared-keys' }),
    leaf('dh-group', dhGroup, 'Define Diffie-Hellman group', { default: 'group2' }),
    leaf('authentication-algorithm', enumOf(
      ['md5', 'MD5 authentication algorithm'],
      ['sha-256', 'SHA 256-bit authentication algorithm'],
      ['sha-384', 'SHA 384-bit authentication algorithm'],
      ['sha1', 'SHA1 authentication algorithm'],
    ), 'Define authentication algorithm', { default: 'sha1' }),
    leaf('encryption-algorithm', enumOf(...cbcCipher), 'Define encryption algorithm', { default: '3des-cbc' }),
    leaf('lifetime-seconds', uint(180, 86400), 'Lifetime, in seconds (180..86400 seconds)', { default: '28800' }),
  ]),
  list('policy', 'Define an IKE policy', [key('name', objectName(32), 'Name of policy')], [
    leaf('mode', enumOf(['aggressive', 'Aggressive mode'], ['main', 'Main mode']), 'Define the IKE mode for Phase 1', { default: 'main' }),
    leaf('description', str(), 'Text description of IKE policy'),
    leafList('proposals', objectName(32), 'Name of the proposal', {
      choice: 'proposals', maxElements: 4,
      ref: { list: ['security', 'ike', 'proposal'], message: 'Referenced IKE proposal must be defined under [edit security ike proposal]' },
    }),
    leaf('proposal-set', enumOf(
      ['basic', 'IKE proposal-set for basic'],
      ['compatible', 'IKE proposal-set for compatible'],
      ['standard', 'IKE proposal-set for standard'],
    ), 'Types of default IKE proposal-set', { choice: 'proposals' }),
    container('pre-shared-key', 'Define a preshared key', [
      leaf('ascii-text', secret9, 'Format as text', { choice: 'format' }),
      leaf('hexadecimal', secret9, 'Format as hexadecimal', { choice: 'format' }),
    ], { oneliner: true }),
    container('certificate', 'Certificate configuration', [
      leaf('local-certificate', objectName(32), 'Local certificate identifier'),
    ]),
  ]),
  list('gateway', 'Define an IKE gateway', [key('name', objectName(32), 'Label for the remote (peer) gateway')], [
    leaf('ike-policy', objectName(32), 'Name of the IKE policy', {
      mandatory: true,
      ref: { list: ['security', 'ike', 'policy'], message: 'Referenced IKE policy must be defined under [edit security ike policy]' },
    }),
    leafList('address', { kind: 'union', of: [ipv4Address, hostname], description: 'IP address or hostname' }, 'Addresses or hostnames of peer:1 primary, upto 4 backups', { choice: 'remote', maxElements: 5 }),
    container('dynamic', 'Site to site peer with dynamically assigned IP address', [
      leaf('hostname', hostname, 'Use a fully-qualified domain name', { choice: 'id' }),
      leaf('inet', ipv4Address, 'Use an IPV4 address to identify the dynamic peer', { choice: 'id' }),
      leaf('user-at-hostname', str({ pattern: /^[^@\s]+@[^@\s]+$/, patternMessage: 'Must be in user@hostname form' }), 'Use an e-mail address', { choice: 'id' }),
      leaf('connections-limit', uint(1, 10000), 'Maximum number of users connected to gateway'),
    ], { choice: 'remote', presence: true }),
    container('dead-peer-detection', 'Enable Dead Peer Detection', [
      flag('optimized', 'Send probe only when there is no inbound traffic and outbound traffic', { choice: 'when' }),
      flag('probe-idle-tunnel', 'Send probe to peer when tunnel is idle', { choice: 'when' }),
      flag('always-send', 'Send probe periodically regardless of incoming and outgoing data traffic', { choice: 'when' }),
      leaf('interval', uint(2, 60), 'The interval at which to send DPD messages (2..60 seconds)', { default: '10' }),
      leaf('threshold', uint(1, 5), 'Maximum number of DPD retransmissions (1..5)', { default: '5' }),
    ], { presence: true }),
    flag('no-nat-traversal', 'Disable IPSec NAT traversal'),
    leaf('nat-keepalive', uint(1, 300), 'Interval at which to send NAT keepalives (1..300 seconds)', { default: '5' }),
    identity('local-identity', 'Set the local IKE identity'),
    identity('remote-identity', 'Set the remote IKE identity'),
    leaf('external-interface', interfaceUnit, 'External interface for IKE negotiations', {
      mandatory: true,
      ref: { list: ['interfaces', 'interface', 'unit'], message: 'Referenced interface must be configured under [edit interfaces]' },
    }),
    leaf('version', enumOf(['v1-only', 'The connection must be initiated using version 1'], ['v2-only', 'The connection must be initiated using version 2']), 'Negotiate using either IKE v1 or IKE v2 protocol', { default: 'v1-only' }),
  ]),
]);
