// Lab captures read by tshark, an independent IKE/ESP decoder: every IKE frame decodes,
// nothing is malformed, the ESP frames carry the SPIs the engine reports, and with the key
// tables the lab exports tshark decrypts Main Mode 5/6, Quick Mode, DPD and Delete, and finds
// the pings inside ESP with good ICVs. Runs where tshark is installed, and always under CI.
import path from 'node:path';
import type { ExecutionContext } from 'ava';
import type { Lab } from '../engine/lab/lab.ts';
import { bootCaptureLab, commit, onlyWithTshark, settle, tsharkFields } from './helpers/capture.ts';
import { runLines } from './helpers/cli.ts';

const MAIN_MODE = '2';
const QUICK_MODE = '32';
const INFORMATIONAL = '5';
const PAYLOAD = { sa: '1', ke: '4', id: '5', hash: '8', nonce: '10', notification: '11', delete: '12' };
const R_U_THERE = '36136';
const R_U_THERE_ACK = '36137';

const has = (list: string | undefined, item: string) => (list ?? '').split(',').includes(item);

/** Pings from the Edge LAN host through the tunnel, one a second. */
function pings(lab: Lab, count: number): void {
  const host = lab.hosts.get('edge-lan-host')!;
  for (let seq = 0; seq < count; seq++) {
    host.ping('10.1.210.5', seq);
    settle(lab.advance(1000));
  }
}

const sorted = (items: Iterable<string>) => [...new Set(items)].sort();
const engineSpis = (lab: Lab) => sorted(lab.devices.get('Edge')!.ike.ipsecSas().flatMap((p) => [`0x${p.inbound.spiHex}`, `0x${p.outbound.spiHex}`]));

/** The lab's life in the test: the tunnel up at boot, pings, idle time for DPD, then the IKE SA cleared. */
async function captureDefaultLab(): Promise<{ pcap: string; dir: string; spis: string[] }> {
  const { lab, dir } = await bootCaptureLab('default');
  pings(lab, 3);
  const spis = engineSpis(lab);
  settle(lab.advance(45_000));
  await runLines(lab.devices.get('Edge')!, ['clear security ike security-associations']);
  settle(lab.runUntilQuiet());
  lab.stop();
  return { pcap: path.join(dir, 'edge-remote.pcap'), dir, spis };
}

/** Checks that holds for any capture of the edge-remote segment, read without keys. */
async function decodesCleanly(t: ExecutionContext, pcap: string, spis: string[]): Promise<string[]> {
  const rows = await tsharkFields(pcap, ['frame.protocols', 'isakmp.exchangetype', 'esp.spi', '_ws.malformed', '_ws.expert.severity']);
  t.true(rows.length > 0);
  for (const [protocols, exchange, spi, malformed, severity] of rows) {
    t.true(protocols === 'raw:ip:udp:isakmp' || protocols === 'raw:ip:esp', `every frame is IKE or ESP, got ${protocols}`);
    if (protocols!.endsWith('isakmp')) t.regex(exchange!, /^\d+$/, 'every IKE frame decodes to an exchange type');
    else t.true(spis.includes(spi!), `ESP SPI ${spi} is one the engine reports`);
    t.is(malformed, '');
    t.is(severity, '', 'no expert info at all');
  }
  t.deepEqual(sorted(rows.filter((r) => r[0]!.endsWith('esp')).map((r) => r[2]!)), spis, 'both directions crossed the segment');
  return sorted(rows.map((r) => r[1]!).filter((x) => x !== ''));
}

onlyWithTshark('default lab: every IKE frame decodes (Main Mode, Quick Mode, Informational), nothing is malformed, ESP has the engine SPIs', async (t) => {
  const { pcap, spis } = await captureDefaultLab();
  t.deepEqual(await decodesCleanly(t, pcap, spis), sorted([MAIN_MODE, QUICK_MODE, INFORMATIONAL]));
  const info = (await tsharkFields(pcap, ['_ws.col.Info'], { filter: 'isakmp' })).map((r) => r[0]);
  for (const name of ['Identity Protection (Main Mode)', 'Quick Mode', 'Informational']) t.true(info.includes(name), name);
});

onlyWithTshark('default lab: with the exported keys tshark reads Main Mode 5/6, Quick Mode, DPD and Delete, and the pings inside ESP', async (t) => {
  const { pcap, dir } = await captureDefaultLab();
  const rows = await tsharkFields(pcap, ['isakmp.exchangetype', 'isakmp.flag_e', 'isakmp.typepayload', 'isakmp.id.data.ipv4_addr', 'isakmp.notify.msgtype', 'esp.spi', 'icmp.type', 'icmp.seq', 'esp.icv_good'], { configDir: dir });
  const ike = rows.filter(([exchange]) => exchange !== '');
  const encrypted = (exchange: string) => ike.filter((r) => r[0] === exchange && r[1] === '1');

  const mm56 = encrypted(MAIN_MODE);
  t.is(mm56.length, 2, 'Main Mode messages 5 and 6');
  for (const r of mm56) t.true(has(r[2], PAYLOAD.id) && has(r[2], PAYLOAD.hash), `Identification and Hash payloads in ${r[2]}`);
  t.deepEqual(mm56.map((r) => r[3]), ['1.1.70.2', '1.1.70.1'], "each side's identity, initiator first");

  const qm = encrypted(QUICK_MODE);
  t.is(qm.length, 3);
  for (const r of qm.slice(0, 2)) for (const p of [PAYLOAD.hash, PAYLOAD.sa, PAYLOAD.nonce, PAYLOAD.ke, PAYLOAD.id]) t.true(has(r[2], p), `Quick Mode payload ${p} in ${r[2]}`);

  const informational = encrypted(INFORMATIONAL);
  t.true(informational.some((r) => r[4] === R_U_THERE) && informational.some((r) => r[4] === R_U_THERE_ACK), 'DPD request and answer');
  t.true(informational.some((r) => has(r[2], PAYLOAD.delete)), 'the Delete of the cleared IKE SA');
  t.is(ike.length, ike.filter((r) => r[1] === '0').length + mm56.length + qm.length + informational.length);

  const esp = rows.filter((r) => r[5] !== '');
  t.is(esp.length, 6);
  t.deepEqual(esp.map((r) => [r[6], r[7], r[8]]), [['8', '0', '1'], ['0', '0', '1'], ['8', '1', '1'], ['0', '1', '1'], ['8', '2', '1'], ['0', '2', '1']], 'echo request and reply per ping, ICV good');
});

onlyWithTshark('route-based lab: the capture decodes cleanly and its pings decrypt with the exported keys', async (t) => {
  const { lab, dir } = await bootCaptureLab('route-based');
  pings(lab, 2);
  const spis = engineSpis(lab);
  lab.stop();
  const pcap = path.join(dir, 'edge-remote.pcap');
  t.deepEqual(await decodesCleanly(t, pcap, spis), sorted([MAIN_MODE, QUICK_MODE]));
  const inner = await tsharkFields(pcap, ['ip.src', 'icmp.type', 'icmp.seq', 'esp.icv_good'], { configDir: dir, filter: 'esp' });
  t.deepEqual(inner, [
    ['1.1.70.2,10.1.10.5', '8', '0', '1'],
    ['1.1.70.1,10.1.210.5', '0', '0', '1'],
    ['1.1.70.2,10.1.10.5', '8', '1', '1'],
    ['1.1.70.1,10.1.210.5', '0', '1', '1'],
  ]);
});

// Phase-1 ciphers and hashes Wireshark must be handed the right key for (it derives the IVs
// itself, from the hash named in the SA payload).
const PHASE1 = [
  ['aes-128-cbc', 'sha1', 'group2'],
  ['aes-192-cbc', 'sha-384', 'group5'],
  ['aes-256-cbc', 'sha-256', 'group14'],
] as const;

for (const [cipher, hash, group] of PHASE1) {
  onlyWithTshark(`phase 1 with ${cipher}/${hash}/${group}: Main Mode 5/6 of the renegotiated IKE SA decrypt with the exported key`, async (t) => {
    const { lab, dir } = await bootCaptureLab('default');
    for (const d of lab.devices.values()) {
      commit(d,
        `set security ike proposal ike-phase1-proposal encryption-algorithm ${cipher}`,
        `set security ike proposal ike-phase1-proposal authentication-algorithm ${hash}`,
        `set security ike proposal ike-phase1-proposal dh-group ${group}`);
    }
    settle(lab.runUntilQuiet());
    t.is(lab.devices.get('Edge')!.ike.ikeSas()[0]?.encryptionAlgorithm, cipher);
    lab.stop();
    const rows = await tsharkFields(path.join(dir, 'edge-remote.pcap'), ['isakmp.typepayload', 'isakmp.id.data.ipv4_addr'], { configDir: dir, filter: 'isakmp.exchangetype == 2 && isakmp.flag_e == 1' });
    t.deepEqual(rows.map((r) => r[1]), ['1.1.70.2', '1.1.70.1', '1.1.70.2', '1.1.70.1'], 'the boot-time and the renegotiated IKE SA');
    for (const [payloads] of rows) t.true(has(payloads, PAYLOAD.hash));
  });
}
