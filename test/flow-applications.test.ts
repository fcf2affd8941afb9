// Applications: the junos-defaults definitions, user-defined applications and application sets,
// and the matcher each name gives.
import test from 'ava';
import { PREDEFINED_APPLICATIONS } from '../engine/config/schema/predefined-applications.ts';
import { ApplicationCatalog, PREDEFINED, parsePortRange } from '../engine/flow/applications.ts';
import type { FlowTuple } from '../engine/flow/tuple.ts';

const tcp = (dport: number, sport = 40000): FlowTuple => ({ source: '10.0.0.1', destination: '10.0.0.2', protocol: 6, sourcePort: sport, destinationPort: dport });
const udp = (dport: number, sport = 40000): FlowTuple => ({ source: '10.0.0.1', destination: '10.0.0.2', protocol: 17, sourcePort: sport, destinationPort: dport });
const icmp = (type: number, code = 0): FlowTuple => ({ source: '10.0.0.1', destination: '10.0.0.2', protocol: 1, icmpType: type, icmpCode: code });
const proto = (protocol: number): FlowTuple => ({ source: '10.0.0.1', destination: '10.0.0.2', protocol });

const defaults = ApplicationCatalog.fromConfig({});

test('every builtin name the schema accepts has a definition', (t) => {
  for (const name of PREDEFINED_APPLICATIONS) t.true(defaults.has(name), name);
  t.false(defaults.has('junos-nonexistent'));
});

test('junos-defaults: protocol, ports and default inactivity timeouts', (t) => {
  const expect: Array<[string, number | undefined, string | undefined, number | undefined]> = [
    ['any', undefined, undefined, undefined],
    ['junos-http', 6, '80-80', 1800],
    ['junos-https', 6, '443-443', 1800],
    ['junos-ssh', 6, '22-22', 1800],
    ['junos-telnet', 6, '23-23', 1800],
    ['junos-ftp', 6, '21-21', 1800],
    ['junos-smtp', 6, '25-25', 1800],
    ['junos-bgp', 6, '179-179', 1800],
    ['junos-dns-tcp', 6, '53-53', 1800],
    ['junos-dns-udp', 17, '53-53', 60],
    ['junos-ike', 17, '500-500', 60],
    ['junos-ike-nat', 17, '4500-4500', 60],
    ['junos-ntp', 17, '123-123', 60],
    ['junos-tftp', 17, '69-69', 60],
    ['junos-syslog', 17, '514-514', 60],
    ['junos-icmp-all', 1, undefined, 60],
    ['junos-ping', 1, undefined, 60],
    ['junos-ospf', 89, undefined, 1800],
    ['junos-gre', 47, undefined, 1800],
  ];
  for (const [name, protocol, ports, timeout] of expect) {
    const app = PREDEFINED.get(name)!;
    t.is(app.protocol, protocol, name);
    t.is(app.destinationPorts && `${app.destinationPorts.low}-${app.destinationPorts.high}`, ports, name);
    t.is(app.inactivityTimeout, timeout, name);
  }
});

test('predefined matchers: the right protocol and destination port, any source port', (t) => {
  const m = (name: string, tuple: FlowTuple) => defaults.matcher(name)(tuple);
  t.true(m('junos-http', tcp(80)));
  t.true(m('junos-http', tcp(80, 1)));
  t.false(m('junos-http', tcp(81)));
  t.false(m('junos-http', udp(80)));
  t.true(m('junos-https', tcp(443)));
  t.true(m('junos-ssh', tcp(22)));
  t.false(m('junos-ssh', tcp(23)));
  t.true(m('junos-dns-udp', udp(53)));
  t.false(m('junos-dns-udp', tcp(53)));
  t.true(m('junos-dns-tcp', tcp(53)));
  t.true(m('junos-ike', udp(500, 500)));
  t.false(m('junos-ike', udp(4500)));
  t.true(m('junos-ike-nat', udp(4500)));
  t.true(m('junos-icmp-all', icmp(8)));
  t.true(m('junos-icmp-all', icmp(3, 1)));
  t.false(m('junos-icmp-all', tcp(80)));
  t.true(m('junos-ping', icmp(8)));
  t.true(m('junos-icmp-ping', icmp(8)));
  t.false(m('junos-icmp-ping', icmp(0)));
  t.true(m('junos-gre', proto(47)));
  t.false(m('junos-gre', proto(50)));
  t.true(m('junos-ospf', proto(89)));
  t.true(m('junos-traceroute', udp(33434 + 10)));
  t.false(m('junos-traceroute', udp(53)));
  // A tcp packet without ports cannot match a port-restricted application.
  t.false(m('junos-http', proto(6)));
});

test('any matches every protocol', (t) => {
  for (const tuple of [tcp(1), udp(65535), icmp(0), proto(47), proto(50), proto(0), proto(255)]) t.true(defaults.matcher('any')(tuple));
});

test('unknown names match nothing and expand to nothing', (t) => {
  t.false(defaults.matcher('no-such-app')(tcp(80)));
  t.deepEqual(defaults.expand('no-such-app'), []);
});

const userConfig = {
  applications: {
    application: [
      { name: 'web-8080', protocol: 'tcp', 'destination-port': '8080' },
      { name: 'hi-udp', protocol: 'udp', 'source-port': '1024-65535', 'destination-port': '5000-5010', 'inactivity-timeout': 300 },
      { name: 'echo-reply', protocol: 'icmp', 'icmp-type': 0 },
      { name: 'named-port', protocol: 'tcp', 'destination-port': 'https' },
      { name: 'bad-port', protocol: 'tcp', 'destination-port': 'nosuchservice' },
      { name: 'esp-by-number', protocol: '50' },
      { name: 'no-protocol' },
    ],
    'application-set': [
      { name: 'web', application: [{ name: 'junos-http' }, { name: 'web-8080' }] },
      { name: 'everything-web', application: [{ name: 'web' }, { name: 'junos-https' }, { name: 'junos-http' }] },
      { name: 'loop-a', application: [{ name: 'loop-b' }, { name: 'junos-ssh' }] },
      { name: 'loop-b', application: [{ name: 'loop-a' }] },
    ],
  },
};
const user = ApplicationCatalog.fromConfig(userConfig);

test('user-defined applications: ports, ranges, named ports, icmp type, protocol numbers', (t) => {
  const m = (name: string, tuple: FlowTuple) => user.matcher(name)(tuple);
  t.true(m('web-8080', tcp(8080)));
  t.false(m('web-8080', tcp(80)));
  t.false(m('web-8080', udp(8080)));
  t.true(m('hi-udp', udp(5000, 1024)));
  t.true(m('hi-udp', udp(5010, 65535)));
  t.false(m('hi-udp', udp(5011, 2000)));
  t.false(m('hi-udp', udp(5005, 1023)), 'source port below the range');
  t.true(m('echo-reply', icmp(0)));
  t.false(m('echo-reply', icmp(8)));
  t.true(m('named-port', tcp(443)));
  t.false(m('named-port', tcp(80)));
  t.false(m('bad-port', tcp(0)), 'an unknown port name matches nothing');
  t.truthy(user.application('bad-port')!.unresolved);
  t.true(m('esp-by-number', proto(50)));
  t.false(m('esp-by-number', proto(51)));
  t.true(m('no-protocol', proto(47)), 'no protocol statement: every protocol');
});

test('inactivity timeouts: configured, else the protocol default', (t) => {
  t.is(user.inactivityTimeout(['hi-udp'], udp(5000, 2000)), 300);
  t.is(user.inactivityTimeout(['web-8080'], tcp(8080)), 1800);
  t.is(user.inactivityTimeout(['any'], udp(9)), 60);
  t.is(user.inactivityTimeout(['any'], icmp(8)), 60);
  t.is(user.inactivityTimeout(['any'], tcp(9)), 1800);
  t.is(user.inactivityTimeout(['junos-dns-udp'], udp(53)), 60);
});

test('application sets: members (and nested sets) match, flattened once, in order; cycles end', (t) => {
  t.true(user.matcher('web')(tcp(80)));
  t.true(user.matcher('web')(tcp(8080)));
  t.false(user.matcher('web')(tcp(443)));
  t.true(user.matcher('everything-web')(tcp(443)));
  t.true(user.matcher('everything-web')(tcp(8080)));
  t.deepEqual(user.expand('everything-web').map((a) => a.name), ['junos-http', 'web-8080', 'junos-https']);
  t.true(user.matcher('loop-a')(tcp(22)));
  t.true(user.matcher('loop-b')(tcp(22)));
  t.false(user.matcher('loop-b')(tcp(80)));
  t.is(user.match(['web', 'junos-https'], tcp(8080))?.name, 'web-8080');
});

test('port ranges parse as Junos writes them', (t) => {
  t.deepEqual(parsePortRange('80'), { low: 80, high: 80 });
  t.deepEqual(parsePortRange('1024-65535'), { low: 1024, high: 65535 });
  t.deepEqual(parsePortRange('ssh'), { low: 22, high: 22 });
  t.is(parsePortRange('70000'), undefined);
  t.is(parsePortRange('x-y'), undefined);
});
