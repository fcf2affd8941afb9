// srxsim against strongSwan 5.9.8 over real UDP sockets (engine/lab/real-network.ts): charon
// runs in a namespace at the far end of a veth, srxsim's SRX binds the near end. Both sides
// must agree on what was negotiated (cookies, SPIs, algorithms), and traffic must cross the
// tunnel as ESP in UDP 4500 (strongSwan's kernel-libipsec always encapsulates).
// Skipped outside CI where root, namespaces or strongSwan are missing; CI installs them.
import type { ExecutionContext } from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsharkFields } from './helpers/capture.ts';
import { runLines } from './helpers/cli.ts';
import { namespaceSuite, netnsUnavailable } from './helpers/netns.ts';
import { bootStrongswanLab, relocate, until, type RealLab } from './helpers/real-lab.ts';
import { Charon, listedChildSas, strongswanUnavailable } from './helpers/strongswan.ts';

const NET = 20; // 198.18.20.0/24 on the veth, 198.18.21.0/24 behind strongSwan
const SRX = `198.18.${NET}.1`;
const SW = `198.18.${NET}.2`;
const SW_LAN_HOST = `198.18.${NET + 1}.1`;
const SRX_LAN_HOST = '10.1.10.5';

const missing = netnsUnavailable() ?? strongswanUnavailable() ?? (spawnSync('ping', ['-V']).status === 0 ? undefined : 'ping missing (iputils-ping)');
const { test: interop, ns } = namespaceSuite('sw', NET, [SW_LAN_HOST], missing);

interface Peers extends RealLab {
  charon: Charon;
}

/** A fresh SRX and a fresh charon for one test; on failure both sides' logs are printed. */
async function peers(t: ExecutionContext, srxChanges: string[], swanctl: string, capture?: string): Promise<Peers> {
  const { lab, srx } = await bootStrongswanLab(NET, capture === undefined ? {} : { capture });
  const charon = await Charon.start(ns(), mkdtempSync(join(tmpdir(), 'srxsim-charon-')));
  t.teardown(async () => {
    if (!t.passed) {
      t.log(`---- srxsim kmd log ----\n${srx.kmdLog.join('\n')}`);
      t.log(`---- charon log ----\n${charon.logs().split('\n').filter((l) => !/\[CFG\]   |queueing|activating/.test(l)).join('\n')}`);
    }
    await charon.stop();
    lab.stop();
  });
  // strongSwan first: an SRX that initiates on commit must find it ready.
  await charon.load(swanctl);
  if (srxChanges.length > 0) {
    const out = await runLines(srx, ['configure', ...srxChanges, 'commit and-quit']);
    if (!out.includes('commit complete')) throw new Error(`SRX commit failed:\n${out}`);
  }
  return { lab, srx, charon };
}

/** The lab's own swanctl.conf (README's), moved to this test's addresses, with overrides. */
function swanctlConf(o: { espProposals?: string; ikeProposals?: string; aggressive?: boolean } = {}): string {
  let conf = relocate(readFileSync(new URL('../labs/strongswan/swanctl.conf', import.meta.url), 'utf8'), NET);
  if (o.espProposals) conf = conf.replace(/esp_proposals = \S+/, `esp_proposals = ${o.espProposals}`);
  if (o.ikeProposals) conf = conf.replace(/proposals = aes128-sha1-modp2048\n/, `proposals = ${o.ikeProposals}\n`);
  if (o.aggressive) {
    conf = conf
      .replace('aggressive = no', 'aggressive = yes')
      .replace(`id = ${SW}`, 'id = sw.example')
      .replace(`id = ${SRX}`, 'id = srx.example')
      .replace(`id-srx = ${SRX}`, 'id-srx = srx.example')
      .replace(`id-sw = ${SW}`, 'id-sw = sw.example');
  }
  return conf;
}

const PFS_OFF = ['delete security ipsec policy ipsec-strongswan perfect-forward-secrecy'];
const SRX_INITIATES = ['set security ipsec vpn TunnelA establish-tunnels immediately'];

/** SPIs of `show security ipsec security-associations detail`, by direction. */
function srxSpis(detail: string): { inbound: string[]; outbound: string[] } {
  const spis = [...detail.matchAll(/Direction: (inbound|outbound), SPI: ([0-9a-f]{8})/g)];
  return { inbound: spis.filter((m) => m[1] === 'inbound').map((m) => m[2]!), outbound: spis.filter((m) => m[1] === 'outbound').map((m) => m[2]!) };
}

/** Waits for strongSwan's CHILD_SA, then checks both sides name the same SPIs and cookies. */
async function agreeOnSas(t: ExecutionContext, p: Peers) {
  const child = await until('an installed CHILD_SA', 20_000, async () => listedChildSas(await p.charon.swanctl('--list-sas')).find((c) => c.state === 'INSTALLED'));
  t.is(child.encapsulation, 'TUNNEL-in-UDP');
  const detail = await runLines(p.srx, ['show security ipsec security-associations detail']);
  const spis = srxSpis(detail);
  t.deepEqual(spis, { inbound: [child.spiOut], outbound: [child.spiIn] }, detail);
  const listed = await p.charon.swanctl('--list-sas');
  const cookies = /ESTABLISHED, IKEv1, ([0-9a-f]{16})_i\*? ([0-9a-f]{16})_r/.exec(listed);
  const ike = await runLines(p.srx, ['show security ike security-associations']);
  t.truthy(cookies, listed);
  t.regex(ike, new RegExp(`${SW}\\s+UP\\s+${cookies![1]}\\s+${cookies![2]}`));
  return child;
}

/** Pings the SRX's LAN host from behind strongSwan; both sides must count the packets. */
async function pingThrough(t: ExecutionContext, p: Peers) {
  const r = await ns().exec('ping', ['-c', '3', '-i', '0.2', '-W', '2', '-I', SW_LAN_HOST, SRX_LAN_HOST]);
  t.regex(r.stdout, /3 packets transmitted, 3 received/);
  const child = listedChildSas(await p.charon.swanctl('--list-sas')).find((c) => c.state === 'INSTALLED')!;
  t.true(child.packetsOut >= 3 && child.packetsIn >= 3, JSON.stringify(child));
  const stats = await runLines(p.srx, ['show security ipsec statistics']);
  const decrypted = Number(/Decrypted packets:\s+(\d+)/.exec(stats)?.[1]);
  const encrypted = Number(/Encrypted packets:\s+(\d+)/.exec(stats)?.[1]);
  t.is(decrypted, child.packetsOut, stats);
  t.is(encrypted, child.packetsIn, stats);
}

for (const initiator of ['strongSwan', 'srxsim'] as const) {
  for (const pfs of [true, false]) {
    interop(`Main Mode PSK + Quick Mode ${pfs ? 'with PFS group 14' : 'without PFS'}, ${initiator} initiates; SPIs agree and a ping crosses`, async (t) => {
      const p = await peers(t, [...(pfs ? [] : PFS_OFF), ...(initiator === 'srxsim' ? SRX_INITIATES : [])], swanctlConf(pfs ? {} : { espProposals: 'aes128-sha1' }));
      if (initiator === 'strongSwan') await p.charon.swanctl('--initiate', '--child', 'tunnel-a');
      const child = await agreeOnSas(t, p);
      const role = await runLines(p.srx, ['show security ike security-associations detail']);
      t.regex(role, new RegExp(`Role: ${initiator === 'srxsim' ? 'Initiator' : 'Responder'}, State: UP`));
      t.regex(role, new RegExp(`Local: ${SRX.replaceAll('.', '\\.')}:4500, Remote: ${SW.replaceAll('.', '\\.')}:4500`));
      const listed = await p.charon.swanctl('--list-sas');
      t.regex(listed, pfs ? /ESP:AES_CBC-128\/HMAC_SHA1_96\/MODP_2048$/m : /ESP:AES_CBC-128\/HMAC_SHA1_96$/m);
      t.is(child.name, 'tunnel-a');
      await pingThrough(t, p);
    });
  }
}

// When the SRX initiates, charon may take its first Quick Mode message on another worker
// thread before Aggressive Mode message 3 and ignore it ("ignoring QUICK_MODE request while
// phase 1 is incomplete"); the SRX's retransmission 10 s later recovers.
for (const initiator of ['strongSwan', 'srxsim'] as const) {
  interop(`Aggressive Mode with FQDN identities, ${initiator} initiates`, async (t) => {
    const p = await peers(
      t,
      [
        'set security ike policy ike-strongswan mode aggressive',
        'set security ike gateway strongswan local-identity hostname srx.example',
        'set security ike gateway strongswan remote-identity hostname sw.example',
        ...(initiator === 'srxsim' ? SRX_INITIATES : []),
      ],
      swanctlConf({ aggressive: true }),
    );
    if (initiator === 'strongSwan') await p.charon.swanctl('--initiate', '--child', 'tunnel-a');
    await agreeOnSas(t, p);
    const detail = await runLines(p.srx, ['show security ike security-associations detail']);
    t.regex(detail, /Exchange type: Aggressive/);
    t.regex(p.charon.logs(), /IKE_SA srx\[\d+\] established between 198\.18\.20\.2\[sw\.example\]\.\.\.198\.18\.20\.1\[srx\.example\]/);
    await pingThrough(t, p);
  });
}

/** Junos proposal statements and the strongSwan keywords that name the same algorithms. */
const SUITES: { name: string; ike: string[]; esp: string[]; pfs?: string; swIke: string; swEsp: string; listed: RegExp }[] = [
  {
    name: "the seed's TunnelA suite (3DES, MD5, group 2, PFS group 2)",
    ike: ['encryption-algorithm 3des-cbc', 'authentication-algorithm md5', 'dh-group group2'],
    esp: ['encryption-algorithm 3des-cbc', 'authentication-algorithm hmac-md5-96'],
    pfs: 'group2',
    swIke: '3des-md5-modp1024',
    swEsp: '3des-md5-modp1024',
    listed: /3DES_CBC\/HMAC_MD5_96\/PRF_HMAC_MD5\/MODP_1024[^]*ESP:3DES_CBC\/HMAC_MD5_96\/MODP_1024$/m,
  },
  {
    name: 'AES-256, SHA-256, group 5; ESP HMAC-SHA-256-128 without PFS',
    ike: ['encryption-algorithm aes-256-cbc', 'authentication-algorithm sha-256', 'dh-group group5'],
    esp: ['encryption-algorithm aes-256-cbc', 'authentication-algorithm hmac-sha-256-128'],
    swIke: 'aes256-sha256-modp1536',
    swEsp: 'aes256-sha256',
    listed: /AES_CBC-256\/HMAC_SHA2_256_128\/PRF_HMAC_SHA2_256\/MODP_1536[^]*ESP:AES_CBC-256\/HMAC_SHA2_256_128$/m,
  },
  {
    name: 'AES-192, SHA-384, ECP group 19; ESP AES-GCM-128 with PFS group 20',
    ike: ['encryption-algorithm aes-192-cbc', 'authentication-algorithm sha-384', 'dh-group group19'],
    esp: ['encryption-algorithm aes-128-gcm'],
    pfs: 'group20',
    swIke: 'aes192-sha384-ecp256',
    swEsp: 'aes128gcm16-ecp384',
    listed: /AES_CBC-192\/HMAC_SHA2_384_192\/PRF_HMAC_SHA2_384\/ECP_256[^]*ESP:AES_GCM_16-128\/ECP_384$/m,
  },
  {
    name: 'ESP AES-GCM-256 without PFS',
    ike: [],
    esp: ['encryption-algorithm aes-256-gcm'],
    swIke: 'aes128-sha1-modp2048',
    swEsp: 'aes256gcm16',
    listed: /ESP:AES_GCM_16-256$/m,
  },
];

for (const suite of SUITES) {
  interop(`algorithms: ${suite.name}: both ends agree and a ping crosses`, async (t) => {
    const p = await peers(
      t,
      [
        ...suite.ike.map((l) => `set security ike proposal ike-aes128-sha1-g14 ${l}`),
        'delete security ipsec proposal esp-aes128-sha1',
        ...suite.esp.map((l) => `set security ipsec proposal esp-aes128-sha1 ${l}`),
        suite.pfs ? `set security ipsec policy ipsec-strongswan perfect-forward-secrecy keys ${suite.pfs}` : PFS_OFF[0]!,
      ],
      swanctlConf({ ikeProposals: suite.swIke, espProposals: suite.swEsp }),
    );
    await p.charon.swanctl('--initiate', '--child', 'tunnel-a');
    await agreeOnSas(t, p);
    t.regex(await p.charon.swanctl('--list-sas'), suite.listed);
    await pingThrough(t, p);
  });
}

interop('route-based: st0.0 bound to the VPN with a proxy identity; the route into st0.0 carries the ping', async (t) => {
  const p = await peers(
    t,
    [
      'set interfaces st0 unit 0 family inet',
      'set security zones security-zone Public interfaces st0.0',
      `delete routing-options static route 198.18.${NET + 1}.0/24`,
      `set routing-options static route 198.18.${NET + 1}.0/24 next-hop st0.0`,
      'set security ipsec vpn TunnelA bind-interface st0.0',
      'set security ipsec vpn TunnelA ike proxy-identity local 10.1.10.0/24',
      `set security ipsec vpn TunnelA ike proxy-identity remote 198.18.${NET + 1}.0/24`,
      'delete security policies from-zone Private to-zone Public policy TunnelA-out then permit tunnel',
      'delete security policies from-zone Public to-zone Private policy TunnelA-in then permit tunnel',
    ],
    swanctlConf(),
  );
  await p.charon.swanctl('--initiate', '--child', 'tunnel-a');
  await agreeOnSas(t, p);
  await pingThrough(t, p);
  const st0 = await runLines(p.srx, ['show interfaces st0.0 extensive']);
  t.regex(st0, /Input packets *: *3\b/, st0);
  t.regex(st0, /Output packets *: *3\b/);
});

interop('a phase-1 proposal mismatch fails on both sides with NO_PROPOSAL_CHOSEN, whoever initiates', async (t) => {
  const p = await peers(t, ['set security ike proposal ike-aes128-sha1-g14 encryption-algorithm 3des-cbc'], swanctlConf());
  // strongSwan offers AES-128; the SRX answers with the notify and logs why.
  await t.throwsAsync(p.charon.swanctl('--initiate', '--child', 'tunnel-a'));
  t.regex(p.charon.logs(), /received NO_PROPOSAL_CHOSEN error notify/);
  const kmd = await runLines(p.srx, ['show log kmd']);
  t.regex(kmd, /IKE Phase-1 Negotiation: Failed: .*encryption-algorithm.*role responder/i);
  // The SRX offers 3DES; strongSwan refuses it and the SRX logs strongSwan's notify.
  await runLines(p.srx, ['configure', ...SRX_INITIATES, 'commit and-quit']);
  await until('the SRX to hear NO_PROPOSAL_CHOSEN', 20_000, async () => (/NO[-_]PROPOSAL[-_]CHOSEN/i.test((await runLines(p.srx, ['show log kmd'])).split('role responder').at(-1)!) ? true : undefined));
  t.regex(p.charon.logs(), /no acceptable proposal found|no proposal found/);
  t.notRegex(await runLines(p.srx, ['show security ike security-associations']), /\bUP\b/);
});

interop('the SRX side survives strongSwan going away: no crash, the IKE SA is cleared on delete', async (t) => {
  const p = await peers(t, [], swanctlConf());
  await p.charon.swanctl('--initiate', '--child', 'tunnel-a');
  await agreeOnSas(t, p);
  await p.charon.swanctl('--terminate', '--ike', 'srx');
  await until('the SRX to drop its SAs', 10_000, async () => ((await runLines(p.srx, ['show security ipsec security-associations'])).includes(SW) ? undefined : true));
  t.pass();
});

interop('a capture of the real-network segment: tshark decodes NAT-T IKE and ESP in UDP, and decrypts both with the exported keys', async (t) => {
  const dir = join(mkdtempSync(join(tmpdir(), 'srxsim-capture-')), 'capture');
  const p = await peers(t, [], swanctlConf(), dir);
  await p.charon.swanctl('--initiate', '--child', 'tunnel-a');
  const child = await agreeOnSas(t, p);
  await pingThrough(t, p);
  p.lab.stop();
  const file = join(dir, 'outside.pcap');
  const fields = ['udp.srcport', 'udp.dstport', 'isakmp.exchangetype', 'esp.spi', '_ws.malformed', '_ws.expert.severity'];
  const plain = await tsharkFields(file, fields);
  // Main Mode 1-4 on 500; the float to 4500 (behind the non-ESP marker) for 5-6 and Quick Mode.
  const ike = plain.filter((r) => r[2] !== '');
  t.deepEqual(ike.slice(0, 4).map((r) => [r[0], r[1], r[2]]), [['500', '500', '2'], ['500', '500', '2'], ['500', '500', '2'], ['500', '500', '2']]);
  t.true(ike.slice(4).every((r) => r[0] === '4500' && r[1] === '4500'), JSON.stringify(ike));
  t.deepEqual([...new Set(ike.slice(4).map((r) => r[2]))], ['2', '32']);
  // Three echo requests in and three replies out, ESP inside UDP 4500 with the SPIs both sides named.
  const esp = plain.filter((r) => r[3] !== '');
  t.is(esp.length, 6);
  t.deepEqual([...new Set(esp.map((r) => Number(r[3]).toString(16).padStart(8, '0')))].sort(), [child.spiIn, child.spiOut].sort());
  t.true(plain.every((r) => r[4] === '' && r[5] === ''), JSON.stringify(plain.filter((r) => r[4] !== '' || r[5] !== '')));
  // With the key tables: the identities inside Main Mode 5/6, and ICMP inside ESP.
  const clear = await tsharkFields(file, ['isakmp.id.type', 'icmp.type'], { configDir: dir });
  t.true(clear.filter((r) => r[0] !== '').length >= 2, JSON.stringify(clear));
  t.deepEqual(clear.map((r) => r[1]).filter((v) => v !== ''), ['8', '0', '8', '0', '8', '0']);
});
