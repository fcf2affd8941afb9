// The `capture` option of a lab: one pcap per segment from the first frame on, with virtual
// timestamps and identical bytes run after run, and Wireshark key tables that follow the
// engines' SA tables (both directions, new SAs added atomically, deleted ones kept), whose
// keys never show on the CLI.
import test from 'ava';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { captureFileName } from '../engine/lab/lab-capture.ts';
import { decodeIpv4 } from '../engine/net/ipv4.ts';
import { bootCaptureLab, parsePcap, settle } from './helpers/capture.ts';
import { runLines } from './helpers/cli.ts';

const LAB_START_S = Date.UTC(2012, 5, 1, 10, 0, 0) / 1000;
const entries = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));

test('one pcap per segment and the Wireshark files, the capture starting with the first IKE message at the lab clock', async (t) => {
  const { lab, dir } = await bootCaptureLab('default');
  lab.stop();
  t.deepEqual(readdirSync(dir).sort(), ['edge-lan.pcap', 'edge-remote.pcap', 'esp_sa', 'ikev1_decryption_table', 'preferences', 'remote-lan.pcap']);
  const pcap = parsePcap(readFileSync(path.join(dir, 'edge-remote.pcap')));
  t.like(pcap, { snaplen: 65535, linktype: 101 });
  const first = pcap.records[0]!;
  t.deepEqual([first.sec, first.usec], [LAB_START_S, 0]);
  const ip = decodeIpv4(first.data);
  t.true(ip.ok && ip.packet.src === '1.1.70.2' && ip.packet.payload.readUInt16BE(2) === 500, "Edge's Main Mode message 1");
  t.true(pcap.records.every((r) => r.caplen === r.origlen), 'whole frames');
  t.true(readFileSync(path.join(dir, 'preferences'), 'utf8').includes('esp.enable_encryption_decode: TRUE'));
});

test('a virtual lab writes the same capture and key files every run', async (t) => {
  const run = async () => {
    const { lab, dir } = await bootCaptureLab('default');
    lab.hosts.get('edge-lan-host')!.ping('10.1.210.5', 1);
    settle(lab.advance(30_000));
    lab.stop();
    return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f)).toString('hex')]));
  };
  const [a, b] = [await run(), await run()];
  t.true(parsePcap(Buffer.from(a['edge-remote.pcap']!, 'hex')).records.length > 10);
  t.deepEqual(a, b);
});

test('the key tables hold both directions of every ESP SA and the IKE SA, with the keys the engines use', async (t) => {
  const { lab, dir } = await bootCaptureLab('default');
  const [edge, remote] = [lab.devices.get('Edge')!, lab.devices.get('Remote')!];
  const [ike] = edge.ike.ikeSaEncryptionKeys();
  t.deepEqual(remote.ike.ikeSaEncryptionKeys()[0]?.encryptionKey, ike!.encryptionKey, 'both ends hold one key');
  t.deepEqual(entries(dir, 'ikev1_decryption_table'), [`${ike!.initiatorCookie.toString('hex')},${ike!.encryptionKey.toString('hex')}`]);
  const [pair] = edge.ike.ipsecSas();
  const line = (sa: typeof pair.inbound) => `"IPv4","*","*","0x${sa.spiHex}","TripleDES-CBC [RFC2451]","0x${sa.encryptionKey.toString('hex')}","HMAC-MD5-96 [RFC2403]","0x${sa.integrityKey.toString('hex')}"`;
  t.deepEqual(entries(dir, 'esp_sa'), [line(pair!.inbound), line(pair!.outbound)], "Remote's SAs are Edge's, mirrored: listed once");
  t.deepEqual(remote.ike.ipsecSas()[0]?.inbound.spi, pair!.outbound.spi);
  lab.stop();
});

test('new SAs are added as they come, deleted ones stay for the frames they protected, and no temporary file is left', async (t) => {
  const { lab, dir } = await bootCaptureLab('default');
  const edge = lab.devices.get('Edge')!;
  const before = { ike: entries(dir, 'ikev1_decryption_table'), esp: entries(dir, 'esp_sa') };
  await runLines(edge, ['clear security ipsec security-associations']);
  settle(lab.runUntilQuiet());
  const esp = entries(dir, 'esp_sa');
  t.deepEqual(esp.slice(0, 2), before.esp, 'the first pair is kept');
  const spis = (lines: string[]) => lines.map((l) => l.split(',')[3]).sort();
  const live = edge.ike.ipsecSas().flatMap((p) => [`"0x${p.inbound.spiHex}"`, `"0x${p.outbound.spiHex}"`]);
  t.true(live.length >= 2);
  t.deepEqual(spis(esp.slice(2)), live.sort(), 'the new pairs follow');
  // Beyond the IKE lifetime (600 s) the SA is renegotiated under new cookies.
  settle(lab.advance(700_000));
  const ike = entries(dir, 'ikev1_decryption_table');
  t.deepEqual(ike.slice(0, 1), before.ike);
  t.true(ike.length > 1);
  t.true(edge.ike.ikeSaEncryptionKeys().every((k) => ike.includes(`${k.initiatorCookie.toString('hex')},${k.encryptionKey.toString('hex')}`)));
  t.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.')), []);
  lab.stop();
});

test('the exported keys never show on the CLI', async (t) => {
  const { lab, dir } = await bootCaptureLab('default');
  const edge = lab.devices.get('Edge')!;
  lab.hosts.get('edge-lan-host')!.ping('10.1.210.5', 1);
  settle(lab.runUntilQuiet());
  const out = await runLines(edge, [
    'show security ike security-associations detail',
    'show security ipsec security-associations detail',
    'show security ike security-associations detail | display xml',
    'show security ipsec security-associations detail | display json',
    'show log kmd',
  ]);
  t.true(out.includes('TunnelA'), 'the commands did run');
  const keys = [...entries(dir, 'ikev1_decryption_table').map((l) => l.split(',')[1]!), ...entries(dir, 'esp_sa').flatMap((l) => l.split(',').slice(5).filter((_, i) => i !== 1).map((k) => k.replace(/"(0x)?/g, '')))];
  t.is(keys.length, 5);
  for (const key of keys) t.false(out.toLowerCase().includes(key.slice(0, 16)), `key ${key.slice(0, 4)}… printed`);
  lab.stop();
});

test('stopping the lab ends the capture: later frames are not written and the key export stops listening', async (t) => {
  const { lab, dir } = await bootCaptureLab('default');
  lab.stop();
  const size = statSync(path.join(dir, 'edge-remote.pcap')).size;
  await runLines(lab.devices.get('Edge')!, ['clear security ipsec security-associations']);
  settle(lab.runUntilQuiet());
  t.is(statSync(path.join(dir, 'edge-remote.pcap')).size, size);
  t.is(entries(dir, 'esp_sa').length, 2);
  t.is(lab.devices.get('Edge')!.ikeObservers.length, 0);
});

test('capture file names keep a segment name and make a containerlab-style one safe', (t) => {
  t.is(captureFileName('edge-remote'), 'edge-remote.pcap');
  t.is(captureFileName('Edge:ge-1/0/1--Remote:ge-1/0/1'), 'Edge_ge-1_0_1--Remote_ge-1_0_1.pcap');
});
