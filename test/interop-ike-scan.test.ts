// ike-scan probing a whole srxsim device over real UDP port 500: the SRX of labs/strongswan.yaml
// binds its ge-1/0/1 address through the real-network endpoint, ike-scan runs in a namespace
// at the far end of a veth. Main and Aggressive Mode probes must come back as handshakes that
// ike-scan decodes (and psk-crack can verify), a foreign offer as NO-PROPOSAL-CHOSEN.
// Skipped outside CI where root, namespaces or ike-scan are missing; CI installs them.
import type { ExecutionContext } from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLines } from './helpers/cli.ts';
import { namespaceSuite, netnsUnavailable } from './helpers/netns.ts';
import { bootStrongswanLab, type RealLab } from './helpers/real-lab.ts';

const NET = 22; // 198.18.22.0/24: SRX .1, the scanner .2 (the lab's strongSwan address)
const SRX = `198.18.${NET}.1`;
const missing = netnsUnavailable() ?? (spawnSync('ike-scan', ['--version']).status === 0 ? undefined : 'ike-scan missing');
const { test: scan, ns } = namespaceSuite('sc', NET, [], missing);

/** The lab's SRX for one test; its kmd log is printed when the test fails. */
async function srxFor(t: ExecutionContext): Promise<RealLab> {
  const booted = await bootStrongswanLab(NET);
  t.teardown(() => {
    if (!t.passed) t.log(`---- srxsim kmd log ----\n${booted.srx.kmdLog.join('\n')}`);
    booted.lab.stop();
  });
  return booted;
}

/** Runs ike-scan in the namespace against the SRX; retries while ike-scan's random KE is refused. */
async function ikeScan(args: string[]): Promise<string> {
  let out = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    out = (await ns().exec('ike-scan', ['-r', '2', '-t', '1000', ...args, SRX])).stdout;
    if (!/INVALID-KEY-INFORMATION/.test(out)) break;
  }
  return out;
}

scan('Main Mode: ike-scan gets a handshake echoing the transform the SRX accepts', async (t) => {
  await srxFor(t);
  const out = await ikeScan(['-M', '--trans=7/128,2,1,14']);
  t.regex(out, /Main Mode Handshake returned/, out);
  // The SA echoes the one transform the SRX took, attributes in ike-scan's order of receipt.
  t.regex(out, /SA=\(Enc=AES Hash=SHA1 Auth=PSK Group=14:modp2048 KeyLength=128 LifeType=Seconds LifeDuration\(4\)=0x00007080\)/);
  t.regex(out, /VID=4a131c81070358455c5728f20e95452f \(RFC 3947 NAT-T\)/);
  t.regex(out, /1 returned handshake; 0 returned notify/);
});

scan('NAT-T: a Main Mode probe to UDP 4500 behind the non-ESP marker is answered the same way, from 4500', async (t) => {
  const { lab } = await srxFor(t);
  const out = await ikeScan(['--nat-t', '-M', '--trans=7/128,2,1,14']);
  t.regex(out, /Main Mode Handshake returned/, out);
  t.regex(out, /SA=\(Enc=AES Hash=SHA1 Auth=PSK Group=14:modp2048 KeyLength=128/);
  t.like(lab.bridges.get(SRX)!.counters, { received: 1, sent: 1 });
});

scan('Main Mode: ike-scan\'s default legacy offer gets NO-PROPOSAL-CHOSEN and the SRX logs why', async (t) => {
  const { srx } = await srxFor(t);
  const out = await ikeScan([]);
  t.regex(out, /Notify message 14 \(NO-PROPOSAL-CHOSEN\)/, out);
  t.regex(await runLines(srx, ['show log kmd']), /IKE Phase-1 Negotiation: Failed: .*role responder/);
});

scan('Aggressive Mode with an FQDN: handshake with the SRX\'s identity, HASH_R verifies with psk-crack', async (t) => {
  const { srx } = await srxFor(t);
  const commit = await runLines(srx, [
    'configure',
    'set security ike policy ike-strongswan mode aggressive',
    'set security ike gateway strongswan local-identity hostname srx.example',
    'set security ike gateway strongswan remote-identity hostname scanner.example',
    'commit and-quit',
  ]);
  t.regex(commit, /commit complete/);
  const dir = mkdtempSync(join(tmpdir(), 'srxsim-ike-scan-'));
  const pskFile = join(dir, 'psk.txt');
  const out = await ikeScan(['-A', '-M', '--id=scanner.example', '--idtype=2', '--trans=7/128,2,1,14', '--dhgroup=14', `-P${pskFile}`]);
  t.regex(out, /Aggressive Mode Handshake returned/, out);
  t.regex(out, /ID\(Type=ID_FQDN, Value=srx\.example\)/);
  t.regex(out, /KeyExchange\(256 bytes\)/);
  writeFileSync(join(dir, 'words.txt'), 'wrong\ninterop-psk\nalso-wrong\n');
  const cracked = spawnSync('psk-crack', ['-d', join(dir, 'words.txt'), pskFile], { encoding: 'utf8' }).stdout;
  t.regex(cracked, /key "interop-psk" matches/);
});
