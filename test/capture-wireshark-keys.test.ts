// Wireshark's key tables as srxsim writes them: the column layout, and, read back by the
// installed tshark, every ESP encryption and authentication algorithm name we emit. For
// each combination the engine's own ESP code protects a ping under fresh keys; tshark must
// load the table without complaint, decrypt the ping and find its ICV good.
import test from 'ava';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESP_ENCRYPTION_ALGORITHMS, INTEGRITY_ALGORITHMS, IPSEC_AUTHENTICATION_ALGORITHMS } from '../engine/ike/crypto/index.ts';
import { saProtection } from '../engine/ipsec/from-snapshot.ts';
import { espEncapsulate } from '../engine/ipsec/esp.ts';
import { PcapWriter } from '../engine/lab/pcap-writer.ts';
import { espSaTable, ikev1DecryptionTable, WIRESHARK_ESP_AUTHENTICATION, WIRESHARK_ESP_ENCRYPTION, WIRESHARK_PREFERENCES } from '../engine/lab/wireshark-keys.ts';
import { encodeIcmp, IcmpType } from '../engine/net/icmp.ts';
import { encodeIpv4, Protocol } from '../engine/net/ipv4.ts';
import { SeededRandom } from '../engine/runtime/random.ts';
import { tempDir } from './helpers/config.ts';
import { onlyWithTshark, tsharkFields } from './helpers/capture.ts';

const entryLines = (table: string) => table.split('\n').filter((l) => l !== '' && !l.startsWith('#'));

test('ikev1_decryption_table: one line per IKE SA, initiator cookie and encryption key in hex, each under its comment', (t) => {
  const table = ikev1DecryptionTable([
    { initiatorCookie: Buffer.from('5e4d276bdb4c8596', 'hex'), encryptionKey: Buffer.from('00112233', 'hex'), comment: 'IKE SA one' },
    { initiatorCookie: Buffer.from('0102030405060708', 'hex'), encryptionKey: Buffer.alloc(16, 0xab), comment: 'IKE SA two' },
  ]);
  t.deepEqual(entryLines(table), ['5e4d276bdb4c8596,00112233', `0102030405060708,${'ab'.repeat(16)}`]);
  t.true(table.includes('# IKE SA one\n5e4d276bdb4c8596,'));
});

test('esp_sa: eight quoted columns, SPI and keys as 0x hex, NULL for a missing algorithm with an empty key', (t) => {
  const table = espSaTable([
    { src: '1.1.70.2', dst: '1.1.70.1', spi: 0x5fd07f77, encryption: '3des-cbc', encryptionKey: Buffer.from('aabb', 'hex'), authentication: 'hmac-md5-96', authenticationKey: Buffer.from('ccdd', 'hex'), comment: 'c' },
    { src: '*', dst: '*', spi: 0x1f, encryption: 'aes-128-gcm', encryptionKey: Buffer.from('01', 'hex'), authentication: undefined, authenticationKey: Buffer.alloc(0), comment: 'c' },
  ]);
  t.deepEqual(entryLines(table), [
    '"IPv4","1.1.70.2","1.1.70.1","0x5fd07f77","TripleDES-CBC [RFC2451]","0xaabb","HMAC-MD5-96 [RFC2403]","0xccdd"',
    '"IPv4","*","*","0x0000001f","AES-GCM with 16 octet ICV [RFC4106]","0x01","NULL",""',
  ]);
});

test('esp_sa refuses an algorithm Wireshark has no name for rather than writing a table it would reject', (t) => {
  const entry = { src: '*', dst: '*', spi: 1, encryption: 'rc4', encryptionKey: Buffer.alloc(0), authentication: undefined, authenticationKey: Buffer.alloc(0), comment: '' };
  t.throws(() => espSaTable([entry]), { instanceOf: RangeError, message: /rc4/ });
});

test('every ESP algorithm the engine negotiates has a Wireshark name', (t) => {
  t.deepEqual(Object.keys(WIRESHARK_ESP_ENCRYPTION).sort(), Object.keys(ESP_ENCRYPTION_ALGORITHMS).sort());
  t.deepEqual(Object.keys(WIRESHARK_ESP_AUTHENTICATION).sort(), Object.keys(IPSEC_AUTHENTICATION_ALGORITHMS).sort());
});

/** Every ESP combination the engine can build: CBC with or without an HMAC, NULL with one, GCM alone. */
function combinations(): { encryption: string | undefined; authentication: string | undefined }[] {
  const auths = Object.keys(IPSEC_AUTHENTICATION_ALGORITHMS);
  return [
    ...auths.map((authentication) => ({ encryption: undefined, authentication })),
    ...Object.entries(ESP_ENCRYPTION_ALGORITHMS).flatMap(([encryption, e]) =>
      e.esp.kind === 'aead' ? [{ encryption, authentication: undefined }] : [undefined, ...auths].map((authentication) => ({ encryption, authentication })),
    ),
  ];
}

onlyWithTshark('tshark loads every algorithm name in esp_sa and decrypts each combination with a good ICV', async (t) => {
  const dir = tempDir();
  const random = new SeededRandom('wireshark-keys');
  const pcap = new PcapWriter(path.join(dir, 'esp.pcap'));
  const combos = combinations();
  const keys = combos.map(({ encryption, authentication }, i) => {
    const spi = 0x1000 + i;
    const encryptionKey = random.bytes(encryption ? ESP_ENCRYPTION_ALGORITHMS[encryption]!.keymatLength : 0);
    const authenticationKey = random.bytes(authentication ? INTEGRITY_ALGORITHMS[IPSEC_AUTHENTICATION_ALGORITHMS[authentication]!.integrity].keyLength : 0);
    const protection = saProtection('esp', encryption, authentication, { spi, encryptionKey, integrityKey: authenticationKey });
    if (protection.protocol !== 'esp') throw new Error('ESP expected');
    const icmp = encodeIcmp({ type: IcmpType.ECHO_REQUEST, code: 0, id: 0x4242, seq: i, data: Buffer.alloc(56, i) });
    const inner = encodeIpv4({ src: '10.1.10.5', dst: '10.1.210.5', protocol: Protocol.ICMP, ttl: 63, id: i, df: false, tos: 0, payload: icmp });
    const esp = espEncapsulate(protection, 1, 4, inner, random);
    pcap.write(encodeIpv4({ src: '1.1.70.2', dst: '1.1.70.1', protocol: Protocol.ESP, ttl: 64, id: i, df: false, tos: 0, payload: esp }), 1_338_544_800_000 + i);
    return { src: '1.1.70.2', dst: '1.1.70.1', spi, encryption, encryptionKey, authentication, authenticationKey, comment: `${encryption ?? 'null'}/${authentication ?? 'none'}` };
  });
  pcap.close();
  writeFileSync(path.join(dir, 'esp_sa'), espSaTable(keys));
  writeFileSync(path.join(dir, 'preferences'), WIRESHARK_PREFERENCES);
  const rows = await tsharkFields(path.join(dir, 'esp.pcap'), ['esp.spi', 'icmp.seq', 'esp.icv_good'], { configDir: dir });
  t.is(rows.length, combos.length);
  rows.forEach(([spi, seq, good], i) => {
    const { encryption, authentication } = combos[i]!;
    const what = `${encryption ?? 'NULL'} / ${authentication ?? 'no authentication'}`;
    t.is(spi, `0x${(0x1000 + i).toString(16).padStart(8, '0')}`, what);
    t.is(seq, String(i), `${what}: the ping inside decrypts`);
    // Without an HMAC or GCM's tag there is no ICV to check.
    t.is(good, encryption?.endsWith('gcm') || authentication ? '1' : '', `${what}: ICV`);
  });
});
