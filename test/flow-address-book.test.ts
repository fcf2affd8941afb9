// Per-zone address books: addresses, address sets (nested), `any`, and zone scoping.
import test from 'ava';
import { AddressBooks, parsePrefix } from '../engine/flow/address-book.ts';
import { apply, openStore } from './helpers/config.ts';

const config = {
  security: {
    zones: {
      'security-zone': [
        {
          name: 'trust',
          'address-book': {
            address: [
              { name: 'lan', 'ip-prefix': '10.1.0.0/16' },
              { name: 'web1', 'ip-prefix': '10.1.1.10/32' },
              { name: 'web2', 'ip-prefix': '10.1.1.11/32' },
              { name: 'sloppy', 'ip-prefix': '10.9.9.9/24' },
              { name: 'shared', 'ip-prefix': '192.168.1.0/24' },
            ],
            'address-set': [
              { name: 'webs', address: [{ name: 'web1' }, { name: 'web2' }] },
              { name: 'all-servers', address: [{ name: 'web1' }, { name: 'sloppy' }], 'address-set': [{ name: 'webs' }] },
              { name: 'cycle-a', address: [{ name: 'lan' }], 'address-set': [{ name: 'cycle-b' }] },
              { name: 'cycle-b', 'address-set': [{ name: 'cycle-a' }] },
            ],
          },
        },
        { name: 'untrust', 'address-book': { address: [{ name: 'shared', 'ip-prefix': '172.16.0.0/12' }] } },
        { name: 'dmz' },
      ],
    },
  },
};
const books = AddressBooks.fromConfig(config);

test('addresses resolve to their prefix; host bits are cleared for matching', (t) => {
  t.deepEqual(books.resolve('trust', 'lan')!.map((p) => p.text), ['10.1.0.0/16']);
  t.true(books.book('trust').contains('lan', '10.1.200.3'));
  t.false(books.book('trust').contains('lan', '10.2.0.1'));
  t.true(books.book('trust').contains('sloppy', '10.9.9.200'));
  t.false(books.book('trust').contains('sloppy', '10.9.8.1'));
  t.is(books.resolve('trust', 'sloppy')![0]!.text, '10.9.9.9/24', 'shown as configured');
});

test('address sets flatten, nested sets included, each entry once, in configuration order', (t) => {
  t.deepEqual(books.resolve('trust', 'webs')!.map((p) => p.name), ['web1', 'web2']);
  t.deepEqual(books.resolve('trust', 'all-servers')!.map((p) => p.name), ['web1', 'sloppy', 'web2']);
  t.true(books.book('trust').contains('all-servers', '10.1.1.11'));
  t.false(books.book('trust').contains('webs', '10.1.1.12'));
  t.true(books.book('trust').isSet('webs'));
  t.false(books.book('trust').isSet('web1'));
});

test('a cycle of address sets resolves without looping', (t) => {
  t.deepEqual(books.resolve('trust', 'cycle-b')!.map((p) => p.name), ['lan']);
  t.deepEqual(books.resolve('trust', 'cycle-a')!.map((p) => p.name), ['lan']);
});

test('any resolves in every zone, even an undefined one, to 0.0.0.0/0', (t) => {
  for (const zone of ['trust', 'untrust', 'dmz', 'nonexistent']) {
    t.deepEqual(books.resolve(zone, 'any')!.map((p) => p.text), ['0.0.0.0/0']);
    t.true(books.book(zone).contains('any', '203.0.113.9'));
  }
  t.deepEqual(books.zones(), ['trust', 'untrust', 'dmz'], 'asking about an undefined zone defines nothing');
});

test('names are scoped to their zone: the same name differs per zone, and other zones do not see it', (t) => {
  t.deepEqual(books.resolve('trust', 'shared')!.map((p) => p.text), ['192.168.1.0/24']);
  t.deepEqual(books.resolve('untrust', 'shared')!.map((p) => p.text), ['172.16.0.0/12']);
  t.is(books.resolve('untrust', 'lan'), undefined);
  t.is(books.resolve('dmz', 'web1'), undefined);
  t.false(books.book('untrust').contains('lan', '10.1.0.1'));
});

test('prefixes parse as configured, hosts as /32, garbage not at all', (t) => {
  t.like(parsePrefix('h', '10.0.0.1'), { text: '10.0.0.1/32', length: 32 });
  t.like(parsePrefix('n', '0.0.0.0/0'), { network: 0, length: 0 });
  t.is(parsePrefix('x', '10.0.0.0/33'), undefined);
  t.is(parsePrefix('x', '10.0.0/8'), undefined);
});

test('from a committed configuration: inactive address-set members are left out', (t) => {
  const { store } = openStore();
  apply(
    store,
    'set security zones security-zone trust address-book address a1 10.0.0.1/32',
    'set security zones security-zone trust address-book address a2 10.0.0.2',
    'set security zones security-zone trust address-book address-set s address a1',
    'set security zones security-zone trust address-book address-set s address a2',
    'deactivate security zones security-zone trust address-book address-set s address a2',
  );
  t.true(store.commit(store.shared, { user: 'admin', client: 'cli' }).ok);
  const b = AddressBooks.fromConfig(store.committedView());
  t.deepEqual(b.resolve('trust', 's')!.map((p) => p.name), ['a1']);
  t.deepEqual(b.resolve('trust', 'a2')!.map((p) => p.text), ['10.0.0.2/32']);
});
