import test from 'ava';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatIssue, loadLabFile, parseLabFile } from '../engine/lab/lab-file.ts';

test('the default lab: Edge and Remote joined on ge-1/0/1, a LAN and host behind each', async (t) => {
  const r = await loadLabFile('labs/default.yaml');
  if (!r.ok) return t.fail(r.issues.map(formatIssue).join('\n'));
  const { lab } = r;
  t.is(lab.name, 'default');
  t.deepEqual(
    lab.devices.map((d) => [d.name, d.config, d.sshPort]),
    [
      ['Edge', resolve('labs/default/Edge.conf'), undefined],
      ['Remote', resolve('labs/default/Remote.conf'), undefined],
    ],
  );
  t.deepEqual(
    lab.segments.map((s) => [s.name, s.endpoints.map((e) => e.name)]),
    [
      ['edge-lan', ['Edge:ge-0/0/0', 'host:edge-lan-host']],
      ['edge-remote', ['Edge:ge-1/0/1', 'Remote:ge-1/0/1']],
      ['remote-lan', ['Remote:ge-0/0/0', 'host:remote-lan-host']],
    ],
  );
  t.deepEqual(lab.hosts, [
    { name: 'edge-lan-host', address: '10.1.10.5', prefixLength: 24, gateway: '10.1.10.1', segment: 'edge-lan' },
    { name: 'remote-lan-host', address: '10.1.210.5', prefixLength: 24, gateway: '10.1.210.1', segment: 'remote-lan' },
  ]);
  t.is(lab.seed, undefined);
  t.is(lab.clock, undefined);
});

test('the route-based lab parses and uses its own configurations', async (t) => {
  const r = await loadLabFile('labs/route-based.yaml');
  if (!r.ok) return t.fail(r.issues.map(formatIssue).join('\n'));
  t.is(r.lab.name, 'route-based');
  t.deepEqual(
    r.lab.devices.map((d) => d.config),
    [resolve('labs/route-based/Edge.conf'), resolve('labs/route-based/Remote.conf')],
  );
});

test('seed, clock, links without names, and hosts placed by their endpoint alone', (t) => {
  const r = parseLabFile(
    [
      'name: tiny',
      'seed: 42',
      'clock: virtual',
      'devices: [{ name: A, config: a.conf }, { name: B, config: b.conf }]',
      'links:',
      '  - endpoints: ["A:ge-0/0/1", "B:ge-0/0/1"]',
      '  - name: lan',
      '    endpoints: ["A:ge-0/0/0", "host:pc"]',
      'hosts:',
      '  - { name: pc, address: 192.0.2.9/24 }',
    ].join('\n'),
    '/labs/tiny.yaml',
  );
  if (!r.ok) return t.fail(r.issues.map(formatIssue).join('\n'));
  t.is(r.lab.seed, 42);
  t.is(r.lab.clock, 'virtual');
  t.is(r.lab.devices[0]!.config, '/labs/a.conf');
  t.deepEqual(r.lab.segments.map((s) => s.name), ['A:ge-0/0/1--B:ge-0/0/1', 'lan']);
  t.deepEqual(r.lab.hosts, [{ name: 'pc', address: '192.0.2.9', prefixLength: 24, segment: 'lan' }]);
});

test('a real-network endpoint names the host address it binds', (t) => {
  const r = parseLabFile('name: x\ndevices: [{ name: A, config: a }]\nsegments: [{ name: out, endpoints: ["A:ge-1/0/1", "real:198.18.0.1"] }]\n', 'x.yaml');
  if (!r.ok) return t.fail(r.issues.map(formatIssue).join('\n'));
  t.deepEqual(r.lab.segments[0]!.endpoints, [
    { name: 'A:ge-1/0/1', ref: { kind: 'device', device: 'A', interface: 'ge-1/0/1' } },
    { name: 'real:198.18.0.1', ref: { kind: 'real', address: '198.18.0.1' } },
  ]);
});

test('a host named only by its segment field joins that segment', (t) => {
  const r = parseLabFile(
    'name: x\ndevices: [{ name: A, config: a }]\nsegments: [{ name: lan, endpoints: ["A:ge-0/0/0"] }]\n' +
      'hosts: [{ name: pc, address: 10.0.0.2/24, gateway: 10.0.0.1, segment: lan }]\n',
    'x.yaml',
  );
  t.true(r.ok);
  if (r.ok) t.deepEqual(r.lab.segments[0]!.endpoints.map((e) => e.name), ['A:ge-0/0/0', 'host:pc']);
});

test('the NAT-T lab: nat-gw joins edge-nat (inside) and nat-remote (outside) with defaults for ports and timeout', async (t) => {
  const r = await loadLabFile('labs/nat-t.yaml');
  if (!r.ok) return t.fail(r.issues.map(formatIssue).join('\n'));
  t.deepEqual(r.lab.nats, [
    {
      name: 'nat-gw',
      inside: { segment: 'edge-nat', address: '192.168.1.1', prefixLength: 24 },
      outside: { segment: 'nat-remote', address: '1.1.70.2', prefixLength: 28, gateway: '1.1.70.1' },
      firstPort: 1024,
      idleTimeoutSeconds: 300,
    },
  ]);
  t.deepEqual(
    r.lab.segments.filter((s) => s.name.includes('nat')).map((s) => [s.name, s.endpoints]),
    [
      ['edge-nat', [{ name: 'Edge:ge-1/0/1', ref: { kind: 'device', device: 'Edge', interface: 'ge-1/0/1' } }, { name: 'nat:nat-gw:inside', ref: { kind: 'nat', nat: 'nat-gw', side: 'inside' } }]],
      ['nat-remote', [{ name: 'nat:nat-gw:outside', ref: { kind: 'nat', nat: 'nat-gw', side: 'outside' } }, { name: 'Remote:ge-1/0/1', ref: { kind: 'device', device: 'Remote', interface: 'ge-1/0/1' } }]],
    ],
  );
});

test('a NAT named only by its sides joins both segments; first-port and idle-timeout are read', (t) => {
  const r = parseLabFile(
    'name: x\ndevices: [{ name: A, config: a }]\nsegments: [{ name: lan, endpoints: ["A:ge-1/0/1"] }, { name: wan }]\n' +
      'nats:\n  - { name: gw, inside: { segment: lan, address: 10.0.0.1/24 }, outside: { segment: wan, address: 192.0.2.2/24 }, first-port: 31000, idle-timeout: 30 }\n',
    'x.yaml',
  );
  if (!r.ok) return t.fail(r.issues.map(formatIssue).join('\n'));
  t.deepEqual(r.lab.segments.map((s) => s.endpoints.map((e) => e.name)), [['A:ge-1/0/1', 'nat:gw:inside'], ['nat:gw:outside']]);
  t.like(r.lab.nats[0], { outside: { segment: 'wan', address: '192.0.2.2', prefixLength: 24 }, firstPort: 31000, idleTimeoutSeconds: 30 });
  t.false('gateway' in r.lab.nats[0]!.outside);
});

/** Parse, expect failure, and return the formatted messages. */
function problems(text: string): string[] {
  const r = parseLabFile(text, 'bad.yaml');
  return r.ok ? [] : r.issues.map(formatIssue);
}

const base = 'name: bad\ndevices:\n  - name: Edge\n    config: e.conf\n  - name: Remote\n    config: r.conf\n';

const natSegments = 'segments:\n  - { name: a, endpoints: ["Edge:ge-1/0/1"] }\n  - { name: b, endpoints: ["Remote:ge-1/0/1"] }\n';
/** A NAT `gw` (lines 10 to 13 after base and natSegments) with the given sides. */
const nat = (inside: string, outside: string, extra = '') => `nats:\n  - name: gw\n    inside: ${inside}\n    outside: ${outside}\n${extra}`;
const goodNat = nat('{ segment: a, address: 192.168.1.1/24 }', '{ segment: b, address: 1.1.70.2/28, gateway: 1.1.70.1 }');

const broken: [string, string, RegExp][] = [
  ['YAML syntax', 'name: [unclosed\ndevices: 3\n', /^bad\.yaml:\d+:\d+: /],
  ['not a mapping', '- a\n- b\n', /^bad\.yaml:1:1: a lab file is a mapping/],
  ['empty file', '', /^bad\.yaml: a lab file is a mapping/],
  ['duplicate key', 'name: a\nname: b\n', /^bad\.yaml:2:1: .*[Uu]nique/],
  ['missing name', 'devices: [{ name: A, config: a }]\n', /^bad\.yaml:1:1: the lab is missing "name"/],
  ['unknown top-level key', base + 'segmnets: []\n', /^bad\.yaml:7:1: unknown key "segmnets" in the lab/],
  ['device without config', 'name: x\ndevices:\n  - name: A\n', /^bad\.yaml:3:5: device "A" is missing "config"/],
  ['bad ssh-port', base.replace('config: r.conf', 'config: r.conf\n    ssh-port: 70000'), /^bad\.yaml:7:15: ssh-port must be an integer/],
  ['reused ssh-port', 'name: x\ndevices:\n  - { name: A, config: a, ssh-port: 22 }\n  - { name: B, config: b, ssh-port: 22 }\n', /^bad\.yaml:4:37: ssh-port 22 is already used by device "A"/],
  ['duplicate device', 'name: x\ndevices:\n  - { name: A, config: a }\n  - { name: A, config: b }\n', /^bad\.yaml:4:13: device "A" is defined twice/],
  ['unknown device in endpoint', base + 'segments:\n  - name: s\n    endpoints: ["Edg:ge-1/0/1", "Remote:ge-1/0/1"]\n', /^bad\.yaml:9:17: endpoint "Edg:ge-1\/0\/1" names device "Edg"/],
  ['logical interface as endpoint', base + 'segments:\n  - name: s\n    endpoints: ["Edge:ge-1/0/1.0"]\n', /^bad\.yaml:9:17: .*not a physical interface/],
  ['endpoint on two segments', base + 'segments:\n  - { name: s, endpoints: ["Edge:ge-1/0/1"] }\n  - { name: t, endpoints: ["Edge:ge-1/0/1"] }\n', /^bad\.yaml:9:28: endpoint "Edge:ge-1\/0\/1" is already attached to segment "s"/],
  ['unknown host', base + 'segments:\n  - { name: s, endpoints: ["host:pc"] }\n', /^bad\.yaml:8:28: .*names host "pc", which is not in hosts/],
  ['bad host address', base + 'hosts:\n  - { name: pc, address: 10.1.10.500/24, segment: s }\n', /^bad\.yaml:8:26: address "10\.1\.10\.500\/24" is not an IPv4/],
  ['gateway off-subnet', base + 'segments: [{ name: s }]\nhosts:\n  - { name: pc, address: 10.1.10.5/24, gateway: 10.1.11.1, segment: s }\n', /^bad\.yaml:9:49: gateway 10\.1\.11\.1 is not in 10\.1\.10\.5\/24/],
  ['host on no segment', base + 'hosts:\n  - { name: pc, address: 10.1.10.5/24 }\n', /^bad\.yaml:8:5: host "pc" is on no segment/],
  ['host on unknown segment', base + 'hosts:\n  - { name: pc, address: 10.1.10.5/24, segment: nowhere }\n', /^bad\.yaml:8:49: host "pc" names unknown segment "nowhere"/],
  ['host listed on the wrong segment', base + 'segments:\n  - { name: s, endpoints: ["host:pc"] }\nhosts:\n  - { name: pc, address: 10.0.0.1/8, segment: t }\n', /^bad\.yaml:8:28: host "pc" is on segment "t", not "s"/],
  ['clock', 'clock: sundial\n' + base, /^bad\.yaml:1:8: clock must be "virtual" or "real"/],
  ['devices not a list', 'name: x\ndevices: Edge\n', /^bad\.yaml:2:10: devices must be a list/],
  ['device named host', 'name: x\ndevices: [{ name: host, config: h }]\n', /^bad\.yaml:2:19: "host" is reserved/],
  ['device named real', 'name: x\ndevices: [{ name: real, config: h }]\n', /^bad\.yaml:2:19: "real" is reserved for real-network endpoints/],
  ['NAT on an unknown segment', base + natSegments + nat('{ segment: nowhere, address: 192.168.1.1/24 }', '{ segment: b, address: 1.1.70.2/28 }'), /^bad\.yaml:12:24: NAT "gw" inside names unknown segment "nowhere"/],
  ['bad NAT address', base + natSegments + nat('{ segment: a, address: 192.168.1.300/24 }', '{ segment: b, address: 1.1.70.2/28 }'), /^bad\.yaml:12:36: address "192\.168\.1\.300\/24" is not an IPv4/],
  ['NAT gateway off-subnet', base + natSegments + nat('{ segment: a, address: 192.168.1.1/24 }', '{ segment: b, address: 1.1.70.2/28, gateway: 1.1.71.1 }'), /^bad\.yaml:13:59: gateway 1\.1\.71\.1 is not in 1\.1\.70\.2\/28/],
  ['a gateway on the inside', base + natSegments + nat('{ segment: a, address: 192.168.1.1/24, gateway: 192.168.1.254 }', '{ segment: b, address: 1.1.70.2/28 }'), /^bad\.yaml:12:52: unknown key "gateway" in NAT "gw" inside/],
  ['device named nat', 'name: x\ndevices: [{ name: nat, config: h }]\n', /^bad\.yaml:2:19: "nat" is reserved for NAT endpoints/],
  ['NAT listed on a third segment', base + natSegments + '  - { name: c, endpoints: ["nat:gw"] }\n' + goodNat, /^bad\.yaml:10:28: NAT "gw" has its inside on segment "a" and its outside on "b", not "c"/],
  ['NAT listed twice on its segment', base + 'segments:\n  - { name: a, endpoints: ["nat:gw", "nat:gw"] }\n  - { name: b }\n' + goodNat, /^bad\.yaml:8:38: endpoint "nat:gw:inside" is already attached to segment "a"/],
  ['unknown NAT', base + 'segments:\n  - { name: a, endpoints: ["Edge:ge-1/0/1", "nat:gx"] }\n  - { name: b }\n' + goodNat, /^bad\.yaml:8:45: endpoint "nat:gx" names NAT "gx", which is not in nats/],
  ['NAT inside and outside on one segment', base + natSegments + nat('{ segment: a, address: 192.168.1.1/24 }', '{ segment: a, address: 1.1.70.2/28 }'), /^bad\.yaml:13:25: NAT "gw" has its inside and outside on the same segment "a"/],
  ['NAT subnets overlapping', base + natSegments + nat('{ segment: a, address: 10.0.0.1/8 }', '{ segment: b, address: 10.1.70.2/28 }'), /^bad\.yaml:11:5: NAT "gw": inside 10\.0\.0\.1\/8 and outside 10\.1\.70\.2\/28 overlap/],
  ['NAT without an outside', base + natSegments + 'nats:\n  - name: gw\n    inside: { segment: a, address: 192.168.1.1/24 }\n', /^bad\.yaml:11:5: NAT "gw" is missing "outside"/],
  ['NAT side not a mapping', base + natSegments + nat('a', '{ segment: b, address: 1.1.70.2/28 }'), /^bad\.yaml:12:13: NAT "gw" inside is a mapping with segment and address/],
  ['bad first-port', base + natSegments + goodNat + '    first-port: 0\n', /^bad\.yaml:14:17: first-port must be an integer from 1 to 65535/],
  ['bad idle-timeout', base + natSegments + goodNat + '    idle-timeout: 2.5\n', /^bad\.yaml:14:19: idle-timeout must be an integer from 1 to 86400/],
  ['NAT defined twice', base + natSegments + goodNat + '  - name: gw\n    inside: { segment: a, address: 192.168.2.1/24 }\n    outside: { segment: b, address: 1.1.70.3/28 }\n', /^bad\.yaml:14:11: NAT "gw" is defined twice/],
  ['real endpoint without an address', base + 'segments:\n  - { name: s, endpoints: ["Edge:ge-1/0/1", "real:edge.example"] }\n', /^bad\.yaml:8:45: endpoint "real:edge\.example": "edge\.example" is not an IPv4 address/],
];

for (const [what, text, expected] of broken) {
  test(`a broken lab file is reported with its line: ${what}`, (t) => {
    const msgs = problems(text);
    t.true(msgs.length > 0, 'expected an error');
    t.true(msgs.some((m) => expected.test(m)), msgs.join('\n'));
  });
}

test('a missing configuration file and a missing lab file are reported, not thrown', async (t) => {
  const r = await loadLabFile('labs/does-not-exist.yaml');
  t.false(r.ok);
  if (!r.ok) t.regex(formatIssue(r.issues[0]!), /cannot read lab file/);

  const dir = await mkdtemp(join(tmpdir(), 'srxsim-lab-'));
  try {
    await writeFile(join(dir, 'lab.yaml'), 'name: x\ndevices: [{ name: A, config: A.conf }]\n');
    const missing = await loadLabFile(join(dir, 'lab.yaml'));
    t.false(missing.ok);
    if (!missing.ok) t.regex(formatIssue(missing.issues[0]!), /device "A": configuration file .*A\.conf does not exist/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
