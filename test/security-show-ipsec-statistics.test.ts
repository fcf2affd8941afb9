import test from 'ava';
import type { IpsecSaSnapshot } from '../engine/ike/sa/index.ts';
import {
  formatIpsecStatistics,
  IPSEC_STATISTICS_PROFILE_RECENT,
  ipsecStatisticsFromSas,
  ipsecStatisticsXml,
  renderXmlElement,
} from '../modes/security/index.ts';
import { configureBoth, Lab } from './ike-v1-lab.ts';

const key = Buffer.alloc(0);

function ipsecSa(index: number, counters: IpsecSaSnapshot['counters'], protocol: 'ESP' | 'AH' = 'ESP'): IpsecSaSnapshot {
  return {
    index,
    vpn: `vpn${index}`,
    gateway: 'gw',
    remoteAddress: '1.1.70.1',
    port: 500,
    localPort: 500,
    udpEncapsulated: false,
    role: 'initiator',
    protocol,
    encryptionAlgorithm: protocol === 'ESP' ? '3des-cbc' : undefined,
    authenticationAlgorithm: 'hmac-md5-96',
    algorithm: protocol === 'ESP' ? 'ESP:3des/md5' : 'AH:md5',
    inbound: { spi: 1, spiHex: '00000001', encryptionKey: key, integrityKey: key },
    outbound: { spi: 2, spiHex: '00000002', encryptionKey: key, integrityKey: key },
    lifetimeSeconds: 3600,
    remainingSeconds: 3178,
    establishedAt: 0,
    localProxy: '10.1.10.0/24',
    remoteProxy: '10.1.20.0/24',
    counters,
    monitoring: '-',
    vsys: 0,
  };
}

const SEED = [
  'ESP Statistics:',
  '  Encrypted bytes:      7616',
  '  Decrypted bytes:      4704',
  '  Encrypted packets:    56',
  '  Decrypted packets:    56',
  'AH Statistics:',
  '  Input bytes:          0',
  '  Output bytes:         0',
  '  Input packets:        0',
  '  Output packets:       0',
  'Errors:',
  '  AH authentication failures: 0, Replay errors: 0',
  '  ESP authentication failures: 0, ESP decryption failures: 0',
  '  Bad headers: 0, Bad trailers: 0',
  '',
].join('\n');

test('the seed output (seed l. 1202-1236): values from column 24', (t) => {
  const data = ipsecStatisticsFromSas([ipsecSa(2, { bytesIn: 4704, bytesOut: 7616, packetsIn: 56, packetsOut: 56 })]);
  t.is(formatIpsecStatistics(data), SEED);
});

test('no SAs: all zeros, same layout', (t) => {
  const out = formatIpsecStatistics(ipsecStatisticsFromSas([])).split('\n');
  t.is(out[1], '  Encrypted bytes:      0');
  t.is(out[4], '  Decrypted packets:    0');
  t.is(out.length, 15);
});

test('totals over tunnels; index N keeps one tunnel; AH SAs count as AH input/output', (t) => {
  const sas = [
    ipsecSa(2, { bytesIn: 100, bytesOut: 200, packetsIn: 1, packetsOut: 2 }),
    ipsecSa(3, { bytesIn: 19076, bytesOut: 18976, packetsIn: 140, packetsOut: 139 }),
    ipsecSa(4, { bytesIn: 7, bytesOut: 9, packetsIn: 3, packetsOut: 4 }, 'AH'),
  ];
  const all = formatIpsecStatistics(ipsecStatisticsFromSas(sas)).split('\n');
  t.deepEqual(all.slice(1, 5), ['  Encrypted bytes:      19176', '  Decrypted bytes:      19176', '  Encrypted packets:    141', '  Decrypted packets:    141']);
  t.deepEqual(all.slice(6, 10), ['  Input bytes:          7', '  Output bytes:         9', '  Input packets:        3', '  Output packets:       4']);
  const one = formatIpsecStatistics(ipsecStatisticsFromSas(sas, 2)).split('\n');
  t.deepEqual(one.slice(1, 5), ['  Encrypted bytes:      200', '  Decrypted bytes:      100', '  Encrypted packets:    2', '  Decrypted packets:    1']);
  t.is(one[6], '  Input bytes:          0');
  t.is(formatIpsecStatistics(ipsecStatisticsFromSas(sas, 99)), formatIpsecStatistics(ipsecStatisticsFromSas([])));
});

test('error counters passed in are shown in the Errors block', (t) => {
  const data = ipsecStatisticsFromSas([], undefined, { replayErrors: 3, espAuthenticationFailures: 12, badTrailers: 1 });
  t.deepEqual(formatIpsecStatistics(data).split('\n').slice(11, 14), [
    '  AH authentication failures: 0, Replay errors: 3',
    '  ESP authentication failures: 12, ESP decryption failures: 0',
    '  Bad headers: 0, Bad trailers: 1',
  ]);
});

test('the recent profile right-aligns to column 35 (notes §3.5 cSRX sample)', (t) => {
  const data = ipsecStatisticsFromSas([ipsecSa(2, { bytesIn: 7909692, bytesOut: 14689428, packetsIn: 94163, packetsOut: 94163 })]);
  t.deepEqual(formatIpsecStatistics(data, IPSEC_STATISTICS_PROFILE_RECENT).split('\n').slice(0, 10), [
    'ESP Statistics:',
    '  Encrypted bytes:         14689428',
    '  Decrypted bytes:          7909692',
    '  Encrypted packets:          94163',
    '  Decrypted packets:          94163',
    'AH Statistics:',
    '  Input bytes:                    0',
    '  Output bytes:                   0',
    '  Input packets:                  0',
    '  Output packets:                 0',
  ]);
});

test('huge counters never touch the label', (t) => {
  const big = 123456789012345;
  const data = ipsecStatisticsFromSas([ipsecSa(2, { bytesIn: big, bytesOut: big, packetsIn: 0, packetsOut: 0 })]);
  t.is(formatIpsecStatistics(data).split('\n')[1], `  Encrypted bytes:      ${big}`);
  t.is(formatIpsecStatistics(data, { ...IPSEC_STATISTICS_PROFILE_RECENT, valueColumn: 20 }).split('\n')[1], `  Encrypted bytes: ${big}`);
});

test('xml: <usp-ipsec-total-statistics-information>', (t) => {
  const data = ipsecStatisticsFromSas([ipsecSa(2, { bytesIn: 4704, bytesOut: 7616, packetsIn: 56, packetsOut: 55 })]);
  t.is(
    renderXmlElement(ipsecStatisticsXml(data)),
    [
      '<usp-ipsec-total-statistics-information>',
      '    <esp-statistics>',
      '        <esp-encrypted-bytes>7616</esp-encrypted-bytes>',
      '        <esp-decrypted-bytes>4704</esp-decrypted-bytes>',
      '        <esp-encrypted-packets>55</esp-encrypted-packets>',
      '        <esp-decrypted-packets>56</esp-decrypted-packets>',
      '    </esp-statistics>',
      '    <ah-statistics>',
      '        <ah-input-bytes>0</ah-input-bytes>',
      '        <ah-output-bytes>0</ah-output-bytes>',
      '        <ah-input-packets>0</ah-input-packets>',
      '        <ah-output-packets>0</ah-output-packets>',
      '    </ah-statistics>',
      '    <error-statistics>',
      '        <ah-authentication-failures>0</ah-authentication-failures>',
      '        <replay-errors>0</replay-errors>',
      '        <esp-authentication-failures>0</esp-authentication-failures>',
      '        <esp-decryption-failures>0</esp-decryption-failures>',
      '        <bad-headers>0</bad-headers>',
      '        <bad-trailers>0</bad-trailers>',
      '    </error-statistics>',
      '</usp-ipsec-total-statistics-information>',
    ].join('\n'),
  );
});

test('real engine: traffic recorded on one side shows as encrypted there and decrypted on the peer', (t) => {
  const lab = new Lab();
  configureBoth(lab);
  const [a] = lab.A.ipsecSas();
  lab.A.recordIpsecTraffic(a!.outbound.spi, 'outbound', 136);
  lab.B.recordIpsecTraffic(a!.outbound.spi, 'inbound', 136);
  const outA = formatIpsecStatistics(ipsecStatisticsFromSas(lab.A.ipsecSas())).split('\n');
  const outB = formatIpsecStatistics(ipsecStatisticsFromSas(lab.B.ipsecSas())).split('\n');
  t.is(outA[1], '  Encrypted bytes:      136');
  t.is(outA[2], '  Decrypted bytes:      0');
  t.is(outB[2], '  Decrypted bytes:      136');
  t.is(outB[4], '  Decrypted packets:    1');
});
