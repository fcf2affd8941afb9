import test from 'ava';
import type { IkeSaSnapshot } from '../engine/ike/sa/index.ts';
import { formatIkeActivePeers, ikeActivePeersXml, renderXmlElement } from '../modes/security/index.ts';
import { configureBoth, Lab } from './ike-v1-lab.ts';

function ikeSa(over: Partial<IkeSaSnapshot>): IkeSaSnapshot {
  return {
    index: 1,
    gateway: 'gw',
    remoteAddress: '100.64.50.21',
    remotePort: 500,
    localAddress: '100.64.50.1',
    localPort: 500,
    state: 'UP',
    initiatorCookie: '1927f01c38bc08db',
    responderCookie: 'ca631d7f107c871d',
    mode: 'Main',
    role: 'responder',
    localIdentity: 'ipv4 100.64.50.1',
    remoteIdentity: 'fqdn spoke-01.autovpn-01.domain',
    counters: { bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0 },
    ipsecSaPairs: 1,
    ...over,
  };
}

test('the notes §3.6 table: one line per active peer', (t) => {
  const sas = [ikeSa({}), ikeSa({ index: 2, remoteAddress: '100.64.50.22', remoteIdentity: 'fqdn spoke-02.autovpn-01.domain' })];
  t.is(
    formatIkeActivePeers(sas),
    [
      'Remote Address                      Port     Peer IKE-ID',
      '100.64.50.21                        500      spoke-01.autovpn-01.domain',
      '100.64.50.22                        500      spoke-02.autovpn-01.domain',
      '',
    ].join('\n'),
  );
});

test('only UP SAs count, a peer with two SAs is listed once, IPv4 IDs show the address', (t) => {
  const sas = [
    ikeSa({ index: 1, remoteAddress: '10.0.0.2', remoteIdentity: 'ipv4 10.0.0.2' }),
    ikeSa({ index: 2, remoteAddress: '10.0.0.2', remoteIdentity: 'ipv4 10.0.0.2' }),
    ikeSa({ index: 3, remoteAddress: '10.0.0.3', state: 'DOWN', remoteIdentity: undefined }),
    ikeSa({ index: 4, remoteAddress: '10.0.0.4', remotePort: 4500, remoteIdentity: 'user-fqdn vpn@example.net' }),
  ];
  t.deepEqual(formatIkeActivePeers(sas).split('\n').slice(1), [
    '10.0.0.2                            500      10.0.0.2',
    '10.0.0.4                            4500     vpn@example.net',
    '',
  ]);
});

test('a very long address leaves one space before Port; Peer IKE-ID is back on its stop (45)', (t) => {
  const long = 'fe80:0000:0000:0000:0202:b3ff:fe1e:8329';
  t.is(formatIkeActivePeers([ikeSa({ remoteAddress: long })]).split('\n')[1], `${long} 500  spoke-01.autovpn-01.domain`);
});

test('no active peer: nothing printed; XML is the empty container', (t) => {
  t.is(formatIkeActivePeers([]), '');
  t.is(formatIkeActivePeers([ikeSa({ state: 'DOWN' })]), '');
  t.is(renderXmlElement(ikeActivePeersXml([])), '<ike-active-peers-information></ike-active-peers-information>');
});

test('xml: <ike-active-peers-information> with the RPC field names', (t) => {
  t.is(
    renderXmlElement(ikeActivePeersXml([ikeSa({})])),
    [
      '<ike-active-peers-information>',
      '    <ike-active-peers>',
      '        <ike-sa-remote-address>100.64.50.21</ike-sa-remote-address>',
      '        <ike-sa-remote-port>500</ike-sa-remote-port>',
      '        <ike-ike-id>spoke-01.autovpn-01.domain</ike-ike-id>',
      '    </ike-active-peers>',
      '</ike-active-peers-information>',
    ].join('\n'),
  );
});

test('real engine: each side lists the other as its active peer', (t) => {
  const lab = new Lab();
  configureBoth(lab);
  t.is(formatIkeActivePeers(lab.A.ikeSas()).split('\n')[1], '10.0.0.2                            500      10.0.0.2');
  t.is(formatIkeActivePeers(lab.B.ikeSas()).split('\n')[1], '10.0.0.1                            500      10.0.0.1');
});
