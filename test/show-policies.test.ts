// `show security policies [detail] [from-zone A to-zone B]`: exact 12.1X text for the default
// lab's Edge and for a hand-built configuration.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { PolicyCounters, PolicyTable } from '../engine/flow/policy.ts';
import { actionSummary, formatSecurityPolicies } from '../modes/show-policies.ts';
import { apply, openStore } from './helpers/config.ts';

const lines = (...l: string[]) => `${l.join('\n')}\n`;

function edge() {
  const text = readFileSync(new URL('../labs/default/Edge.conf', import.meta.url), 'utf8');
  const { store } = openStore({ factoryConfig: text });
  return PolicyTable.fromConfig(store.committedView());
}

test('default lab Edge: show security policies', (t) => {
  t.is(
    formatSecurityPolicies(edge(), new PolicyCounters()),
    lines(
      'Default policy: deny-all',
      'From zone: Private, To zone: Public',
      '  Policy: TunnelA-out, State: enabled, Index: 4, Scope Policy: 0, Sequence number: 1',
      '    Source addresses: Edge-LAN',
      '    Destination addresses: Remote-LAN',
      '    Applications: any',
      '    Action: permit, tunnel',
      'From zone: Public, To zone: Private',
      '  Policy: TunnelA-in, State: enabled, Index: 5, Scope Policy: 0, Sequence number: 1',
      '    Source addresses: Remote-LAN',
      '    Destination addresses: Edge-LAN',
      '    Applications: any',
      '    Action: permit, tunnel',
    ),
  );
});

test('default lab Edge: show security policies from-zone Public to-zone Private', (t) => {
  const table = edge();
  t.is(
    formatSecurityPolicies(table, new PolicyCounters(), { fromZone: 'Public', toZone: 'Private' }),
    lines(
      'From zone: Public, To zone: Private',
      '  Policy: TunnelA-in, State: enabled, Index: 5, Scope Policy: 0, Sequence number: 1',
      '    Source addresses: Remote-LAN',
      '    Destination addresses: Edge-LAN',
      '    Applications: any',
      '    Action: permit, tunnel',
    ),
  );
  t.is(formatSecurityPolicies(table, new PolicyCounters(), { fromZone: 'Private', toZone: 'Private' }), '', 'a context with no policies prints nothing');
});

test('default lab Edge: show security policies detail', (t) => {
  t.is(
    formatSecurityPolicies(edge(), new PolicyCounters(), { detail: true }),
    lines(
      'Default policy: deny-all',
      'Policy: TunnelA-out, action-type: permit, State: enabled, Index: 4, Scope Policy: 0',
      '  Policy Type: Configured',
      '  Sequence number: 1',
      '  From zone: Private, To zone: Public',
      '  Source addresses:',
      '    Edge-LAN: 10.1.10.0/24 ',
      '  Destination addresses:',
      '    Remote-LAN: 10.1.210.0/24 ',
      '  Application: any',
      '    IP protocol: 0, ALG: 0, Inactivity timeout: 0',
      '      Source port range: [0-0] ',
      '      Destination port range: [0-0]',
      '  Tunnel: TunnelA, Type: IPSec, Index: 2',
      '  Per policy TCP Options: SYN check: No, SEQ check: No',
      '',
      'Policy: TunnelA-in, action-type: permit, State: enabled, Index: 5, Scope Policy: 0',
      '  Policy Type: Configured',
      '  Sequence number: 1',
      '  From zone: Public, To zone: Private',
      '  Source addresses:',
      '    Remote-LAN: 10.1.210.0/24 ',
      '  Destination addresses:',
      '    Edge-LAN: 10.1.10.0/24 ',
      '  Application: any',
      '    IP protocol: 0, ALG: 0, Inactivity timeout: 0',
      '      Source port range: [0-0] ',
      '      Destination port range: [0-0]',
      '  Tunnel: TunnelA, Type: IPSec, Index: 2',
      '  Per policy TCP Options: SYN check: No, SEQ check: No',
    ),
  );
});

test('the tunnel index comes from the IKE engine when given', (t) => {
  const out = formatSecurityPolicies(edge(), new PolicyCounters(), { detail: true, fromZone: 'Private', toZone: 'Public' }, { tunnelIndex: (vpn) => (vpn === 'TunnelA' ? 131073 : undefined) });
  t.true(out.includes('  Tunnel: TunnelA, Type: IPSec, Index: 131073\n'));
  t.false(out.startsWith('Default policy'), 'a filtered listing has no default-policy line');
});

function handBuilt() {
  const { store } = openStore();
  apply(
    store,
    'set security zones security-zone trust address-book address lan 10.1.0.0/16',
    'set security zones security-zone trust address-book address web1 10.1.1.10/32',
    'set security zones security-zone trust address-book address web2 10.1.1.11',
    'set security zones security-zone trust address-book address-set webs address web1',
    'set security zones security-zone trust address-book address-set webs address web2',
    'set security zones security-zone untrust address-book address partner 198.51.100.0/24',
    'set security ipsec vpn V0 establish-tunnels on-traffic',
    'set security ipsec vpn V1 establish-tunnels on-traffic',
    'set applications application web-8080 protocol tcp destination-port 8080',
    'set applications application web-8080 inactivity-timeout 600',
    'set applications application-set web-apps application junos-http',
    'set applications application-set web-apps application web-8080',
    'set security policies from-zone trust to-zone untrust policy vpn-out match source-address lan destination-address partner application any',
    'set security policies from-zone trust to-zone untrust policy vpn-out then permit tunnel ipsec-vpn V1 pair-policy vpn-in',
    'set security policies from-zone trust to-zone untrust policy web match source-address webs source-address lan destination-address any',
    'set security policies from-zone trust to-zone untrust policy web match application web-apps application junos-dns-udp',
    'set security policies from-zone trust to-zone untrust policy web then permit',
    'set security policies from-zone trust to-zone untrust policy web then log session-init session-close',
    'set security policies from-zone trust to-zone untrust policy web then count',
    'set security policies from-zone trust to-zone untrust policy no-ping match source-address any destination-address any application junos-ping',
    'set security policies from-zone trust to-zone untrust policy no-ping then reject log session-close',
    'set security policies from-zone untrust to-zone trust policy vpn-in match source-address partner destination-address lan application any',
    'set security policies from-zone untrust to-zone trust policy vpn-in then permit tunnel ipsec-vpn V1 pair-policy vpn-out',
    'set security policies from-zone untrust to-zone trust policy drop match source-address any destination-address any application junos-gre',
    'set security policies from-zone untrust to-zone trust policy drop then deny',
    'set security policies default-policy permit-all',
  );
  const r = store.commit(store.shared, { user: 'admin', client: 'cli' });
  if (!r.ok) throw new Error(r.output);
  return PolicyTable.fromConfig(store.committedView());
}

test('hand-built configuration: summary with several policies, actions, log and count', (t) => {
  t.is(
    formatSecurityPolicies(handBuilt(), new PolicyCounters()),
    lines(
      'Default policy: permit-all',
      'From zone: trust, To zone: untrust',
      '  Policy: vpn-out, State: enabled, Index: 4, Scope Policy: 0, Sequence number: 1',
      '    Source addresses: lan',
      '    Destination addresses: partner',
      '    Applications: any',
      '    Action: permit, tunnel',
      '  Policy: web, State: enabled, Index: 5, Scope Policy: 0, Sequence number: 2',
      '    Source addresses: webs, lan',
      '    Destination addresses: any',
      '    Applications: web-apps, junos-dns-udp',
      '    Action: permit, log, count',
      '  Policy: no-ping, State: enabled, Index: 6, Scope Policy: 0, Sequence number: 3',
      '    Source addresses: any',
      '    Destination addresses: any',
      '    Applications: junos-ping',
      '    Action: reject, log',
      'From zone: untrust, To zone: trust',
      '  Policy: vpn-in, State: enabled, Index: 7, Scope Policy: 0, Sequence number: 1',
      '    Source addresses: partner',
      '    Destination addresses: lan',
      '    Applications: any',
      '    Action: permit, tunnel',
      '  Policy: drop, State: enabled, Index: 8, Scope Policy: 0, Sequence number: 2',
      '    Source addresses: any',
      '    Destination addresses: any',
      '    Applications: junos-gre',
      '    Action: deny',
    ),
  );
});

test('hand-built configuration: detail with expanded sets, applications, session log and policy statistics', (t) => {
  const table = handBuilt();
  const counters = new PolicyCounters();
  const http = { source: '10.1.1.10', destination: '93.184.216.34', protocol: 6, sourcePort: 40000, destinationPort: 80 };
  for (let i = 0; i < 7; i++) table.lookup('trust', 'untrust', http, counters);
  table.lookup('trust', 'untrust', { ...http, destinationPort: 8080 }, counters);
  table.lookup('trust', 'untrust', { ...http, destinationPort: 443 }, counters); // default policy
  const out = formatSecurityPolicies(table, counters, { detail: true, fromZone: 'trust', toZone: 'untrust' });
  t.is(
    out,
    lines(
      'Policy: vpn-out, action-type: permit, State: enabled, Index: 4, Scope Policy: 0',
      '  Policy Type: Configured',
      '  Sequence number: 1',
      '  From zone: trust, To zone: untrust',
      '  Source addresses:',
      '    lan: 10.1.0.0/16 ',
      '  Destination addresses:',
      '    partner: 198.51.100.0/24 ',
      '  Application: any',
      '    IP protocol: 0, ALG: 0, Inactivity timeout: 0',
      '      Source port range: [0-0] ',
      '      Destination port range: [0-0]',
      '  Tunnel: V1, Type: IPSec, Index: 3',
      '  Per policy TCP Options: SYN check: No, SEQ check: No',
      '',
      'Policy: web, action-type: permit, State: enabled, Index: 5, Scope Policy: 0',
      '  Policy Type: Configured',
      '  Sequence number: 2',
      '  From zone: trust, To zone: untrust',
      '  Source addresses:',
      '    web1: 10.1.1.10/32 ',
      '    web2: 10.1.1.11/32 ',
      '    lan: 10.1.0.0/16 ',
      '  Destination addresses:',
      '    any-ipv4: 0.0.0.0/0 ',
      '    any-ipv6: ::/0 ',
      '  Application: junos-http',
      '    IP protocol: tcp, ALG: 0, Inactivity timeout: 1800',
      '      Source port range: [0-0] ',
      '      Destination port range: [80-80]',
      '  Application: web-8080',
      '    IP protocol: tcp, ALG: 0, Inactivity timeout: 600',
      '      Source port range: [0-0] ',
      '      Destination port range: [8080-8080]',
      '  Application: junos-dns-udp',
      '    IP protocol: udp, ALG: dns, Inactivity timeout: 60',
      '      Source port range: [0-0] ',
      '      Destination port range: [53-53]',
      '  Per policy TCP Options: SYN check: No, SEQ check: No',
      '  Session log: at-create, at-close',
      '  Policy statistics:',
      '    Input  bytes       :                    0                    0 bps',
      '    Output bytes       :                    0                    0 bps',
      '    Input  packets     :                    0                    0 pps',
      '    Output packets     :                    0                    0 pps',
      '    Session rate       :                    0                    0 sps',
      '    Active sessions    :                    0',
      '    Session deletions  :                    0',
      '    Policy lookups     :                    8',
      '',
      'Policy: no-ping, action-type: reject, State: enabled, Index: 6, Scope Policy: 0',
      '  Policy Type: Configured',
      '  Sequence number: 3',
      '  From zone: trust, To zone: untrust',
      '  Source addresses:',
      '    any-ipv4: 0.0.0.0/0 ',
      '    any-ipv6: ::/0 ',
      '  Destination addresses:',
      '    any-ipv4: 0.0.0.0/0 ',
      '    any-ipv6: ::/0 ',
      '  Application: junos-ping',
      '    IP protocol: 1, ALG: 0, Inactivity timeout: 60',
      '      ICMP Information: type=255, code=0',
      '  Per policy TCP Options: SYN check: No, SEQ check: No',
      '  Session log: at-close',
    ),
  );
});

test('hand-built configuration: deny and protocol-only applications in detail; the default-policy line', (t) => {
  const out = formatSecurityPolicies(handBuilt(), new PolicyCounters(), { detail: true });
  t.true(out.startsWith('Default policy: permit-all\nPolicy: vpn-out,'));
  t.true(
    out.endsWith(
      lines(
        'Policy: drop, action-type: deny, State: enabled, Index: 8, Scope Policy: 0',
        '  Policy Type: Configured',
        '  Sequence number: 2',
        '  From zone: untrust, To zone: trust',
        '  Source addresses:',
        '    any-ipv4: 0.0.0.0/0 ',
        '    any-ipv6: ::/0 ',
        '  Destination addresses:',
        '    any-ipv4: 0.0.0.0/0 ',
        '    any-ipv6: ::/0 ',
        '  Application: junos-gre',
        '    IP protocol: 47, ALG: 0, Inactivity timeout: 1800',
        '  Per policy TCP Options: SYN check: No, SEQ check: No',
      ),
    ),
  );
});

test('action summaries', (t) => {
  const table = handBuilt();
  t.deepEqual(
    table.policies().map((p) => actionSummary(p)),
    ['permit, tunnel', 'permit, log, count', 'reject, log', 'permit, tunnel', 'deny'],
  );
});

test('an empty policy table shows only the default policy', (t) => {
  const { store } = openStore();
  t.is(formatSecurityPolicies(PolicyTable.fromConfig(store.committedView()), new PolicyCounters()), 'Default policy: deny-all\n');
  t.is(formatSecurityPolicies(PolicyTable.fromConfig(store.committedView()), new PolicyCounters(), { detail: true, fromZone: 'a', toZone: 'b' }), '');
});
