// NAT traversal in the IKE engine (RFC 3947): NAT-D hashing and detection, the float to
// UDP 4500, UDP-Tunnel in Quick Mode, NAT keepalives and the peer's NAT remapping, with
// two IkeEngines joined through a port-translating NAT (test/ike-nat-t-lab.ts).
import test from 'ava';
import { createHash } from 'node:crypto';
import {
  attributeInteger,
  decodeMessage,
  encodeMessage,
  EncapsulationMode,
  IpsecAttr,
  PayloadType,
  vendorIdBytes,
  type Payload,
  type SaPayload,
} from '../engine/ike/codec/index.ts';
import { describeFailure } from '../engine/ike/v1/failure.ts';
import { agreeNatTraversal, detectNat, natDiscoveryHash, natDiscoveryPayloads, type NatDiscoveryInput, type NatTraversal } from '../engine/ike/v1/nat-traversal.ts';
import { phase2ChoicePayload, phase2OfferPayload, selectPhase2 } from '../engine/ike/v1/phase2-proposals.ts';
import { p2 } from './ike-v1-lab.ts';
import { INSIDE_ADDRESS, NatLab, PUBLIC_A, PUBLIC_B, type Sent } from './ike-nat-t-lab.ts';

const cookieI = Buffer.from('0102030405060708', 'hex');
const cookieR = Buffer.from('1112131415161718', 'hex');
const RFC: NatTraversal = { version: 'rfc3947', vendorId: 'NatTRfc3947' };

const payloadsOf = (d: Sent): Payload[] => {
  const m = decodeMessage(d.message);
  if (!m.ok) throw new Error(`not a clear message: ${m.error.detail}`);
  return m.value.payloads;
};
const natD = (d: Sent) => payloadsOf(d).filter((p) => p.type === PayloadType.NatD || p.type === PayloadType.NatDDraft);
const vids = (d: Sent) => payloadsOf(d).flatMap((p) => (p.type === PayloadType.VID ? [p.data.toString('hex')] : []));
const ports = (ds: Sent[]) => ds.map((d) => `${d.source.port}->${d.destination.port}`);

// ---- NAT-D --------------------------------------------------------------------------------

test('NAT-D is HASH(CKY-I | CKY-R | IP | port) with the phase-1 hash (RFC 3947 3.2)', (t) => {
  // md5(01..08 | 11..18 | c0 00 02 01 | 01 f4), computed with Python's hashlib.
  t.is(natDiscoveryHash('md5', cookieI, cookieR, { address: '192.0.2.1', port: 500 }).toString('hex'), 'cf5faa9384eb43f6272e122d4934e27f');
  const expected = createHash('sha1').update(Buffer.concat([cookieI, cookieR, Buffer.from([198, 51, 100, 7]), Buffer.from([0x79, 0x18])])).digest();
  t.deepEqual(natDiscoveryHash('sha1', cookieI, cookieR, { address: '198.51.100.7', port: 31000 }), expected);
  t.is(expected.toString('hex'), 'da1774b0ea7fdf27b12901170b3bd6e0ae53b030');
  t.is(natDiscoveryHash('sha256', cookieI, cookieR, { address: '198.51.100.7', port: 4500 }).length, 32);
});

test('our NAT-D payloads: the peer as we send to it first, then ourselves; type 130 for draft peers', (t) => {
  const n: NatDiscoveryInput = { natT: RFC, hash: 'sha1', cookieI, cookieR, local: { address: INSIDE_ADDRESS, port: 500 }, peer: { address: PUBLIC_B, port: 500 } };
  const out = natDiscoveryPayloads(n);
  t.deepEqual(out, [
    { type: PayloadType.NatD, data: natDiscoveryHash('sha1', cookieI, cookieR, n.peer) },
    { type: PayloadType.NatD, data: natDiscoveryHash('sha1', cookieI, cookieR, n.local) },
  ]);
  t.deepEqual(natDiscoveryPayloads({ ...n, natT: { version: 'draft', vendorId: 'NatTDraft02' } }).map((p) => p.type), [PayloadType.NatDDraft, PayloadType.NatDDraft]);
  t.deepEqual(natDiscoveryPayloads({ ...n, natT: undefined }), []);
});

/** The sender's payloads as it sees both ends, compared by the receiver as it sees them. */
function detect(sender: { self: string; seesReceiver: string }, receiver: { self: string; seesSender: string }) {
  const endpoint = (s: string) => ({ address: s.split(':')[0]!, port: Number(s.split(':')[1]) });
  const base = { natT: RFC, hash: 'sha1' as const, cookieI, cookieR };
  const sent = natDiscoveryPayloads({ ...base, local: endpoint(sender.self), peer: endpoint(sender.seesReceiver) });
  return detectNat({ ...base, local: endpoint(receiver.self), peer: endpoint(receiver.seesSender) }, sent);
}

test('detection, all four cases: nobody, the receiver, the sender, both behind NAT', (t) => {
  const direct = detect({ self: '198.51.100.7:500', seesReceiver: '203.0.113.9:500' }, { self: '203.0.113.9:500', seesSender: '198.51.100.7:500' });
  t.deepEqual(direct, { localBehindNat: false, peerBehindNat: false });
  const receiverNatted = detect({ self: '198.51.100.7:500', seesReceiver: '203.0.113.9:500' }, { self: '10.0.0.9:500', seesSender: '198.51.100.7:500' });
  t.deepEqual(receiverNatted, { localBehindNat: true, peerBehindNat: false });
  const senderNatted = detect({ self: '192.168.1.2:500', seesReceiver: '203.0.113.9:500' }, { self: '203.0.113.9:500', seesSender: '198.51.100.7:31000' });
  t.deepEqual(senderNatted, { localBehindNat: false, peerBehindNat: true });
  const both = detect({ self: '192.168.1.2:500', seesReceiver: '203.0.113.9:500' }, { self: '10.0.0.9:500', seesSender: '198.51.100.7:31000' });
  t.deepEqual(both, { localBehindNat: true, peerBehindNat: true });
  // A port translation alone is a NAT too.
  t.deepEqual(detect({ self: '198.51.100.7:500', seesReceiver: '203.0.113.9:500' }, { self: '203.0.113.9:500', seesSender: '198.51.100.7:1024' }), { localBehindNat: false, peerBehindNat: true });
});

test('a peer that fakes NAT (strongSwan kernel-libipsec: a random hash for itself) is seen behind NAT', (t) => {
  const base = { natT: RFC, hash: 'sha1' as const, cookieI, cookieR };
  const me = { address: PUBLIC_B, port: 500 };
  const peer = { address: PUBLIC_A, port: 500 };
  const fake: Payload[] = [
    { type: PayloadType.NatD, data: natDiscoveryHash('sha1', cookieI, cookieR, me) },
    { type: PayloadType.NatD, data: Buffer.alloc(20, 0x5a) },
  ];
  t.deepEqual(detectNat({ ...base, local: me, peer }, fake), { localBehindNat: false, peerBehindNat: true });
});

test('no NAT-D payloads, or no NAT-T on both ends: nothing to detect', (t) => {
  const n = { natT: RFC, hash: 'sha1' as const, cookieI, cookieR, local: { address: PUBLIC_B, port: 500 }, peer: { address: PUBLIC_A, port: 500 } };
  t.is(detectNat(n, [{ type: PayloadType.NONCE, data: Buffer.alloc(20) }]), undefined);
  t.is(detectNat({ ...n, natT: undefined }, natDiscoveryPayloads({ ...n, local: n.peer, peer: n.local })), undefined);
});

test('NAT-T is agreed from the vendor IDs: RFC 3947 preferred, the best draft otherwise, never when disabled', (t) => {
  t.deepEqual(agreeNatTraversal(true, new Set(['Dpd', 'NatTRfc3947', 'NatTDraft02'])), RFC);
  t.deepEqual(agreeNatTraversal(true, new Set(['NatTDraft02', 'NatTDraft03', 'NatTDraft02n'])), { version: 'draft', vendorId: 'NatTDraft03' });
  t.deepEqual(agreeNatTraversal(true, new Set(['NatTDraft02'])), { version: 'draft', vendorId: 'NatTDraft02' });
  t.is(agreeNatTraversal(true, new Set(['Dpd'])), undefined);
  t.is(agreeNatTraversal(false, new Set(['NatTRfc3947'])), undefined);
});

// ---- Quick Mode encapsulation ---------------------------------------------------------------

const modeOf = (sa: SaPayload) => attributeInteger(sa.proposals[0]!.transforms[0]!.attributes.find((a) => a.type === IpsecAttr.EncapsulationMode)!);
const spi = Buffer.from('c0ffee01', 'hex');

test('the initiator offers Tunnel without NAT, UDP-Tunnel (3, drafts 61443) with it', (t) => {
  const policy = { proposals: [p2()] };
  t.is(modeOf(phase2OfferPayload(policy, spi)), EncapsulationMode.Tunnel);
  t.is(modeOf(phase2OfferPayload(policy, spi, 'rfc3947')), EncapsulationMode.UdpTunnel);
  t.is(modeOf(phase2OfferPayload(policy, spi, 'draft')), EncapsulationMode.UdpTunnelDraft);
});

test('the responder takes UDP-Tunnel (3 or 61443, echoed) only with NAT, Tunnel only without, and says why', (t) => {
  const policy = { proposals: [p2()] };
  for (const nat of ['rfc3947', 'draft'] as const) {
    const offer = phase2OfferPayload(policy, spi, nat);
    const chosen = selectPhase2(offer, policy, 'rfc3947');
    if (!chosen.ok) return t.fail(describeFailure(chosen.reason));
    t.is(chosen.suite.encapsulation, 'udp-tunnel');
    t.is(modeOf(phase2ChoicePayload(chosen.offer, spi)), nat === 'rfc3947' ? 3 : 61443, 'the offered value is echoed');
    const refused = selectPhase2(offer, policy, undefined);
    t.false(refused.ok);
    if (!refused.ok) t.is(describeFailure(refused.reason), 'proposal mismatch: encapsulation-mode local tunnel (no NAT detected), peer udp-tunnel');
  }
  const plain = phase2OfferPayload(policy, spi);
  const tunnel = selectPhase2(plain, policy, undefined);
  t.true(tunnel.ok && tunnel.suite.encapsulation === 'tunnel');
  const refused = selectPhase2(plain, policy, 'rfc3947');
  t.false(refused.ok);
  if (!refused.ok) t.is(describeFailure(refused.reason), 'proposal mismatch: encapsulation-mode local udp-tunnel (NAT detected), peer tunnel');
});

test('AH cannot cross a NAT: refused under NAT with the reason', (t) => {
  const policy = { proposals: [p2({ protocol: 'ah', encryptionAlgorithm: undefined })] };
  const refused = selectPhase2(phase2OfferPayload(policy, spi, 'rfc3947'), policy, 'rfc3947');
  t.false(refused.ok);
  if (!refused.ok) t.is(describeFailure(refused.reason), 'proposal mismatch: protocol local ah (cannot cross a NAT), peer ah');
});

// ---- two engines through a NAT --------------------------------------------------------------

for (const mode of ['main', 'aggressive'] as const) {
  test(`${mode} mode through a NAT: detected on both sides, both float to 4500, Quick Mode picks UDP-Tunnel`, (t) => {
    const lab = new NatLab({ behindNat: 'A', A: { mode }, B: { mode } });
    lab.configure();
    const [a] = lab.A.ikeSas();
    const [b] = lab.B.ikeSas();
    t.is(a?.state, 'UP');
    t.is(b?.state, 'UP');
    t.deepEqual(a?.nat, { localBehindNat: true, peerBehindNat: false });
    t.deepEqual(b?.nat, { localBehindNat: false, peerBehindNat: true });
    t.like(a, { localAddress: INSIDE_ADDRESS, localPort: 4500, remoteAddress: PUBLIC_B, remotePort: 4500 });
    t.like(b, { localAddress: PUBLIC_B, localPort: 4500, remoteAddress: PUBLIC_A, remotePort: 31001 });

    // Before the float everything is on 500 (through the NAT's 31000), after it on 4500 (31001).
    const clear = mode === 'main' ? 4 : 2;
    const exchange = lab.sent.filter((d) => d.kind === 'ike');
    t.deepEqual(ports(exchange.slice(0, clear)), mode === 'main' ? ['500->500', '500->31000', '500->500', '500->31000'] : ['500->500', '500->31000']);
    t.true(exchange.slice(clear).every((d) => d.source.port === 4500 && [4500, 31001].includes(d.destination.port)), ports(exchange).join(' '));
    t.deepEqual(lab.natDropped, []);

    // NAT-D: Main Mode 3 and 4, Aggressive Mode 2 and 3 (message 1 carries none); RFC 3947 VIDs.
    const withNatD = exchange.slice(0, mode === 'main' ? 4 : 3).map((d) => (d.message.readUInt8(19) & 1 ? -1 : natD(d).length));
    t.deepEqual(withNatD, mode === 'main' ? [0, 0, 2, 2] : [0, 2, 2]);
    t.true(vids(exchange[0]!).includes(vendorIdBytes('NatTRfc3947').toString('hex')));

    const [sa] = lab.A.ipsecSas();
    const [sb] = lab.B.ipsecSas();
    t.is(sa?.inbound.spi, sb?.outbound.spi);
    t.is(sa?.outbound.spi, sb?.inbound.spi);
    t.deepEqual(sa?.outbound.encryptionKey, sb?.inbound.encryptionKey);
    t.like(sa, { udpEncapsulated: true, localPort: 4500, port: 4500 });
    t.like(sb, { udpEncapsulated: true, localPort: 4500, port: 31001 });

    t.true(lab.messages('A').includes(`IKE negotiation: NAT detected, local behind NAT [gateway gw, local ${INSIDE_ADDRESS}:500, remote ${PUBLIC_B}:500]`), lab.messages('A').join('\n'));
    t.true(lab.messages('A').includes(`IKE negotiation: NAT-T float, local ${INSIDE_ADDRESS}:4500, remote ${PUBLIC_B}:4500 [gateway gw]`));
    t.true(lab.messages('B').some((m) => m.startsWith('IKE negotiation: NAT detected, peer behind NAT [gateway gw')), lab.messages('B').join('\n'));
    t.true(lab.messages('B').includes(`IKE negotiation: NAT-T float, local ${PUBLIC_B}:4500, remote ${PUBLIC_A}:31001 [gateway gw]`));
  });
}

test('a responder behind a port-forwarding NAT: the initiator sees the peer behind NAT and floats, the responder keeps the NAT open', (t) => {
  const lab = new NatLab({ behindNat: 'B', mapping: { 500: 500, 4500: 4500 } });
  lab.configure();
  const [a] = lab.A.ikeSas();
  const [b] = lab.B.ikeSas();
  t.deepEqual(a?.nat, { localBehindNat: false, peerBehindNat: true });
  t.deepEqual(b?.nat, { localBehindNat: true, peerBehindNat: false });
  t.like(a, { localPort: 4500, remotePort: 4500 });
  t.like(b, { localPort: 4500, remotePort: 4500 });
  t.true(lab.A.ipsecSas()[0]?.udpEncapsulated);
  lab.advance(10_000);
  const keepalives = lab.sent.filter((d) => d.kind === 'keepalive');
  t.deepEqual(keepalives.map((d) => d.from), ['B', 'B']);
});

test('no NAT: NAT-D is exchanged, nothing is detected, nothing floats, Quick Mode stays Tunnel', (t) => {
  const lab = new NatLab();
  lab.configure();
  const [a] = lab.A.ikeSas();
  const [b] = lab.B.ikeSas();
  t.deepEqual(a?.nat, { localBehindNat: false, peerBehindNat: false });
  t.deepEqual(b?.nat, { localBehindNat: false, peerBehindNat: false });
  t.like(a, { localPort: 500, remotePort: 500 });
  t.true(lab.sent.every((d) => d.kind === 'ike' && d.source.port === 500 && d.destination.port === 500));
  t.deepEqual(natD(lab.ike('A')[1]!).length, 2);
  t.like(lab.A.ipsecSas()[0], { udpEncapsulated: false, localPort: 500, port: 500 });
  t.false([...lab.messages('A'), ...lab.messages('B')].some((m) => m.includes('NAT')));
  lab.advance(30_000);
  t.false(lab.sent.some((d) => d.kind === 'keepalive'));
});

for (const side of ['A', 'B'] as const) {
  test(`no-nat-traversal on ${side === 'A' ? 'the initiator' : 'the responder'}: no NAT-T VID from it, no NAT-D, no float, through the NAT on 500`, (t) => {
    const lab = new NatLab({ behindNat: 'A', [side]: { natTraversal: false } });
    lab.configure();
    const rfc = vendorIdBytes('NatTRfc3947').toString('hex');
    const first = lab.ike(side)[0]!;
    t.false(vids(first).includes(rfc), 'no NAT-T vendor ID');
    t.true(vids(first).includes(vendorIdBytes('Dpd').toString('hex')), 'the other vendor IDs still go out');
    t.true(lab.sent.every((d) => d.kind === 'ike' && d.source.port === 500), ports(lab.sent).join(' '));
    const clearOnes = lab.sent.filter((d) => (d.message.readUInt8(19) & 1) === 0);
    t.true(clearOnes.every((d) => natD(d).length === 0));
    t.like(lab.A.ikeSas()[0], { state: 'UP', localPort: 500, remotePort: 500, nat: undefined });
    t.like(lab.B.ikeSas()[0], { state: 'UP', localPort: 500, remotePort: 31000, nat: undefined });
    t.is(lab.A.ipsecSas()[0]?.udpEncapsulated, false);
  });
}

test('a draft-only peer: NAT-D goes as payload 130, the draft VID is echoed, UDP-Tunnel still results', (t) => {
  const lab = new NatLab({ behindNat: 'A' });
  // A's Main Mode message 1 announces only draft-02 (VIDs are outside every hash).
  lab.rewrite = (d) => {
    const m = decodeMessage(d.message);
    if (d.from !== 'A' || !m.ok || !m.value.header.responderCookie.equals(Buffer.alloc(8))) return d.message;
    const payloads = m.value.payloads.map((p) => (p.type === PayloadType.VID && p.data.equals(vendorIdBytes('NatTRfc3947')) ? { ...p, data: vendorIdBytes('NatTDraft02') } : p));
    return encodeMessage({ header: m.value.header, payloads });
  };
  lab.configure();
  const mm2 = lab.ike('B')[0]!;
  t.true(vids(mm2).includes(vendorIdBytes('NatTDraft02').toString('hex')));
  t.false(vids(mm2).includes(vendorIdBytes('NatTRfc3947').toString('hex')));
  t.deepEqual(natD(lab.ike('A')[1]!).map((p) => p.type), [PayloadType.NatDDraft, PayloadType.NatDDraft]);
  t.deepEqual(natD(lab.ike('B')[1]!).map((p) => p.type), [PayloadType.NatDDraft, PayloadType.NatDDraft]);
  t.like(lab.A.ikeSas()[0], { localPort: 4500, nat: { localBehindNat: true, peerBehindNat: false } });
  t.true(lab.A.ipsecSas()[0]?.udpEncapsulated);
  t.true(lab.B.ipsecSas()[0]?.udpEncapsulated);
});

test('the responder refuses UDP-Tunnel when it saw no NAT: NO-PROPOSAL-CHOSEN, the reason in its log', (t) => {
  const lab = new NatLab();
  // B's Main Mode message 4 misreports A's address: A believes it is behind NAT, B saw none.
  lab.rewrite = (d) => {
    const m = decodeMessage(d.message);
    if (d.from !== 'B' || !m.ok) return d.message;
    const first = m.value.payloads.findIndex((p) => p.type === PayloadType.NatD);
    if (first < 0) return d.message;
    const payloads = m.value.payloads.map((p, i) => (i === first && p.type === PayloadType.NatD ? { ...p, data: Buffer.alloc(p.data.length, 0x5a) } : p));
    return encodeMessage({ header: m.value.header, payloads });
  };
  lab.configure();
  t.like(lab.A.ikeSas()[0], { state: 'UP', localPort: 4500, nat: { localBehindNat: true, peerBehindNat: false } });
  t.like(lab.B.ikeSas()[0], { state: 'UP', nat: { localBehindNat: false, peerBehindNat: false } });
  t.deepEqual(lab.A.ipsecSas(), []);
  t.deepEqual(lab.B.ipsecSas(), []);
  t.true(
    lab.messages('B').some((m) => m.startsWith('IKE Phase-2 Negotiation: Failed: proposal mismatch: encapsulation-mode local tunnel (no NAT detected), peer udp-tunnel')),
    lab.messages('B').join('\n'),
  );
  t.true(lab.messages('A').some((m) => m.startsWith('IKE Phase-2 Negotiation: Failed: peer sent NO-PROPOSAL-CHOSEN')), lab.messages('A').join('\n'));
});

test('NAT keepalives: every nat-keepalive seconds from the side behind the NAT while its IKE SA is up, then none', (t) => {
  const lab = new NatLab({ behindNat: 'A', A: { natKeepalive: 10 } });
  lab.configure();
  const start = lab.clock.now();
  lab.advance(35_000);
  const keepalives = () => lab.sent.filter((d) => d.kind === 'keepalive');
  t.deepEqual(keepalives().map((d) => [d.from, d.time - start, `${d.source.address}:${d.source.port}`, `${d.destination.address}:${d.destination.port}`]), [
    ['A', 10_000, `${INSIDE_ADDRESS}:4500`, `${PUBLIC_B}:4500`],
    ['A', 20_000, `${INSIDE_ADDRESS}:4500`, `${PUBLIC_B}:4500`],
    ['A', 30_000, `${INSIDE_ADDRESS}:4500`, `${PUBLIC_B}:4500`],
  ]);
  t.is(lab.A.clearIke(), 1);
  lab.advance(60_000);
  t.is(keepalives().length, 3, 'stopped with the IKE SA');
});

test("the peer's NAT remaps its port: authenticated messages move the IKE SA and its IPsec SAs, others do not", (t) => {
  const lab = new NatLab({ behindNat: 'A', A: { dpd: { interval: 10, threshold: 5, mode: 'probe-idle-tunnel' } }, B: { dpd: { interval: 10, threshold: 5, mode: 'probe-idle-tunnel' } } });
  lab.configure();
  t.is(lab.B.ikeSas()[0]?.remotePort, 31001);
  // A forged message from the new port (right cookies, garbage body) does not move anything.
  const cookies = Buffer.concat([Buffer.from(lab.B.ikeSas()[0]!.initiatorCookie, 'hex'), Buffer.from(lab.B.ikeSas()[0]!.responderCookie, 'hex')]);
  const forged = Buffer.concat([cookies, Buffer.from([0x08, 0x10, 0x05, 0x01, 0, 0, 0, 9, 0, 0, 0, 60]), Buffer.alloc(32, 7)]);
  lab.B.receive(forged, { address: PUBLIC_A, port: 40000 }, 4500);
  t.is(lab.B.ikeSas()[0]?.remotePort, 31001);
  // The NAT forgets the mapping and makes a new one; A's next DPD probe (probing the idle
  // tunnel) comes from it.
  lab.mapping.set(4500, 40000);
  lab.advance(15_000);
  t.like(lab.B.ikeSas()[0], { remotePort: 40000, localPort: 4500 });
  t.is(lab.B.ipsecSas()[0]?.port, 40000);
  t.true(lab.messages('B').includes(`IKE peer ${PUBLIC_A}: NAT mapping changed, remote port 31001 -> 40000 [gateway gw]`), lab.messages('B').join('\n'));
  t.is(lab.A.ikeSas()[0]?.dpdOutstanding, 0, 'the R-U-THERE-ACK went back through the new mapping');
});
