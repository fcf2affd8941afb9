import { container, enumOf, key, leaf, list, str, uint } from './types.ts';
import { objectName } from './common.ts';

const port = str({ pattern: /^(\d{1,5}(-\d{1,5})?|[a-z][a-z0-9-]*)$/, patternMessage: 'Must be a port number, a range or a port name' });

export const applications = container('applications', 'Define applications by protocol characteristics', [
  list('application', 'Define an application', [key('name', objectName(63), 'Application name')], [
    leaf('description', str(), 'Text description of application'),
    leaf('protocol', { kind: 'union', of: [enumOf('tcp', 'udp', 'icmp', 'esp', 'ah', 'gre', 'ospf'), uint(0, 255)], description: 'protocol name or number' }, 'Match IP protocol type'),
    leaf('icmp-type', uint(0, 255), 'Match ICMP message type'),
    leaf('source-port', port, 'Match TCP/UDP source port'),
    leaf('destination-port', port, 'Match TCP/UDP destination port'),
    leaf('inactivity-timeout', uint(4, 86400), 'Application-specific inactivity timeout (4..86400 seconds)'),
  ]),
  list('application-set', 'Define an application set', [key('name', objectName(63), 'Application set name')], [
    list('application', 'Application to be included in the set', [key('name', objectName(63), 'Application to be included in the set')], []),
  ]),
]);
