import test from 'ava';
import type { IkeSaSnapshot, IpsecSaSnapshot } from '../engine/ike/sa/index.ts';
import {
  formatIpsecSecurityAssociations,
  IPSEC_SA_PROFILE_24,
  ipsecSecurityAssociationsXml,
  localGatewayFromIkeSas,
  renderXmlElement,
} from '../modes/security/index.ts';
import { configureBoth, Lab } from './ike-v1-lab.ts';

const hex = (spi: number) => spi.toString(16).padStart(8, '0');
const key = Buffer.alloc(0);

function ipsecSa(over: Partial<IpsecSaSnapshot> & { inboundSpi?: number; outboundSpi?: number } = {}): IpsecSaSnapshot {
  const { inboundSpi = 0x3de5f00d, outboundSpi = 0xb4c44e62, ...rest } = over;
  return {
    index: 2,
    vpn: 'TunnelA',
    gateway: 'ike-phase1-gateway',
    remoteAddress: '1.1.70.1',
    port: 500,
    localPort: 500,
    udpEncapsulated: false,
    role: 'initiator',
    protocol: 'ESP',
    encryptionAlgorithm: '3des-cbc',
    authenticationAlgorithm: 'hmac-md5-96',
    algorithm: 'ESP:3des/md5',
    pfsGroup: 'group2',
    inbound: { spi: inboundSpi, spiHex: hex(inboundSpi), encryptionKey: key, integrityKey: key },
    outbound: { spi: outboundSpi, spiHex: hex(outboundSpi), encryptionKey: key, integrityKey: key },
    lifetimeSeconds: 3600,
    remainingSeconds: 3178,
    establishedAt: 1000,
    localProxy: '10.1.10.0/24',
    remoteProxy: '10.1.20.0/24',
    counters: { bytesIn: 4704, bytesOut: 7616, packetsIn: 56, packetsOut: 56 },
    monitoring: '-',
    vsys: 0,
    ...rest,
  };
}

const HEADER_12 = 'ID      Gateway   Port  Algorithm     SPI       Life:sec/kb  Mon  vsys';

test('brief: the seed policy-based table (seed l. 1182-1196), inbound < then outbound >', (t) => {
  t.is(
    formatIpsecSecurityAssociations([ipsecSa()]),
    [
      'total configured sa: 2',
      HEADER_12,
      '<2      1.1.70.1  500   ESP:3des/md5  3de5f00d  3178/ unlim  -    0',
      '>2      1.1.70.1  500   ESP:3des/md5  b4c44e62  3178/ unlim  -    0',
      '',
    ].join('\n'),
  );
  t.is(formatIpsecSecurityAssociations([ipsecSa()], { level: 'brief' }), formatIpsecSecurityAssociations([ipsecSa()]));
});

test('brief: the seed route-based table, two pairs on tunnel 16384 count as 4 SAs', (t) => {
  const sas = [
    ipsecSa({ index: 16384, inboundSpi: 0x2236e53c, outboundSpi: 0xf5965f43, remainingSeconds: 3080 }),
    ipsecSa({ index: 16384, inboundSpi: 0xecf3c3ae, outboundSpi: 0x452bc489, remainingSeconds: 3082 }),
  ];
  t.is(
    formatIpsecSecurityAssociations(sas),
    [
      'total configured sa: 4',
      HEADER_12,
      '<16384  1.1.70.1  500   ESP:3des/md5  2236e53c  3080/ unlim  -    0',
      '>16384  1.1.70.1  500   ESP:3des/md5  f5965f43  3080/ unlim  -    0',
      '<16384  1.1.70.1  500   ESP:3des/md5  ecf3c3ae  3082/ unlim  -    0',
      '>16384  1.1.70.1  500   ESP:3des/md5  452bc489  3082/ unlim  -    0',
      '',
    ].join('\n'),
  );
});

test('brief: values wider than their column shift the rest of the row by one separating space (printf widths)', (t) => {
  const sa = ipsecSa({
    index: 131073,
    remoteAddress: '203.113.200.255',
    algorithm: 'ESP:aes-cbc-256/sha256',
    remainingKilobytes: 4607999,
    remainingSeconds: 28000,
    inboundSpi: 0x0000abcd,
  });
  const [, , inbound, outbound] = formatIpsecSecurityAssociations([sa, ipsecSa({ index: 3, remoteAddress: '10.9.9.9' })]).split('\n');
  t.is(inbound, '<131073 203.113.200.255 500 ESP:aes-cbc-256/sha256 0000abcd 28000/ 4607999 - 0');
  t.is(outbound!.slice(0, 8), '>131073 ');
  t.is(
    formatIpsecSecurityAssociations([ipsecSa({ index: 3, remoteAddress: '192.168.1.10' })]).split('\n')[2],
    '<3      192.168.1.10 500 ESP:3des/md5 3de5f00d  3178/ unlim  -    0',
    'a gateway 2 characters too long: Port and Algorithm shift, SPI is back on its stop (column 38)',
  );
  t.is(
    formatIpsecSecurityAssociations([sa]).split('\n')[2],
    '<131073 203.113.200.255 500 ESP:aes-cbc-256/sha256 0000abcd 28000/ 4607999 - 0',
  );
});

test('brief: no SAs prints only the count', (t) => {
  t.is(formatIpsecSecurityAssociations([]), 'total configured sa: 0\n');
});

test('brief: index N keeps only that tunnel', (t) => {
  const sas = [ipsecSa({ index: 2 }), ipsecSa({ index: 3, inboundSpi: 1, outboundSpi: 2 })];
  const out = formatIpsecSecurityAssociations(sas, { level: 'brief', index: 3 }).split('\n');
  t.deepEqual(out.slice(0, 1), ['total configured sa: 2']);
  t.deepEqual(out.slice(2, 4).map((l) => l.slice(0, 8).trim()), ['<3', '>3']);
  t.is(out[2]!.slice(38, 46), '00000001');
});

test('the 24.4 profile: tunnel/SA totals line and Gateway last', (t) => {
  const out = formatIpsecSecurityAssociations([ipsecSa({ index: 131073 })], {}, {}, IPSEC_SA_PROFILE_24);
  t.is(
    out,
    [
      '  Total active tunnels: 1     Total Ipsec sas: 1',
      '  ID    Algorithm       SPI      Life:sec/kb  Mon lsys Port  Gateway',
      '  <131073 ESP:3des/md5  3de5f00d 3178/ unlim  -   root 500   1.1.70.1',
      '  >131073 ESP:3des/md5  b4c44e62 3178/ unlim  -   root 500   1.1.70.1',
      '',
    ].join('\n'),
  );
});

const DETAIL_2 = [
  '  ID: 2 Virtual-system: root, VPN Name: TunnelA',
  '  Local Gateway: 1.1.80.2, Remote Gateway: 1.1.70.1',
  '  Local Identity: ipv4_subnet(any:0,[0..7]=10.1.10.0/24)',
  '  Remote Identity: ipv4_subnet(any:0,[0..7]=10.1.20.0/24)',
  '  Version: IKEv1',
  '    Direction: inbound, SPI: 3de5f00d, AUX-SPI: 0, VPN Monitoring: -',
  '    Hard lifetime: Expires in 3178 seconds',
  '    Lifesize Remaining:  Unlimited',
  '    Soft lifetime: Expires in 2818 seconds',
  '    Mode: tunnel, Type: dynamic, State: installed',
  '    Protocol: ESP, Authentication: hmac-md5-96, Encryption: 3des-cbc',
  '    Anti-replay service: enabled, Replay window size: 64',
  '    Direction: outbound, SPI: b4c44e62, AUX-SPI: 0, VPN Monitoring: -',
  '    Hard lifetime: Expires in 3178 seconds',
  '    Lifesize Remaining:  Unlimited',
  '    Soft lifetime: Expires in 2818 seconds',
  '    Mode: tunnel, Type: dynamic, State: installed',
  '    Protocol: ESP, Authentication: hmac-md5-96, Encryption: 3des-cbc',
  '    Anti-replay service: enabled, Replay window size: 64',
];

const localGateway = (g: string) => (g === 'ike-phase1-gateway' ? '1.1.80.2' : undefined);

test('detail: one block per tunnel with both directions (soft lifetime = hard - 10 % of 3600 s)', (t) => {
  t.is(formatIpsecSecurityAssociations([ipsecSa()], { level: 'detail' }, { localGateway }), DETAIL_2.join('\n') + '\n');
});

test('detail: index N alone implies detail; an unknown index prints nothing', (t) => {
  const sas = [ipsecSa(), ipsecSa({ index: 3, vpn: 'TunnelB' })];
  t.is(formatIpsecSecurityAssociations(sas, { index: 2 }, { localGateway }), DETAIL_2.join('\n') + '\n');
  t.is(formatIpsecSecurityAssociations(sas, { index: 9 }), '');
  t.is(formatIpsecSecurityAssociations([], { level: 'detail' }), '');
});

test('detail: AES, host proxy IDs, kilobyte lifesize, expired soft lifetime, unknown local gateway', (t) => {
  const sa = ipsecSa({
    encryptionAlgorithm: 'aes-128-cbc',
    authenticationAlgorithm: 'hmac-sha1-96',
    localProxy: '0.0.0.0/0',
    remoteProxy: '192.168.7.9/32',
    remainingKilobytes: 4607999,
    remainingSeconds: 300,
  });
  const out = formatIpsecSecurityAssociations([sa], { level: 'detail' }).split('\n');
  t.is(out[1], '  Local Gateway: -, Remote Gateway: 1.1.70.1');
  t.is(out[2], '  Local Identity: ipv4_subnet(any:0,[0..7]=0.0.0.0/0)');
  t.is(out[3], '  Remote Identity: ipv4(any:0,[0..3]=192.168.7.9)');
  t.is(out[7], '    Lifesize Remaining:  4607999 kilobytes');
  t.is(out[8], '    Soft lifetime: Expired');
  t.is(out[10], '    Protocol: ESP, Authentication: hmac-sha1-96, Encryption: aes-cbc (128 bits)');
});

test('detail: blocks separated by a blank line; local gateway from the IKE SAs', (t) => {
  const ike = [{ gateway: 'ike-phase1-gateway', localAddress: '1.1.80.2' }] as IkeSaSnapshot[];
  const out = formatIpsecSecurityAssociations([ipsecSa(), ipsecSa({ index: 3, vpn: 'TunnelB' })], { level: 'detail' }, { localGateway: localGatewayFromIkeSas(ike) });
  const blocks = out.split('\n\n');
  t.is(blocks.length, 2);
  t.is(blocks[0], DETAIL_2.join('\n'));
  t.true(blocks[1]!.startsWith('  ID: 3 Virtual-system: root, VPN Name: TunnelB\n'));
});

test('xml brief: a block per tunnel, one element per direction, fields split as Junos does', (t) => {
  t.is(
    renderXmlElement(ipsecSecurityAssociationsXml([ipsecSa()])),
    [
      '<ipsec-security-associations-information junos:style="brief">',
      '    <total-active-tunnels>1</total-active-tunnels>',
      '    <ipsec-security-associations-block>',
      '        <sa-block-state>up</sa-block-state>',
      '        <ipsec-security-associations>',
      '            <sa-direction>&lt;</sa-direction>',
      '            <sa-tunnel-index>2</sa-tunnel-index>',
      '            <sa-spi>3de5f00d</sa-spi>',
      '            <sa-aux-spi>0</sa-aux-spi>',
      '            <sa-remote-gateway>1.1.70.1</sa-remote-gateway>',
      '            <sa-port>500</sa-port>',
      '            <sa-vpn-monitoring-state>-</sa-vpn-monitoring-state>',
      '            <sa-protocol>ESP:</sa-protocol>',
      '            <sa-esp-encryption-algorithm>3des/</sa-esp-encryption-algorithm>',
      '            <sa-hmac-algorithm>md5</sa-hmac-algorithm>',
      '            <sa-hard-lifetime>3178/</sa-hard-lifetime>',
      '            <sa-lifesize-remaining>unlim</sa-lifesize-remaining>',
      '            <sa-virtual-system>0</sa-virtual-system>',
      '        </ipsec-security-associations>',
      '        <ipsec-security-associations>',
      '            <sa-direction>&gt;</sa-direction>',
      '            <sa-tunnel-index>2</sa-tunnel-index>',
      '            <sa-spi>b4c44e62</sa-spi>',
      '            <sa-aux-spi>0</sa-aux-spi>',
      '            <sa-remote-gateway>1.1.70.1</sa-remote-gateway>',
      '            <sa-port>500</sa-port>',
      '            <sa-vpn-monitoring-state>-</sa-vpn-monitoring-state>',
      '            <sa-protocol>ESP:</sa-protocol>',
      '            <sa-esp-encryption-algorithm>3des/</sa-esp-encryption-algorithm>',
      '            <sa-hmac-algorithm>md5</sa-hmac-algorithm>',
      '            <sa-hard-lifetime>3178/</sa-hard-lifetime>',
      '            <sa-lifesize-remaining>unlim</sa-lifesize-remaining>',
      '            <sa-virtual-system>0</sa-virtual-system>',
      '        </ipsec-security-associations>',
      '    </ipsec-security-associations-block>',
      '</ipsec-security-associations-information>',
    ].join('\n'),
  );
});

test('xml detail and empty', (t) => {
  const xml = renderXmlElement(ipsecSecurityAssociationsXml([ipsecSa()], { index: 2 }, { localGateway }));
  t.true(xml.startsWith('<ipsec-security-associations-information junos:style="detail">\n'));
  t.true(xml.includes('\n        <sa-vpn-name>TunnelA</sa-vpn-name>\n        <sa-local-gateway>1.1.80.2</sa-local-gateway>\n'));
  t.true(xml.includes('<sa-local-identity>ipv4_subnet(any:0,[0..7]=10.1.10.0/24)</sa-local-identity>'));
  t.true(xml.includes('<sa-direction>outbound</sa-direction>\n            <sa-spi>b4c44e62</sa-spi>'));
  t.true(xml.includes('<sa-soft-lifetime>Expires in 2818 seconds</sa-soft-lifetime>'));
  t.is(
    renderXmlElement(ipsecSecurityAssociationsXml([])),
    '<ipsec-security-associations-information junos:style="brief">\n    <total-active-tunnels>0</total-active-tunnels>\n</ipsec-security-associations-information>',
  );
});

test('real engine snapshots: mirrored SPIs (Edge inbound = Remote outbound) in the seed table', (t) => {
  const lab = new Lab();
  configureBoth(lab);
  const a = formatIpsecSecurityAssociations(lab.A.ipsecSas()).split('\n');
  const b = formatIpsecSecurityAssociations(lab.B.ipsecSas()).split('\n');
  t.is(a[0], 'total configured sa: 2');
  t.is(a[1], HEADER_12);
  const row = /^([<>])(\d+) +(\S+) +500 +(ESP:\S+) +([0-9a-f]{8}) +(\d+)\/ (unlim|\d+) +- +0$/;
  const [ain, aout, bin, bout] = [a[2], a[3], b[2], b[3]].map((l) => row.exec(l!));
  t.truthy(ain && aout && bin && bout, [...a, ...b].join('\n'));
  t.is(ain![1], '<');
  t.is(aout![1], '>');
  t.is(ain![5], bout![5]);
  t.is(aout![5], bin![5]);
  t.is(ain![3], '10.0.0.2');
  t.is(a[2]!.indexOf(ain![5]!), 38, 'SPI column at its stop');
});
