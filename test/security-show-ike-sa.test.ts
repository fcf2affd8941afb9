import test from 'ava';
import type { IkeSaSnapshot } from '../engine/ike/sa/index.ts';
import {
  formatIkeSecurityAssociations,
  IKE_SA_PROFILE_24,
  ikeSecurityAssociationsXml,
  renderRpcReply,
  renderXmlElement,
} from '../modes/security/index.ts';
import { configureBoth, Lab } from './ike-v1-lab.ts';

function ikeSa(over: Partial<IkeSaSnapshot> = {}): IkeSaSnapshot {
  return {
    index: 19,
    gateway: 'ike-phase1-gateway',
    remoteAddress: '1.1.70.1',
    remotePort: 500,
    localAddress: '1.1.80.2',
    localPort: 500,
    state: 'UP',
    initiatorCookie: '1927f01c38bc08db',
    responderCookie: 'ca631d7f107c871d',
    mode: 'Main',
    role: 'initiator',
    authenticationMethod: 'pre-shared-keys',
    encryptionAlgorithm: '3des-cbc',
    authenticationAlgorithm: 'md5',
    dhGroup: 'group2',
    lifetimeSeconds: 28800,
    remainingSeconds: 28478,
    establishedAt: 1000,
    localIdentity: 'ipv4 1.1.80.2',
    remoteIdentity: 'ipv4 1.1.70.1',
    counters: { bytesIn: 1052, bytesOut: 1324, packetsIn: 5, packetsOut: 6 },
    ipsecSaPairs: 1,
    ...over,
  };
}

const HEADER_12 = 'Index   Remote Address  State  Initiator cookie  Responder cookie  Mode';

test('brief: the seed policy-based row (seed l. 1174-1179), columns at their 12.x stops', (t) => {
  t.is(
    formatIkeSecurityAssociations([ikeSa()]),
    [HEADER_12, '19      1.1.70.1        UP     1927f01c38bc08db  ca631d7f107c871d  Main', ''].join('\n'),
  );
});

test('brief is the default; `brief` prints the same table', (t) => {
  t.is(formatIkeSecurityAssociations([ikeSa()], { level: 'brief' }), formatIkeSecurityAssociations([ikeSa()]));
});

test('brief: 12.x lists the newest index first (seed route-based slide: 2 then 1)', (t) => {
  const sas = [
    ikeSa({ index: 1, initiatorCookie: '044f6f7455e6abbb', responderCookie: '97428c95adef94aa' }),
    ikeSa({ index: 2, initiatorCookie: '04c17bc8fee7056d', responderCookie: '5cfd8286f6415e9b' }),
  ];
  t.is(
    formatIkeSecurityAssociations(sas),
    [
      HEADER_12,
      '2       1.1.70.1        UP     04c17bc8fee7056d  5cfd8286f6415e9b  Main',
      '1       1.1.70.1        UP     044f6f7455e6abbb  97428c95adef94aa  Main',
      '',
    ].join('\n'),
  );
});

test('brief: an index and an address that fill their columns push by one space, later columns realign', (t) => {
  const sas = [
    ikeSa({ index: 10827715, remoteAddress: '203.113.200.255', mode: 'Aggressive' }),
    ikeSa({ index: 3, remoteAddress: '10.0.0.2', state: 'DOWN', responderCookie: '0000000000000000' }),
  ];
  t.is(
    formatIkeSecurityAssociations(sas),
    [
      HEADER_12,
      '10827715 203.113.200.255 UP    1927f01c38bc08db  ca631d7f107c871d  Aggressive',
      '3       10.0.0.2        DOWN   1927f01c38bc08db  0000000000000000  Main',
      '',
    ].join('\n'),
  );
});

test('the 24.4 profile: Remote Address last, exactly the notes sample row', (t) => {
  const sa = ikeSa({ index: 10827726, remoteAddress: '50.233.235.222', initiatorCookie: '0f33732903bd3ed7', responderCookie: 'ed31e2cf6088415f' });
  t.is(
    formatIkeSecurityAssociations([sa], {}, IKE_SA_PROFILE_24),
    [
      'Index   State  Initiator cookie  Responder cookie  Mode           Remote Address',
      '10827726 UP    0f33732903bd3ed7  ed31e2cf6088415f  Main           50.233.235.222',
      '',
    ].join('\n'),
  );
});

test('empty: nothing at all is printed, in brief and detail', (t) => {
  t.is(formatIkeSecurityAssociations([]), '');
  t.is(formatIkeSecurityAssociations([], { level: 'detail' }), '');
  t.is(formatIkeSecurityAssociations([ikeSa()], { index: 7 }), '', 'filtered to nothing');
});

test('filters: index N and ADDRESS', (t) => {
  const sas = [ikeSa({ index: 4, remoteAddress: '72.21.209.225' }), ikeSa({ index: 3, remoteAddress: '72.21.209.193' })];
  const only = (out: string) => out.split('\n').slice(1, -1).map((l) => l.split(/\s+/)[0]);
  t.deepEqual(only(formatIkeSecurityAssociations(sas)), ['4', '3']);
  t.deepEqual(only(formatIkeSecurityAssociations(sas, { index: 3 })), ['3']);
  t.deepEqual(only(formatIkeSecurityAssociations(sas, { address: '72.21.209.225' })), ['4']);
  t.is(formatIkeSecurityAssociations(sas, { index: 3, address: '72.21.209.225' }), '');
});

const DETAIL_19 = [
  'IKE peer 1.1.70.1, Index 19, Gateway Name: ike-phase1-gateway',
  '  Role: Initiator, State: UP',
  '  Initiator cookie: 1927f01c38bc08db, Responder cookie: ca631d7f107c871d',
  '  Exchange type: Main, Authentication method: Pre-shared-keys',
  '  Local: 1.1.80.2:500, Remote: 1.1.70.1:500',
  '  Lifetime: Expires in 28478 seconds',
  '  Peer ike-id: 1.1.70.1',
  '  Algorithms:',
  '   Authentication        : hmac-md5-96',
  '   Encryption            : 3des-cbc',
  '   Pseudo random function: hmac-md5',
  '   Diffie-Hellman group  : DH-group-2',
  '  Traffic statistics:',
  '   Input  bytes  :                 1052',
  '   Output bytes  :                 1324',
  '   Input  packets:                    5',
  '   Output packets:                    6',
  '  IPSec security associations: 2 created, 0 deleted',
  '  Phase 2 negotiations in progress: 0',
];

test('detail: one block per SA with the 12.x indentation and Junos algorithm names', (t) => {
  t.is(formatIkeSecurityAssociations([ikeSa()], { level: 'detail' }), DETAIL_19.join('\n') + '\n');
});

test('detail: a responder with AES/SHA1/group14, an FQDN peer ID and big counters', (t) => {
  const sa = ikeSa({
    index: 5,
    role: 'responder',
    mode: 'Aggressive',
    encryptionAlgorithm: 'aes-256-cbc',
    authenticationAlgorithm: 'sha1',
    dhGroup: 'group14',
    remoteIdentity: 'fqdn spoke-01.example.net',
    remotePort: 4500,
    counters: { bytesIn: 171220, bytesOut: 12345678901, packetsIn: 2251, packetsOut: 2252 },
    ipsecSaPairs: 0,
  });
  const out = formatIkeSecurityAssociations([sa], { level: 'detail' }).split('\n');
  t.is(out[1], '  Role: Responder, State: UP');
  t.is(out[3], '  Exchange type: Aggressive, Authentication method: Pre-shared-keys');
  t.is(out[4], '  Local: 1.1.80.2:500, Remote: 1.1.70.1:4500');
  t.is(out[6], '  Peer ike-id: spoke-01.example.net');
  t.deepEqual(out.slice(8, 12), [
    '   Authentication        : hmac-sha1-96',
    '   Encryption            : aes256-cbc',
    '   Pseudo random function: hmac-sha1',
    '   Diffie-Hellman group  : DH-group-14',
  ]);
  t.is(out[13], '   Input  bytes  :               171220');
  t.is(out[14], '   Output bytes  :          12345678901');
  t.is(out[17], '  IPSec security associations: 0 created, 0 deleted');
});

test('detail: a half-open SA (DOWN, nothing negotiated yet)', (t) => {
  const sa = ikeSa({
    state: 'DOWN',
    responderCookie: '0000000000000000',
    authenticationMethod: undefined,
    encryptionAlgorithm: undefined,
    authenticationAlgorithm: undefined,
    dhGroup: undefined,
    remainingSeconds: undefined,
    remoteIdentity: undefined,
  });
  const out = formatIkeSecurityAssociations([sa], { level: 'detail' }).split('\n');
  t.is(out[1], '  Role: Initiator, State: DOWN');
  t.is(out[5], '  Lifetime: Expires in 0 seconds');
  t.is(out[6], '  Peer ike-id: not valid');
  t.is(out[9], '   Encryption            : none');
});

test('detail: several blocks are separated by one blank line, filters apply', (t) => {
  const sas = [ikeSa(), ikeSa({ index: 20, remoteAddress: '1.1.70.9' })];
  const out = formatIkeSecurityAssociations(sas, { level: 'detail' });
  const blocks = out.split('\n\n');
  t.is(blocks.length, 2);
  t.true(blocks[0]!.startsWith('IKE peer 1.1.70.9, Index 20,'));
  t.is(blocks[1], DETAIL_19.join('\n') + '\n');
  t.is(formatIkeSecurityAssociations(sas, { level: 'detail', index: 19 }), DETAIL_19.join('\n') + '\n');
  t.is(formatIkeSecurityAssociations(sas, { level: 'detail', address: '1.1.70.1' }), DETAIL_19.join('\n') + '\n');
});

test('xml brief: <ike-security-associations-information> inside the rpc-reply envelope', (t) => {
  t.is(
    renderRpcReply(ikeSecurityAssociationsXml([ikeSa()]), '12.1X44-D10.4'),
    [
      '<rpc-reply xmlns:junos="http://xml.juniper.net/junos/12.1X44-D10.4/junos">',
      '    <ike-security-associations-information junos:style="brief">',
      '        <ike-security-associations>',
      '            <ike-sa-index>19</ike-sa-index>',
      '            <ike-sa-remote-address>1.1.70.1</ike-sa-remote-address>',
      '            <ike-sa-state>UP</ike-sa-state>',
      '            <ike-sa-initiator-cookie>1927f01c38bc08db</ike-sa-initiator-cookie>',
      '            <ike-sa-responder-cookie>ca631d7f107c871d</ike-sa-responder-cookie>',
      '            <ike-sa-exchange-type>Main</ike-sa-exchange-type>',
      '        </ike-security-associations>',
      '    </ike-security-associations-information>',
      '    <cli>',
      '        <banner></banner>',
      '    </cli>',
      '</rpc-reply>',
      '',
    ].join('\n'),
  );
});

test('xml detail: block per SA with gateway name, algorithms and traffic; empty result is an empty element', (t) => {
  const xml = renderXmlElement(ikeSecurityAssociationsXml([ikeSa()], { level: 'detail' }));
  t.true(xml.startsWith('<ike-security-associations-information junos:style="detail">\n    <ike-security-associations-block>\n        <ike-sa-remote-address>1.1.70.1</ike-sa-remote-address>\n        <ike-sa-index>19</ike-sa-index>\n        <ike-gw-name>ike-phase1-gateway</ike-gw-name>\n'));
  t.true(xml.includes('\n            <ike-sa-algorithms>\n                <ike-sa-authentication-algorithm>hmac-md5-96</ike-sa-authentication-algorithm>\n'));
  t.true(xml.includes('<ike-sa-dhgroup>2</ike-sa-dhgroup>'));
  t.true(xml.includes('<ike-sa-remote-id>1.1.70.1</ike-sa-remote-id>'));
  t.true(xml.includes('<ike-sa-input-bytes>1052</ike-sa-input-bytes>'));
  t.is(renderXmlElement(ikeSecurityAssociationsXml([])), '<ike-security-associations-information junos:style="brief"></ike-security-associations-information>');
});

test('xml escapes text taken from the configuration (gateway names)', (t) => {
  const xml = renderXmlElement(ikeSecurityAssociationsXml([ikeSa({ gateway: 'a<b>&c' })], { level: 'detail' }));
  t.true(xml.includes('<ike-gw-name>a&lt;b&gt;&amp;c</ike-gw-name>'));
});

test('real engine snapshots: both sides show one UP SA with the same cookies, mirrored addresses', (t) => {
  const lab = new Lab();
  configureBoth(lab);
  const a = formatIkeSecurityAssociations(lab.A.ikeSas()).split('\n');
  const b = formatIkeSecurityAssociations(lab.B.ikeSas()).split('\n');
  t.is(a[0], HEADER_12);
  const row = /^(\d+) +(\S+) +UP +([0-9a-f]{16})  ([0-9a-f]{16})  Main$/;
  const ma = row.exec(a[1]!);
  const mb = row.exec(b[1]!);
  t.truthy(ma, a[1]);
  t.truthy(mb, b[1]);
  t.is(ma![2], '10.0.0.2');
  t.is(mb![2], '10.0.0.1');
  t.is(ma![3], mb![3]);
  t.is(ma![4], mb![4]);
  t.is(a[1]!.indexOf(ma![3]!), 31, 'cookie column at its stop');
});
