// Candidate edits: path abbreviation, Junos value and list semantics, the statement verbs,
// loading, and errors that point at the offending word and change nothing.
import test from 'ava';
import { renderCurly } from '../engine/config/render-curly.ts';
import { renderSet } from '../engine/config/render-set.ts';
import { renderXml } from '../engine/config/render-xml.ts';
import { renderJson } from '../engine/config/render-json.ts';
import { emptyCandidate, words } from './helpers/config.ts';

test('unique prefixes are accepted for keywords and enumerated values', (t) => {
  const c = emptyCandidate();
  t.deepEqual(c.set([], words('sec ike prop p1 dh-g group2')), { ok: true });
  t.deepEqual(c.set([], words('sec ike prop p1 authentication-al sha-2')), { ok: true });
  t.is(renderSet(c.tree), 'set security ike proposal p1 dh-group group2\nset security ike proposal p1 authentication-algorithm sha-256\n');
});

test('errors name the offending word and change nothing', (t) => {
  const c = emptyCandidate();
  c.set([], words('security ike proposal p1 dh-group group2'));
  const before = renderCurly(c.tree);
  t.deepEqual(c.set([], words('security ike proposal p1 a md5')), {
    ok: false,
    error: {
      token: 4,
      message: "'a' is ambiguous.",
      ambiguous: [
        { name: 'authentication-method', help: 'Define authentication method' },
        { name: 'authentication-algorithm', help: 'Define authentication algorithm' },
      ],
    },
  });
  t.deepEqual(c.set([], words('security ike proposal p1 lifetime-seconds 10')), { ok: false, error: { token: 5, message: 'Value 10 is not within range (180..86400)' } });
  t.deepEqual(c.set([], words('security ike proposal p1 bogus 1')), { ok: false, error: { token: 4, message: 'syntax error.' } });
  t.like(c.set([], words('security ike proposal p1 dh-group')), { ok: false, error: { token: 5, message: 'missing argument.', expecting: { kind: 'value' } } });
  t.deepEqual(c.set([], words('interfaces xx-0/0/0 unit 0')), { ok: false, error: { token: 1, message: "invalid interface type in 'xx-0/0/0'" } });
  t.is(renderCurly(c.tree), before);
});

test('leaf-lists take one value or a bracketed list and keep order; choices exclude each other', (t) => {
  const c = emptyCandidate();
  c.set([], words('security ike policy pol proposals [ a b ]'));
  c.set([], words('security ike policy pol proposals c'));
  t.regex(renderCurly(c.tree), /proposals \[ a b c \];/);
  c.set([], words('security ike policy pol proposal-set standard'));
  t.notRegex(renderCurly(c.tree), /proposals/);
  t.regex(renderCurly(c.tree), /proposal-set standard;/);
  c.set([], words('security policies from-zone A to-zone B policy x then deny'));
  c.set([], words('security policies from-zone A to-zone B policy x then permit tunnel ipsec-vpn V'));
  t.regex(renderCurly(c.tree), /then \{\n\s+permit \{\n\s+tunnel \{\n\s+ipsec-vpn V;/);
  t.notRegex(renderCurly(c.tree), /deny/);
});

test('edit levels make paths relative; show renders from there', (t) => {
  const c = emptyCandidate();
  const lv = c.level([], words('security ike gateway gw'));
  if (!lv.ok) return t.fail();
  t.true(c.set(lv.steps, words('address 1.1.70.1')).ok);
  t.true(c.set(lv.steps, words('dead-peer-detection interval 20')).ok);
  t.is(c.show(lv.steps), 'address 1.1.70.1;\ndead-peer-detection {\n    interval 20;\n}\n');
});

test('deactivate, annotate, rename, copy and insert', (t) => {
  const c = emptyCandidate();
  for (const p of ['p1', 'p2', 'p3']) c.set([], words(`security policies from-zone A to-zone B policy ${p} then permit`));
  t.true(c.insert([], words('security policies from-zone A to-zone B policy p3 before policy p1')).ok);
  t.true(c.renameOrCopy([], words('security policies from-zone A to-zone B policy p2 to policy p9'), 'rename').ok);
  t.true(c.renameOrCopy([], words('security policies from-zone A to-zone B policy p9 to policy p10'), 'copy').ok);
  t.true(c.activate([], words('security policies from-zone A to-zone B policy p1'), true).ok);
  t.true(c.annotate([], words('security policies from-zone A to-zone B policy p3'), 'first match').ok);
  const names = [...renderCurly(c.tree).matchAll(/policy (p\d+)/g)].map((m) => m[1]);
  t.deepEqual(names, ['p3', 'p1', 'p9', 'p10']);
  t.regex(renderCurly(c.tree), /\/\* first match \*\/\n\s+policy p3 \{/);
  t.regex(renderCurly(c.tree), /inactive: policy p1 \{/);
  t.regex(renderSet(c.tree), /\ndeactivate security policies from-zone A to-zone B policy p1\n/);
  t.false(c.renameOrCopy([], words('security policies from-zone A to-zone B policy p9 to policy p3'), 'rename').ok);
});

test('delete removes subtrees and prunes empty containers; deleting nothing only warns', (t) => {
  const c = emptyCandidate();
  c.set([], words('security ike proposal p1 dh-group group2'));
  c.set([], words('security ike gateway gw dead-peer-detection interval 20'));
  t.true(c.delete([], words('security ike gateway gw dead-peer-detection interval')).ok);
  t.regex(renderCurly(c.tree), /dead-peer-detection;/, 'a presence container stays');
  t.true(c.delete([], words('security ike gateway')).ok);
  t.notRegex(renderCurly(c.tree), /gateway/);
  t.deepEqual(c.delete([], words('security ipsec')), { ok: true, warning: 'warning: statement not found' });
  t.true(c.delete([], words('security ike proposal p1')).ok);
  t.is(renderCurly(c.tree), '');
});

test('load reports line and column and a failed load changes nothing', (t) => {
  const c = emptyCandidate();
  c.set([], words('system host-name Edge'));
  const before = renderCurly(c.tree);
  const r = c.load('merge', 'security {\n    ike {\n        proposal p1 {\n            dh-group group99;\n        }\n    }\n}\n');
  t.false(r.ok);
  if (!r.ok) t.deepEqual(r.errors, [{ line: 4, col: 21, message: 'syntax error, expecting one of: group1 group2 group5 group14 group19 group20 group24', near: 'group99' }]);
  const s = c.load('set', 'set system host-name R1\nset system bogus 1\n');
  t.false(s.ok);
  if (!s.ok) t.deepEqual(s.errors, [{ line: 2, col: 11, message: 'syntax error', near: 'bogus' }]);
  t.is(renderCurly(c.tree), before);
  t.false(c.load('merge', 'system {\n    host-name R2;\n').ok, 'unbalanced braces');
  t.is(renderCurly(c.tree), before);
});

test('load override replaces, merge merges, replace: tags replace a subtree', (t) => {
  const c = emptyCandidate();
  c.set([], words('system host-name Edge'));
  c.set([], words('security ike proposal p1 dh-group group2'));
  c.load('merge', 'security { ike { proposal p1 { lifetime-seconds 600; } } }');
  t.regex(renderCurly(c.tree), /dh-group group2;\n\s+lifetime-seconds 600;/);
  c.load('merge', 'security { ike { replace: proposal p1 { dh-group group5; } } }');
  t.notRegex(renderCurly(c.tree), /lifetime-seconds/);
  c.load('override', 'system { host-name R; }');
  t.is(renderCurly(c.tree), 'system {\n    host-name R;\n}\n');
});

test('curly rendering: one-line statements, quoting, inactive and annotations load back', (t) => {
  const c = emptyCandidate();
  const text = [
    'system {',
    '    host-name Edge;',
    '}',
    'interfaces {',
    '    ge-1/0/1 {',
    '        description "to the Internet";',
    '        unit 0 {',
    '            family inet {',
    '                address 1.1.70.2/28;',
    '            }',
    '        }',
    '    }',
    '}',
    'routing-options {',
    '    static {',
    '        route 0.0.0.0/0 next-hop st0.0;',
    '        /* black hole */',
    '        inactive: route 10.0.0.0/8 discard;',
    '    }',
    '}',
    'security {',
    '    ike {',
    '        traceoptions {',
    '            file kmd size 1m files 3;',
    '            flag all;',
    '        }',
    '    }',
    '    zones {',
    '        security-zone Public {',
    '            host-inbound-traffic {',
    '                system-services {',
    '                    ike;',
    '                    ping;',
    '                }',
    '            }',
    '            interfaces {',
    '                ge-1/0/1.0;',
    '            }',
    '        }',
    '    }',
    '}',
    '',
  ].join('\n');
  t.deepEqual(c.load('override', text), { ok: true });
  t.is(renderCurly(c.tree), text);
  t.regex(renderSet(c.tree), /set interfaces ge-1\/0\/1 description "to the Internet"\n/);
  t.regex(renderSet(c.tree), /set security zones security-zone Public host-inbound-traffic system-services ike\n/);
  t.regex(renderSet(c.tree), /set routing-options static route 10.0.0.0\/8 discard\ndeactivate routing-options static route 10.0.0.0\/8\n/);
});

test('display xml and json use Junos element names', (t) => {
  const c = emptyCandidate();
  c.set([], words('security policies from-zone Private to-zone Public policy out then permit tunnel ipsec-vpn TunnelA'));
  c.set([], words('security ike gateway gw dead-peer-detection always-send'));
  const xml = renderXml(c.tree, { release: '12.1X44-D10.4', commitSeconds: 1338544800, commitLocaltime: '2012-06-01 10:00:00 UTC', commitUser: 'admin' });
  t.regex(xml, /^<rpc-reply xmlns:junos="http:\/\/xml.juniper.net\/junos\/12.1X44-D10.4\/junos">\n {4}<configuration junos:commit-seconds="1338544800"/);
  t.regex(xml, /<policy>\n\s+<from-zone-name>Private<\/from-zone-name>\n\s+<to-zone-name>Public<\/to-zone-name>\n\s+<policy>\n\s+<name>out<\/name>/);
  t.regex(xml, /<always-send\/>/);
  const json = JSON.parse(renderJson(c.tree));
  t.deepEqual(json.configuration.security.ike.gateway[0]['dead-peer-detection'], { 'always-send': [null] });
  t.is(json.configuration.security.policies.policy[0]['from-zone-name'], 'Private');
});

test('one set line may set several statements of a node and descend further (Junos idiom)', (t) => {
  const c = emptyCandidate();
  const hash = '$6$EdgeAdmn$O8tfgRJjH9xQHbcZxETM9mzwc2ercdg3FtZzTAlcv6E669.mJesK6bmHM.i8U3HLximKjbDJw/yc26/NieulM.';
  t.deepEqual(c.set([], [...words('system login user alice uid 2001 class super-user authentication encrypted-password'), { text: hash, quoted: true }]), { ok: true });
  t.is(renderSet(c.tree), [
    'set system login user alice uid 2001',
    'set system login user alice class super-user',
    `set system login user alice authentication encrypted-password "${hash}"`,
    '',
  ].join('\n'));
  t.true(c.delete([], words('system login user alice uid')).ok);
  t.is(renderSet(c.tree).split('\n')[0], 'set system login user alice class super-user');
});
