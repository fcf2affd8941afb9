// The security policy table: first match in user order, actions, zone-scoped addresses,
// applications, inactive statements, the default policy, indexes and hit counters.
import test from 'ava';
import { PolicyCounters, PolicyTable, FIRST_POLICY_INDEX, type PolicyLookup } from '../engine/flow/policy.ts';
import type { FlowTuple } from '../engine/flow/tuple.ts';
import type { ConfigStore } from '../engine/config/store.ts';
import { apply, openStore } from './helpers/config.ts';

const BASE = [
  'set security zones security-zone trust address-book address lan 10.1.0.0/16',
  'set security zones security-zone trust address-book address web1 10.1.1.10/32',
  'set security zones security-zone trust address-book address web2 10.1.1.11/32',
  'set security zones security-zone trust address-book address-set webs address web1',
  'set security zones security-zone trust address-book address-set webs address web2',
  'set security zones security-zone trust address-book address-set outer address-set webs',
  'set security zones security-zone untrust address-book address internet 0.0.0.0/0',
  'set security zones security-zone untrust address-book address partner 198.51.100.0/24',
  'set security zones security-zone untrust address-book address lan 203.0.113.0/24',
  'set security ipsec vpn V1 establish-tunnels on-traffic',
  'set applications application web-8080 protocol tcp destination-port 8080',
  'set applications application-set web-apps application junos-http',
  'set applications application-set web-apps application web-8080',
];

function commit(store: ConfigStore, ...lines: string[]): void {
  apply(store, ...lines);
  const r = store.commit(store.shared, { user: 'admin', client: 'cli' });
  if (!r.ok) throw new Error(r.output);
}

function tableOf(...lines: string[]): PolicyTable {
  const { store } = openStore();
  commit(store, ...BASE, ...lines);
  return PolicyTable.fromConfig(store.committedView());
}

const pol = (from: string, to: string, name: string, src: string, dst: string, app: string, then: string) => [
  `set security policies from-zone ${from} to-zone ${to} policy ${name} match source-address ${src}`,
  `set security policies from-zone ${from} to-zone ${to} policy ${name} match destination-address ${dst}`,
  `set security policies from-zone ${from} to-zone ${to} policy ${name} match application ${app}`,
  `set security policies from-zone ${from} to-zone ${to} policy ${name} then ${then}`,
];

const tcp = (source: string, destination: string, destinationPort: number): FlowTuple => ({ source, destination, protocol: 6, sourcePort: 33000, destinationPort });
const icmp = (source: string, destination: string): FlowTuple => ({ source, destination, protocol: 1, icmpType: 8, icmpCode: 0 });
const nameOf = (r: PolicyLookup) => ('policy' in r ? r.policy.name : `default:${r.default}`);

test('first match wins in user order; the configured order, not the name, decides', (t) => {
  const lines = [...pol('trust', 'untrust', 'zz-allow-web', 'webs', 'any', 'junos-http', 'permit'), ...pol('trust', 'untrust', 'aa-deny-all', 'any', 'any', 'any', 'deny')];
  const table = tableOf(...lines);
  t.deepEqual(table.context('trust', 'untrust')!.policies.map((p) => [p.name, p.sequence]), [['zz-allow-web', 1], ['aa-deny-all', 2]]);
  t.is(nameOf(table.lookup('trust', 'untrust', tcp('10.1.1.10', '8.8.8.8', 80))), 'zz-allow-web');
  t.is(nameOf(table.lookup('trust', 'untrust', tcp('10.1.1.10', '8.8.8.8', 443))), 'aa-deny-all');
  t.is(nameOf(table.lookup('trust', 'untrust', tcp('10.1.9.9', '8.8.8.8', 80))), 'aa-deny-all');

  // `insert ... before` moves the deny ahead: now it shadows the permit.
  const { store } = openStore();
  commit(store, ...BASE, ...lines);
  commit(store, 'insert security policies from-zone trust to-zone untrust policy aa-deny-all before policy zz-allow-web');
  const moved = PolicyTable.fromConfig(store.committedView());
  t.deepEqual(moved.context('trust', 'untrust')!.policies.map((p) => [p.name, p.sequence]), [['aa-deny-all', 1], ['zz-allow-web', 2]]);
  t.is(nameOf(moved.lookup('trust', 'untrust', tcp('10.1.1.10', '8.8.8.8', 80))), 'aa-deny-all');
});

test('actions: permit, deny, reject, permit tunnel ipsec-vpn with pair-policy; log and count flags', (t) => {
  const table = tableOf(
    ...pol('trust', 'untrust', 'to-partner', 'lan', 'partner', 'any', 'permit tunnel ipsec-vpn V1 pair-policy from-partner'),
    ...pol('trust', 'untrust', 'no-telnet', 'any', 'any', 'junos-telnet', 'reject'),
    ...pol('trust', 'untrust', 'web', 'any', 'any', 'junos-http', 'permit'),
    ...pol('trust', 'untrust', 'rest', 'any', 'any', 'any', 'deny'),
    'set security policies from-zone trust to-zone untrust policy rest then log session-init',
    'set security policies from-zone trust to-zone untrust policy rest then count',
    ...pol('untrust', 'trust', 'from-partner', 'partner', 'lan', 'any', 'permit tunnel ipsec-vpn V1 pair-policy to-partner'),
  );
  const tunnel = table.lookup('trust', 'untrust', tcp('10.1.2.3', '198.51.100.7', 23));
  t.is(nameOf(tunnel), 'to-partner');
  t.deepEqual(tunnel.action, { kind: 'permit', tunnel: { ipsecVpn: 'V1', pairPolicy: 'from-partner' } });
  t.is(table.pairOf(table.find('trust', 'untrust', 'to-partner')!)?.name, 'from-partner');
  t.is(table.pairOf(table.find('untrust', 'trust', 'from-partner')!)?.name, 'to-partner');
  t.is(table.pairOf(table.find('trust', 'untrust', 'web')!), undefined);
  t.deepEqual(table.lookup('trust', 'untrust', tcp('10.1.2.3', '8.8.8.8', 23)).action, { kind: 'reject' });
  t.deepEqual(table.lookup('trust', 'untrust', tcp('10.1.2.3', '8.8.8.8', 80)).action, { kind: 'permit' });
  const rest = table.lookup('trust', 'untrust', tcp('10.1.2.3', '8.8.8.8', 25));
  t.deepEqual(rest.action, { kind: 'deny' });
  t.true('policy' in rest && rest.policy.count && rest.policy.log.sessionInit && !rest.policy.log.sessionClose);
  t.false(table.find('trust', 'untrust', 'web')!.count);
  const back = table.lookup('untrust', 'trust', icmp('198.51.100.9', '10.1.200.1'));
  t.deepEqual(back.action, { kind: 'permit', tunnel: { ipsecVpn: 'V1', pairPolicy: 'to-partner' } });
});

test('address sets (nested) resolve in the policy; addresses outside them do not match', (t) => {
  const table = tableOf(...pol('trust', 'untrust', 'p', 'outer', 'any', 'any', 'permit'));
  const p = table.find('trust', 'untrust', 'p')!;
  t.deepEqual(p.source.map((x) => x.text), ['10.1.1.10/32', '10.1.1.11/32']);
  t.is(nameOf(table.lookup('trust', 'untrust', tcp('10.1.1.11', '1.1.1.1', 1))), 'p');
  t.is(nameOf(table.lookup('trust', 'untrust', tcp('10.1.1.12', '1.1.1.1', 1))), 'default:deny-all');
});

test('source names resolve in the from-zone book, destination names in the to-zone book', (t) => {
  // `lan` is 10.1.0.0/16 in trust and 203.0.113.0/24 in untrust.
  const table = tableOf(
    ...pol('trust', 'untrust', 'out', 'lan', 'lan', 'any', 'permit'),
    ...pol('untrust', 'trust', 'in', 'lan', 'lan', 'any', 'permit'),
    // `partner` exists only in untrust: as a destination of untrust -> trust it names nothing.
    ...pol('untrust', 'trust', 'bogus', 'any', 'partner', 'any', 'permit'),
  );
  t.is(nameOf(table.lookup('trust', 'untrust', tcp('10.1.5.5', '203.0.113.5', 80))), 'out');
  t.is(nameOf(table.lookup('trust', 'untrust', tcp('203.0.113.5', '10.1.5.5', 80))), 'default:deny-all');
  t.is(nameOf(table.lookup('untrust', 'trust', tcp('203.0.113.5', '10.1.5.5', 80))), 'in');
  t.is(nameOf(table.lookup('untrust', 'trust', tcp('10.1.5.5', '203.0.113.5', 80))), 'default:deny-all');
  t.deepEqual(table.find('untrust', 'trust', 'bogus')!.unresolvedAddresses, ['partner']);
  t.is(nameOf(table.lookup('untrust', 'trust', tcp('1.2.3.4', '198.51.100.1', 80))), 'default:deny-all');
});

test('applications in policies: tcp/udp ports, icmp, any, user applications and application sets', (t) => {
  const table = tableOf(
    ...pol('trust', 'untrust', 'dns', 'any', 'any', 'junos-dns-udp', 'permit'),
    ...pol('trust', 'untrust', 'ping', 'any', 'any', 'junos-icmp-all', 'permit'),
    ...pol('trust', 'untrust', 'web', 'any', 'any', 'web-apps', 'permit'),
    'set security policies from-zone trust to-zone untrust policy two-apps match application junos-ssh',
    'set security policies from-zone trust to-zone untrust policy two-apps match application junos-https',
    'set security policies from-zone trust to-zone untrust policy two-apps match source-address any destination-address any',
    'set security policies from-zone trust to-zone untrust policy two-apps then permit',
    ...pol('trust', 'dmz', 'all', 'any', 'any', 'any', 'permit'),
    'set security zones security-zone dmz',
  );
  const udp = (port: number): FlowTuple => ({ source: '10.1.1.1', destination: '8.8.8.8', protocol: 17, sourcePort: 5353, destinationPort: port });
  t.is(nameOf(table.lookup('trust', 'untrust', udp(53))), 'dns');
  t.is(nameOf(table.lookup('trust', 'untrust', tcp('10.1.1.1', '8.8.8.8', 53))), 'default:deny-all');
  t.is(nameOf(table.lookup('trust', 'untrust', icmp('10.1.1.1', '8.8.8.8'))), 'ping');
  t.is(nameOf(table.lookup('trust', 'untrust', tcp('10.1.1.1', '8.8.8.8', 80))), 'web');
  t.is(nameOf(table.lookup('trust', 'untrust', tcp('10.1.1.1', '8.8.8.8', 8080))), 'web');
  t.is(nameOf(table.lookup('trust', 'untrust', tcp('10.1.1.1', '8.8.8.8', 22))), 'two-apps');
  t.is(nameOf(table.lookup('trust', 'untrust', tcp('10.1.1.1', '8.8.8.8', 443))), 'two-apps');
  t.is(nameOf(table.lookup('trust', 'untrust', tcp('10.1.1.1', '8.8.8.8', 8443))), 'default:deny-all');
  t.is(nameOf(table.lookup('trust', 'untrust', { source: '10.1.1.1', destination: '8.8.8.8', protocol: 47 })), 'default:deny-all');
  t.is(nameOf(table.lookup('trust', 'dmz', { source: '10.1.1.1', destination: '8.8.8.8', protocol: 47 })), 'all');
  t.is(nameOf(table.lookup('trust', 'dmz', udp(9))), 'all');
});

test('inactive policies, contexts and match values are not in the table', (t) => {
  const { store } = openStore();
  commit(
    store,
    ...BASE,
    ...pol('trust', 'untrust', 'first', 'any', 'any', 'junos-http', 'deny'),
    ...pol('trust', 'untrust', 'second', 'any', 'any', 'any', 'permit'),
    ...pol('untrust', 'trust', 'back', 'any', 'any', 'any', 'permit'),
    'deactivate security policies from-zone trust to-zone untrust policy first',
    'deactivate security policies from-zone untrust to-zone trust',
  );
  const table = PolicyTable.fromConfig(store.committedView());
  t.deepEqual(table.contexts.map((c) => `${c.fromZone}>${c.toZone}`), ['trust>untrust']);
  t.deepEqual(table.context('trust', 'untrust')!.policies.map((p) => [p.name, p.sequence]), [['second', 1]]);
  t.is(nameOf(table.lookup('trust', 'untrust', tcp('1.1.1.1', '2.2.2.2', 80))), 'second');
  t.is(nameOf(table.lookup('untrust', 'trust', tcp('1.1.1.1', '2.2.2.2', 80))), 'default:deny-all');
  commit(store, 'activate security policies from-zone trust to-zone untrust policy first');
  const again = PolicyTable.fromConfig(store.committedView());
  t.is(nameOf(again.lookup('trust', 'untrust', tcp('1.1.1.1', '2.2.2.2', 80))), 'first');
});

test('default policy: deny-all unless default-policy permit-all; unknown contexts get it too', (t) => {
  const deny = tableOf(...pol('trust', 'untrust', 'web', 'any', 'any', 'junos-http', 'permit'));
  t.is(deny.defaultPolicy, 'deny-all');
  const r = deny.lookup('trust', 'untrust', tcp('1.1.1.1', '2.2.2.2', 22));
  t.deepEqual(r, { default: 'deny-all', action: { kind: 'deny' } });
  t.deepEqual(deny.lookup('nowhere', 'trust', tcp('1.1.1.1', '2.2.2.2', 22)), { default: 'deny-all', action: { kind: 'deny' } });
  const permit = tableOf(...pol('trust', 'untrust', 'web', 'any', 'any', 'junos-http', 'deny'), 'set security policies default-policy permit-all');
  t.is(permit.defaultPolicy, 'permit-all');
  t.deepEqual(permit.lookup('trust', 'untrust', tcp('1.1.1.1', '2.2.2.2', 22)), { default: 'permit-all', action: { kind: 'permit' } });
  t.is(nameOf(permit.lookup('trust', 'untrust', tcp('1.1.1.1', '2.2.2.2', 80))), 'web');
  const explicitDeny = tableOf('set security policies default-policy deny-all');
  t.is(explicitDeny.defaultPolicy, 'deny-all');
});

test('indexes: increasing from 4 across contexts in configuration order; kept across commits; new ones fresh', (t) => {
  const { store } = openStore();
  commit(store, ...BASE, ...pol('trust', 'untrust', 'a', 'any', 'any', 'any', 'permit'), ...pol('trust', 'untrust', 'b', 'any', 'any', 'any', 'deny'), ...pol('untrust', 'trust', 'c', 'any', 'any', 'any', 'deny'));
  const first = PolicyTable.fromConfig(store.committedView());
  t.deepEqual(first.policies().map((p) => [p.name, p.index]), [['a', FIRST_POLICY_INDEX], ['b', 5], ['c', 6]]);
  commit(store, 'delete security policies from-zone trust to-zone untrust policy a', ...pol('trust', 'untrust', 'd', 'any', 'any', 'junos-ssh', 'permit'));
  const second = PolicyTable.fromConfig(store.committedView(), first);
  t.deepEqual(second.policies().map((p) => [p.name, p.index, p.sequence]), [['b', 5, 1], ['d', 7, 2], ['c', 6, 1]]);
  // Re-adding a deleted policy gives it a new index, never a reused one.
  commit(store, ...pol('trust', 'untrust', 'a', 'any', 'any', 'any', 'permit'));
  const third = PolicyTable.fromConfig(store.committedView(), second);
  t.is(third.find('trust', 'untrust', 'a')!.index, 8);
});

test('hit counters count matching lookups per policy and survive a commit that leaves the policy unchanged', (t) => {
  const { store } = openStore();
  commit(store, ...BASE, ...pol('trust', 'untrust', 'web', 'any', 'any', 'junos-http', 'permit'), ...pol('trust', 'untrust', 'ssh', 'any', 'any', 'junos-ssh', 'permit'));
  const counters = new PolicyCounters();
  const table = PolicyTable.fromConfig(store.committedView());
  for (let i = 0; i < 3; i++) table.lookup('trust', 'untrust', tcp('1.1.1.1', '2.2.2.2', 80), counters);
  table.lookup('trust', 'untrust', tcp('1.1.1.1', '2.2.2.2', 22), counters);
  table.lookup('trust', 'untrust', tcp('1.1.1.1', '2.2.2.2', 25), counters); // default policy: no policy counts it
  table.lookup('trust', 'untrust', tcp('1.1.1.1', '2.2.2.2', 80)); // without counters: not counted
  const web = table.find('trust', 'untrust', 'web')!;
  const ssh = table.find('trust', 'untrust', 'ssh')!;
  t.is(counters.hits(web), 3);
  t.is(counters.hits(ssh), 1);
  t.is(counters.get(web).lookups, 3);

  // An unrelated change: both policies unchanged, both counts survive.
  commit(store, 'set security zones security-zone trust address-book address extra 10.9.0.0/16', ...pol('trust', 'untrust', 'new', 'any', 'any', 'any', 'deny'));
  const next = PolicyTable.fromConfig(store.committedView(), table);
  counters.reconcile(next);
  t.is(counters.hits(next.find('trust', 'untrust', 'web')!), 3);
  t.is(counters.hits(next.find('trust', 'untrust', 'ssh')!), 1);
  t.is(counters.hits(next.find('trust', 'untrust', 'new')!), 0);

  // Changing ssh's match resets its count; web keeps its own.
  commit(store, 'set security policies from-zone trust to-zone untrust policy ssh match application junos-telnet');
  const changed = PolicyTable.fromConfig(store.committedView(), next);
  counters.reconcile(changed);
  t.is(counters.hits(changed.find('trust', 'untrust', 'web')!), 3);
  t.is(counters.hits(changed.find('trust', 'untrust', 'ssh')!), 0);
  t.is(changed.find('trust', 'untrust', 'ssh')!.index, ssh.index, 'a changed policy keeps its index');

  // Deleting and re-adding the same policy starts over too (reconcile forgot it).
  commit(store, 'delete security policies from-zone trust to-zone untrust policy web', 'delete security policies from-zone trust to-zone untrust policy new');
  const gone = PolicyTable.fromConfig(store.committedView(), changed);
  counters.reconcile(gone);
  commit(store, ...pol('trust', 'untrust', 'web', 'any', 'any', 'junos-http', 'permit'));
  const back = PolicyTable.fromConfig(store.committedView(), gone);
  counters.reconcile(back);
  t.is(counters.hits(back.find('trust', 'untrust', 'web')!), 0);

  t.is(nameOf(back.lookup('trust', 'untrust', tcp('1.1.1.1', '2.2.2.2', 80), counters)), 'web');
  t.is(counters.hits(back.find('trust', 'untrust', 'web')!), 1);
  counters.clear();
  t.is(counters.hits(back.find('trust', 'untrust', 'web')!), 0);
});

test('lookup of malformed packets falls to the default policy without throwing', (t) => {
  const table = tableOf(...pol('trust', 'untrust', 'all', 'any', 'any', 'any', 'permit'));
  for (const bad of [
    { source: '', destination: '1.1.1.1', protocol: 6 },
    { source: '1.1.1.1', destination: '999.1.1.1', protocol: 6 },
    { source: 'not an address', destination: 'x', protocol: -1 },
  ]) {
    t.deepEqual(table.lookup('trust', 'untrust', bad), { default: 'deny-all', action: { kind: 'deny' } });
  }
  t.false(table.matches(table.find('trust', 'untrust', 'all')!, { source: '1.1.1', destination: '1.1.1.1', protocol: 6 }));
  t.true(table.matches(table.find('trust', 'untrust', 'all')!, { source: '1.1.1.1', destination: '1.1.1.1', protocol: 6 }));
});
