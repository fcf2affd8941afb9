import { container, flag, key, leaf, leafList, list, str } from './types.ts';
import { objectName } from './common.ts';
import { PREDEFINED_APPLICATIONS } from './predefined-applications.ts';

const zoneName = objectName(63);
const addressRef = objectName(63);

const policy = list('policy', 'Define security policy in specified zone-to-zone direction', [key('name', objectName(63), 'Security policy name')], [
  leaf('description', str(), 'Text description of policy'),
  container('match', 'Specify security policy match-criteria', [
    leafList('source-address', addressRef, 'Match source address', { mandatory: true }),
    leafList('destination-address', addressRef, 'Match destination address', { mandatory: true }),
    leafList('application', objectName(63), 'Port-based application', {
      mandatory: true,
      ref: { list: ['applications', 'application'], alsoList: ['applications', 'application-set'], message: 'Referenced application must be defined', builtins: PREDEFINED_APPLICATIONS },
    }),
  ], { mandatory: true }),
  container('then', 'Specify policy action to take when packet match criteria', [
    container('permit', 'Specify permit policy action', [
      container('tunnel', 'Tunnel packets', [
        leaf('ipsec-vpn', objectName(32), 'Name of the IPSec VPN', {
          ref: { list: ['security', 'ipsec', 'vpn'], message: 'Referenced IPSec VPN must be defined under [edit security ipsec vpn]' },
        }),
        leaf('pair-policy', objectName(63), 'Policy in the reverse direction, to form a pair'),
      ]),
    ], { choice: 'action', presence: true }),
    flag('deny', 'Deny packets', { choice: 'action' }),
    flag('reject', 'Reject packets', { choice: 'action' }),
    container('log', 'Enable log', [
      flag('session-init', 'Log session init time'),
      flag('session-close', 'Log session close time'),
    ]),
    flag('count', 'Enable count'),
  ], { mandatory: true }),
], { orderedByUser: true });

export const policies = container('policies', 'Configure Network Security Policies', [
  list('from-zone', 'Define a policy context from this zone', [
    { ...key('name', zoneName, 'Source zone', { list: ['security', 'zones', 'security-zone'], message: 'Security zone must be defined' }), xmlName: 'from-zone-name' },
    { ...key('to-zone', zoneName, 'Destination zone', { list: ['security', 'zones', 'security-zone'], message: 'Security zone must be defined' }), xmlName: 'to-zone-name' },
  ], [policy], { xmlName: 'policy' }),
  container('default-policy', 'Configure default action when no user-defined policy match', [
    flag('permit-all', 'Permit all traffic if no policy match', { choice: 'action' }),
    flag('deny-all', 'Deny all traffic if no policy match', { choice: 'action' }),
  ]),
]);
