import { container, flag, key, leaf, leafList, list, uint } from './types.ts';
import { interfaceUnit, ipv4Address } from './common.ts';

export const routingOptions = container('routing-options', 'Protocol-independent routing option configuration', [
  container('static', 'Static routes', [
    list('route', 'Static route', [key('name', { kind: 'ipv4-prefix', host: 'forbidden' }, 'Destination IP address or hostname')], [
      leafList('next-hop', { kind: 'union', of: [ipv4Address, interfaceUnit], description: 'IP address or interface' }, 'Next hop to destination', { choice: 'action' }),
      flag('discard', 'Drop packets to destination; send no ICMP unreachables', { choice: 'action' }),
      flag('reject', 'Drop packets to destination; send ICMP unreachables', { choice: 'action' }),
      leaf('preference', uint(0, 4294967295), 'Preference value'),
    ], { oneliner: true }),
  ]),
]);
