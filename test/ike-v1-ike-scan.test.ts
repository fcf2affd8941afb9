// ike-scan (and its psk-crack) as an independent IKEv1 implementation checking our
// responder: Main Mode answers to its default proposals, and Aggressive Mode whose
// HASH_R psk-crack can verify only if SKEYID and HASH_R are computed per RFC 2409.
// Skipped where ike-scan is not installed; CI installs it.
import test from 'ava';
import { execFile, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RealClock } from '../engine/runtime/clock.ts';
import { SeededRandom } from '../engine/runtime/random.ts';
import { IkeEngine, type IkeLogEntry } from '../engine/ike/sa/index.ts';
import { phase1ProposalSet, type Phase1Policy } from '../engine/ike/policy/index.ts';

const hasIkeScan = spawnSync('ike-scan', ['--version']).status === 0;
const onlyWithIkeScan = hasIkeScan || process.env.CI ? test.serial : test.skip;
const run = promisify(execFile);

async function withResponder<T>(policy: Phase1Policy, body: (port: number, logs: IkeLogEntry[]) => Promise<T>): Promise<T> {
  const socket = dgram.createSocket('udp4');
  const logs: IkeLogEntry[] = [];
  const engine = new IkeEngine({
    clock: new RealClock(),
    random: new SeededRandom('ike-scan'),
    send: (datagram, peer) => socket.send(datagram, peer.port, peer.address),
    log: (entry) => logs.push(entry),
  });
  engine.configure([{ name: 'scanner', address: '127.0.0.1', localAddress: '127.0.0.1', policy }], []);
  socket.on('message', (datagram, from) => engine.receive(datagram, { address: from.address, port: from.port }));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  try {
    return await body(socket.address().port, logs);
  } finally {
    socket.close();
    engine.configure([], []);
  }
}

onlyWithIkeScan('ike-scan: our Main Mode responder picks 3DES/SHA1/group 2 from its default offer', async (t) => {
  const out = await withResponder({ mode: 'main', proposals: phase1ProposalSet('compatible'), preSharedKey: Buffer.from('x') }, async (port) =>
    (await run('ike-scan', ['-s', '0', '-r', '1', '-t', '500', '-d', String(port), '127.0.0.1'])).stdout,
  );
  t.regex(out, /Main Mode Handshake returned/);
  // The transform is echoed as offered (ike-scan sends the lifetime as a 4-byte TLV).
  t.regex(out, /SA=\(Enc=3DES Hash=SHA1 Auth=PSK Group=2:modp1024 LifeType=Seconds LifeDuration\(4\)=0x00007080\)/);
  t.regex(out, /Dead Peer Detection/);
});

onlyWithIkeScan('ike-scan: a mismatching offer gets NO-PROPOSAL-CHOSEN', async (t) => {
  const out = await withResponder({ mode: 'main', proposals: phase1ProposalSet('standard'), preSharedKey: Buffer.from('x') }, async (port) =>
    (await run('ike-scan', ['-s', '0', '-r', '1', '-t', '500', '-d', String(port), '--trans=1,1,1,1', '127.0.0.1'])).stdout,
  );
  t.regex(out, /Notify message 14 \(NO-PROPOSAL-CHOSEN\)/);
});

onlyWithIkeScan('ike-scan + psk-crack: our Aggressive Mode HASH_R verifies against the pre-shared key', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ike-v1-scan-'));
  const pskFile = join(dir, 'psk.txt');
  const words = join(dir, 'words.txt');
  writeFileSync(words, 'wrong\nsrxsim-interop-psk\nalso-wrong\n');
  const policy: Phase1Policy = {
    mode: 'aggressive',
    proposals: phase1ProposalSet('compatible'),
    preSharedKey: Buffer.from('srxsim-interop-psk'),
    localId: { type: 'fqdn', name: 'hub-b.example' },
  };
  // ike-scan sends a random KE; OpenSSL may refuse one, so allow a few attempts.
  let out = '';
  for (let attempt = 0; attempt < 6 && !/Aggressive Mode Handshake returned/.test(out); attempt++) {
    out = await withResponder(policy, async (port) =>
      (await run('ike-scan', ['-A', '--id=spoke-a.example', '--idtype=2', `-P${pskFile}`, '-s', '0', '-r', '1', '-t', '500', '-d', String(port), '127.0.0.1'])).stdout,
    );
  }
  t.regex(out, /Aggressive Mode Handshake returned/);
  t.regex(out, /ID\(Type=ID_FQDN, Value=hub-b\.example\)/);
  const cracked = (await run('psk-crack', ['-d', words, pskFile])).stdout;
  t.regex(cracked, /key "srxsim-interop-psk" matches/);
});
