// Property: over random small configurations (zones with address books and nested address
// sets, user applications and application sets, policies in several contexts) and random
// packets, PolicyTable.lookup never throws and agrees with a naive reference that reads the
// configuration object directly; the hit counters tally exactly the reference's matches.
import test from 'ava';
import fc from 'fast-check';
import type { ConfigObject } from '../engine/config/view.ts';
import { PolicyCounters, PolicyTable } from '../engine/flow/policy.ts';
import type { FlowTuple } from '../engine/flow/tuple.ts';

const ZONES = ['A', 'B', 'C'];
const ADDRESS_NAMES = ['n0', 'n1', 'n2', 'n3'];
const SET_NAMES = ['s0', 's1'];
const APP_NAMES = ['u0', 'u1', 'u2'];
const APP_SET_NAMES = ['g0', 'g1'];
const PREDEFINED_USED = ['any', 'junos-http', 'junos-https', 'junos-ssh', 'junos-dns-udp', 'junos-icmp-all', 'junos-ping', 'junos-gre'];

// ---- the naive reference -------------------------------------------------------------------

const REF_PREDEFINED: Record<string, { protocol?: number; dport?: number }> = {
  any: {},
  'junos-http': { protocol: 6, dport: 80 },
  'junos-https': { protocol: 6, dport: 443 },
  'junos-ssh': { protocol: 6, dport: 22 },
  'junos-dns-udp': { protocol: 17, dport: 53 },
  'junos-icmp-all': { protocol: 1 },
  'junos-ping': { protocol: 1 },
  'junos-gre': { protocol: 47 },
};

function refIp(s: string): number | undefined {
  if (!/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(s)) return undefined;
  const o = s.split('.').map(Number);
  if (o.some((x) => x > 255)) return undefined;
  return o[0]! * 16777216 + o[1]! * 65536 + o[2]! * 256 + o[3]!;
}

function refInPrefix(ip: number, prefix: string): boolean {
  const [a, l] = prefix.split('/');
  const base = refIp(a!)!;
  const size = 2 ** (32 - Number(l));
  return Math.floor(ip / size) === Math.floor(base / size);
}

const list = (v: unknown) => (Array.isArray(v) ? (v as ConfigObject[]) : []);

function refAddress(config: ConfigObject, zone: string, name: string, ip: number, seen = new Set<string>()): boolean {
  if (name === 'any') return true;
  const z = list((config.security as ConfigObject).zones && ((config.security as ConfigObject).zones as ConfigObject)['security-zone']).find((x) => x.name === zone);
  const book = (z?.['address-book'] ?? {}) as ConfigObject;
  const addr = list(book.address).find((a) => a.name === name);
  if (addr) return refInPrefix(ip, String(addr['ip-prefix']));
  const set = list(book['address-set']).find((s) => s.name === name);
  if (!set || seen.has(name)) return false;
  seen.add(name);
  return list(set.address).some((m) => refAddress(config, zone, String(m.name), ip, seen)) || list(set['address-set']).some((m) => refAddress(config, zone, String(m.name), ip, seen));
}

function refPort(text: string | undefined, port: number | undefined): boolean {
  if (text === undefined) return true;
  if (port === undefined) return false;
  if (text === 'http') return port === 80;
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return false;
  return port >= Number(m[1]) && port <= Number(m[2] ?? m[1]);
}

function refApp(config: ConfigObject, name: string, t: FlowTuple, seen = new Set<string>()): boolean {
  const apps = (config.applications ?? {}) as ConfigObject;
  const user = list(apps.application).find((a) => a.name === name);
  if (user) {
    const protocol = user.protocol === undefined ? undefined : ({ tcp: 6, udp: 17, icmp: 1 } as Record<string, number>)[String(user.protocol)] ?? Number(user.protocol);
    if (protocol === undefined) return true;
    if (protocol !== t.protocol) return false;
    if (protocol === 6 || protocol === 17) return refPort(user['source-port'] as string | undefined, t.sourcePort) && refPort(user['destination-port'] as string | undefined, t.destinationPort);
    if (protocol === 1) return user['icmp-type'] === undefined || user['icmp-type'] === t.icmpType;
    return true;
  }
  const set = list(apps['application-set']).find((s) => s.name === name);
  if (set) {
    if (seen.has(name)) return false;
    seen.add(name);
    return list(set.application).some((m) => refApp(config, String(m.name), t, seen));
  }
  const pre = REF_PREDEFINED[name];
  if (!pre) return false;
  if (pre.protocol === undefined) return true;
  return pre.protocol === t.protocol && (pre.dport === undefined || t.destinationPort === pre.dport);
}

interface RefResult {
  name?: string;
  action: string;
}

function reference(config: ConfigObject, from: string, to: string, t: FlowTuple): RefResult {
  const pols = (config.security as ConfigObject).policies as ConfigObject;
  const src = refIp(t.source);
  const dst = refIp(t.destination);
  if (src !== undefined && dst !== undefined) {
    const ctx = list(pols['from-zone']).find((c) => c.name === from && c['to-zone'] === to);
    for (const p of list(ctx?.policy)) {
      const match = p.match as ConfigObject;
      const ok =
        (match['source-address'] as string[]).some((n) => refAddress(config, from, n, src)) &&
        (match['destination-address'] as string[]).some((n) => refAddress(config, to, n, dst)) &&
        (match.application as string[]).some((n) => refApp(config, n, t));
      if (ok) {
        const then = p.then as ConfigObject;
        const tunnel = ((then.permit as ConfigObject | undefined)?.tunnel as ConfigObject | undefined)?.['ipsec-vpn'];
        const action = then.deny ? 'deny' : then.reject ? 'reject' : tunnel ? `permit tunnel ${String(tunnel)}` : 'permit';
        return { name: String(p.name), action };
      }
    }
  }
  return { action: (pols['default-policy'] as ConfigObject | undefined)?.['permit-all'] ? 'permit' : 'deny' };
}

// ---- generators ----------------------------------------------------------------------------

const prefix = fc
  .record({ b: fc.integer({ min: 0, max: 3 }), c: fc.integer({ min: 0, max: 3 }), d: fc.constantFrom(0, 1, 64, 130), len: fc.constantFrom(16, 24, 26, 30, 32, 32) })
  .map(({ b, c, d, len }) => `10.${b}.${c}.${d}/${len}`);

const subset = <T>(items: readonly T[], min = 0, max = items.length) => fc.shuffledSubarray([...items], { minLength: min, maxLength: max });

const setOf = (name: string, addresses: string[], nested: fc.Arbitrary<string[]>) =>
  fc.record({ name: fc.constant(name), address: subset(addresses, 0, 2).map((ms) => ms.map((m) => ({ name: m }))), 'address-set': nested.map((ms) => ms.map((m) => ({ name: m }))) });
// s1 usually nests s0 (and sometimes itself); s0 sometimes nests s1, closing a cycle.
const book = fc.record({
  address: subset(ADDRESS_NAMES, 3).chain((names) => fc.tuple(...names.map((name) => prefix.map((p) => ({ name, 'ip-prefix': p }))))),
  'address-set': fc.tuple(
    setOf('s0', ['n0', 'n1', 'ghost'], fc.oneof({ weight: 3, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.constant<string[]>(['s1']) })),
    setOf('s1', ['n2', 'n3'], fc.oneof({ weight: 3, arbitrary: fc.constant<string[]>(['s0']) }, { weight: 1, arbitrary: fc.constant<string[]>(['s1', 's0']) }, { weight: 1, arbitrary: fc.constant<string[]>([]) })),
  ),
});

const userApp = (name: string) =>
  fc.oneof(
    fc.record({ name: fc.constant(name), protocol: fc.constantFrom('tcp', 'udp'), 'destination-port': fc.option(fc.constantFrom('22', '53', '80', '1000-2000', 'http', 'bogus'), { nil: undefined }), 'source-port': fc.option(fc.constantFrom('1024-65535', '53'), { nil: undefined }) }, { requiredKeys: ['name', 'protocol'] }),
    fc.record({ name: fc.constant(name), protocol: fc.constant('icmp'), 'icmp-type': fc.option(fc.constantFrom(0, 8), { nil: undefined }) }, { requiredKeys: ['name', 'protocol'] }),
    fc.record({ name: fc.constant(name), protocol: fc.constantFrom('47', '50') }),
    fc.constant({ name }),
  );

const applications = fc.record({
  application: fc.tuple(...APP_NAMES.map(userApp)),
  'application-set': fc.tuple(
    ...APP_SET_NAMES.map((name) => subset([...APP_NAMES, ...APP_SET_NAMES, ...PREDEFINED_USED], 1, 3).map((ms) => ({ name, application: ms.map((m) => ({ name: m })) }))),
  ),
});

const addressRefs = fc.oneof(fc.constant<string[]>(['any']), fc.constantFrom<string[]>(['s0'], ['s1']), subset(['any', ...ADDRESS_NAMES, ...SET_NAMES, 'zz'], 1, 2));
const appRefs = fc.oneof(fc.constant<string[]>(['any']), subset([...PREDEFINED_USED, ...APP_NAMES, ...APP_SET_NAMES], 1, 2));
const then = fc.constantFrom<ConfigObject>({ deny: true }, { reject: true }, { permit: {} }, { permit: { tunnel: { 'ipsec-vpn': 'V1' } } }, { permit: {}, count: true });

const context = ([from, to]: [string, string]) =>
  fc.integer({ min: 0, max: 4 }).chain((n) =>
    fc.tuple(...Array.from({ length: n }, (_, i) => fc.record({ name: fc.constant(`p${i}`), match: fc.record({ 'source-address': addressRefs, 'destination-address': addressRefs, application: appRefs }), then }))).map((policy) => ({ name: from, 'to-zone': to, policy })),
  );

const configArb = fc
  .record({
    books: fc.tuple(book, book),
    applications,
    contexts: subset<[string, string]>([['A', 'B'], ['B', 'A'], ['A', 'A'], ['A', 'C']], 0, 4).chain((pairs) => fc.tuple(...pairs.map(context))),
    permitAll: fc.boolean(),
  })
  .map(({ books, applications, contexts, permitAll }): ConfigObject => ({
    applications,
    security: {
      zones: { 'security-zone': [{ name: 'A', 'address-book': books[0] }, { name: 'B', 'address-book': books[1] }, { name: 'C' }] },
      policies: { 'from-zone': contexts, ...(permitAll ? { 'default-policy': { 'permit-all': true } } : {}) },
      ipsec: { vpn: [{ name: 'V1' }] },
    },
  }));

const address = fc.oneof(
  { weight: 6, arbitrary: fc.record({ b: fc.integer({ min: 0, max: 3 }), c: fc.integer({ min: 0, max: 3 }), d: fc.constantFrom(0, 1, 2, 64, 65, 130, 255) }).map(({ b, c, d }) => `10.${b}.${c}.${d}`) },
  { weight: 1, arbitrary: fc.constantFrom('192.0.2.1', '11.0.0.1', '0.0.0.0', '255.255.255.255') },
  { weight: 1, arbitrary: fc.oneof(fc.string(), fc.constantFrom('10.0.0.256', '10.0.0', '', '1.2.3.4.5')) },
);
const port = fc.option(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(22, 53, 80, 443, 1000, 1500, 2000, 3000, 40000) }, { weight: 1, arbitrary: fc.integer() }), { nil: undefined });
const tuple: fc.Arbitrary<FlowTuple> = fc.record(
  {
    source: address,
    destination: address,
    protocol: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(1, 6, 17, 47, 50) }, { weight: 1, arbitrary: fc.integer() }),
    sourcePort: fc.option(fc.constantFrom(53, 1023, 1024, 40000), { nil: undefined }),
    destinationPort: port,
    icmpType: fc.option(fc.constantFrom(0, 8, 3), { nil: undefined }),
  },
  { requiredKeys: ['source', 'destination', 'protocol'] },
);
const anyPair = fc.tuple(fc.constantFrom(...ZONES, 'D'), fc.constantFrom(...ZONES, 'D'));
// Mostly packets for a context the configuration has, some for any zone pair.
const packetsFor = (config: ConfigObject) => {
  const pairs = list(((config.security as ConfigObject).policies as ConfigObject)['from-zone']).map((c) => [String(c.name), String(c['to-zone'])] as [string, string]);
  const pair = pairs.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pairs) }, { weight: 1, arbitrary: anyPair }) : anyPair;
  return fc.array(fc.record({ pair, tuple }).map(({ pair: [from, to], tuple: tp }) => ({ from, to, tuple: tp })), { minLength: 1, maxLength: 30 });
};

test('lookup agrees with a naive reference, never throws, and counts exactly the matches', (t) => {
  let decided = 0;
  let matched = 0;
  fc.assert(
    fc.property(configArb.chain((config) => fc.tuple(fc.constant(config), packetsFor(config))), ([config, packets]) => {
      const table = PolicyTable.fromConfig(config);
      const counters = new PolicyCounters();
      const expectedHits = new Map<string, number>();
      for (const { from, to, tuple: tp } of packets) {
        const got = table.lookup(from, to, tp, counters);
        const want = reference(config, from, to, tp);
        const gotAction = got.action.kind === 'permit' && got.action.tunnel ? `permit tunnel ${got.action.tunnel.ipsecVpn}` : got.action.kind;
        const gotName = 'policy' in got ? got.policy.name : undefined;
        if (gotName !== want.name || gotAction !== want.action) {
          throw new Error(`${from}->${to} ${JSON.stringify(tp)}: got ${gotName}/${gotAction}, reference ${want.name}/${want.action}`);
        }
        decided++;
        if (want.name !== undefined) {
          matched++;
          const key = `${from}>${to}>${want.name}`;
          expectedHits.set(key, (expectedHits.get(key) ?? 0) + 1);
        }
      }
      for (const p of table.policies()) {
        const want = expectedHits.get(`${p.fromZone}>${p.toZone}>${p.name}`) ?? 0;
        if (counters.hits(p) !== want) throw new Error(`hits of ${p.name}: ${counters.hits(p)} != ${want}`);
      }
    }),
    { numRuns: 800, seed: 20120601 },
  );
  // The generators must produce real matches (about one lookup in ten does), not only default-policy decisions.
  t.log(`${matched} of ${decided} lookups matched a policy`);
  t.true(matched > decided / 20, `${matched} of ${decided} lookups matched a policy`);
});
