import { container, flag, key, leaf, list, str, uint } from './types.ts';

export const interfaces = container('interfaces', 'Interface configuration', [
  list('interface', 'Interface name', [key('name', { kind: 'interface-device' }, 'Interface name')], [
    leaf('description', str(), 'Text description of interface'),
    flag('disable', 'Disable this interface'),
    leaf('mtu', uint(256, 9192), 'Maximum transmission unit packet size (256..9192)'),
    list('unit', 'Logical interface', [key('name', uint(0, 16385), 'Logical interface unit number')], [
      leaf('description', str(), 'Text description of interface'),
      flag('disable', 'Disable this logical interface'),
      container('family', 'Protocol family', [
        container('inet', 'IPv4 parameters', [
          leaf('mtu', uint(256, 9192), 'Protocol family maximum transmission unit (256..9192)'),
          list('address', 'Interface address/destination prefix', [key('name', { kind: 'ipv4-prefix', host: 'allowed' }, 'Interface address/destination prefix')], [
            flag('primary', 'Candidate for primary address in system'),
          ]),
        ], { presence: true }),
      ], { flatten: true }),
    ]),
  ], { style: 'nokeyword' }),
]);
