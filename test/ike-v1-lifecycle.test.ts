import test from 'ava';
import type { DpdMode } from '../engine/ike/policy/index.ts';
import { config, configureBoth, Lab, p2 } from './ike-v1-lab.ts';

const dpdMode = (mode: DpdMode) => ({ phase1: { dpd: { interval: 20, threshold: 5, mode } } });
const dpd = dpdMode('probe-idle-tunnel');

test('DPD probe-idle-tunnel: a peer that stops answering is declared dead interval x threshold after the first R-U-THERE, SAs cleared', (t) => {
  const lab = new Lab();
  configureBoth(lab, dpd, dpd);
  t.is(lab.A.ipsecSas().length, 1);
  const upAt = lab.clock.now();
  lab.filter = (r) => r.from === 'A'; // B's answers are lost from now on
  lab.advance(20_000);
  t.is(lab.A.statistics().dpdRequestsSent, 1, 'first R-U-THERE after 20 s of silence');
  const firstProbe = lab.clock.now();
  lab.advance(100_000 - 1);
  t.is(lab.A.statistics().dpdRequestsSent, 5);
  t.is(lab.A.ipsecSas().length, 1, 'not dead yet');
  t.is(lab.A.ikeSas()[0].dpdOutstanding, 5);
  lab.advance(1);
  t.is(lab.clock.now() - firstProbe, 20 * 5 * 1000);
  t.is(lab.clock.now() - upAt, 120_000);
  t.is(lab.A.ipsecSas().length, 0);
  t.true(lab.A.ikeSas().every((sa) => sa.state === 'DOWN'), 'only a fresh negotiation (establish-tunnels immediately) remains');
  const dead = lab.messages('A').find((m) => m.startsWith('DPD:'))!;
  t.is(dead, 'DPD: peer 10.0.0.2 declared dead: 5 R-U-THERE requests unanswered (interval 20 s) [gateway ike-phase1-gateway]');
  t.true(lab.messages('A').some((m) => m.startsWith('IPsec SA deleted: vpn TunnelA') && m.endsWith('cause dpd')));
  t.is(lab.B.statistics().dpdAcksSent, 5, 'B answered, but the answers were lost');
});

test('DPD probe-idle-tunnel: an idle tunnel is probed every interval, an answering peer stays up', (t) => {
  const lab = new Lab();
  configureBoth(lab, dpd, {});
  lab.advance(500_000);
  t.is(lab.A.ikeSas()[0].state, 'UP');
  t.is(lab.A.ipsecSas().length, 1);
  t.is(lab.A.statistics().dpdRequestsSent, 25);
  t.is(lab.A.statistics().dpdAcksReceived, lab.A.statistics().dpdRequestsSent);
  t.false(lab.messages('A').some((m) => m.startsWith('DPD:')));
});

test('DPD optimized: an idle tunnel to a dead peer is never probed and stays up', (t) => {
  const lab = new Lab();
  configureBoth(lab, dpdMode('optimized'), dpdMode('optimized'));
  lab.filter = (r) => r.from === 'A'; // B is gone
  lab.advance(500_000);
  t.is(lab.A.statistics().dpdRequestsSent, 0);
  t.is(lab.A.ikeSas()[0].state, 'UP');
  t.is(lab.A.ipsecSas().length, 1);
});

test('DPD optimized: outbound ESP that gets nothing back is probed an interval later; the peer is dead interval x threshold after that', (t) => {
  const lab = new Lab();
  configureBoth(lab, dpdMode('optimized'), dpdMode('optimized'));
  lab.filter = (r) => r.from === 'A';
  lab.advance(100_000);
  const [a] = lab.A.ipsecSas();
  const sentAt = lab.clock.now();
  lab.A.recordIpsecTraffic(a.outbound.spi, 'outbound', 84);
  lab.advance(20_000 - 1);
  t.is(lab.A.statistics().dpdRequestsSent, 0);
  lab.advance(1);
  t.is(lab.A.statistics().dpdRequestsSent, 1, 'first R-U-THERE 20 s after the unanswered packet');
  lab.advance(100_000 - 1);
  t.is(lab.A.statistics().dpdRequestsSent, 5);
  t.is(lab.A.ipsecSas().length, 1, 'not dead yet');
  lab.advance(1);
  t.is(lab.clock.now() - sentAt, 120_000);
  t.is(lab.A.ipsecSas().length, 0);
  t.true(lab.messages('A').includes('DPD: peer 10.0.0.2 declared dead: 5 R-U-THERE requests unanswered (interval 20 s) [gateway ike-phase1-gateway]'));
});

test('DPD optimized: inbound ESP within the interval answers outbound ESP, so no probe', (t) => {
  const lab = new Lab();
  configureBoth(lab, dpdMode('optimized'), {});
  const [a] = lab.A.ipsecSas();
  for (let i = 0; i < 10; i++) {
    lab.A.recordIpsecTraffic(a.outbound.spi, 'outbound', 84);
    lab.advance(15_000);
    lab.A.recordIpsecTraffic(a.inbound.spi, 'inbound', 84);
    lab.advance(5_000);
  }
  t.is(lab.A.statistics().dpdRequestsSent, 0);
});

test('DPD always-send: probes every interval even while ESP flows both ways', (t) => {
  const lab = new Lab();
  configureBoth(lab, dpdMode('always-send'), {});
  const [a] = lab.A.ipsecSas();
  for (let i = 0; i < 20; i++) {
    lab.A.recordIpsecTraffic(a.outbound.spi, 'outbound', 84);
    lab.A.recordIpsecTraffic(a.inbound.spi, 'inbound', 84);
    lab.advance(5_000);
  }
  t.is(lab.A.statistics().dpdRequestsSent, 5);
  t.is(lab.A.statistics().dpdAcksReceived, 5);
});

test('a peer without dead-peer-detection configured still answers R-U-THERE (the DPD vendor ID is always sent)', (t) => {
  const lab = new Lab();
  configureBoth(lab, dpd, {});
  t.is(lab.B.statistics().dpdRequestsSent, 0, 'B has no dpd configured');
  lab.advance(60_000);
  t.true(lab.B.statistics().dpdRequestsReceived > 0);
});

test('rekey before expiry: IPsec SAs replaced at 90% of their lifetime, IKE SA rekeyed, peers stay mirrored', (t) => {
  const lab = new Lab();
  configureBoth(lab, { phase2: { proposals: [p2({ lifetimeSeconds: 1000 })] } }, { phase2: { proposals: [p2({ lifetimeSeconds: 1000 })] } });
  const before = lab.A.ipsecSas()[0];
  const ikeBefore = lab.A.ikeSas()[0];
  lab.advance(899_000);
  t.is(lab.A.ipsecSas()[0].inbound.spi, before.inbound.spi, 'no rekey before 900 s');
  t.is(lab.A.ikeSas()[0].index, 2, 'IKE SA (600 s) rekeyed at 540 s');
  t.not(lab.A.ikeSas()[0].initiatorCookie, ikeBefore.initiatorCookie);
  t.is(lab.B.ikeSas().length, 1, 'old IKE SA deleted on both sides');
  t.is(lab.B.ikeSas()[0].initiatorCookie, lab.A.ikeSas()[0].initiatorCookie);
  lab.advance(1_000);
  const [a] = lab.A.ipsecSas();
  const [b] = lab.B.ipsecSas();
  t.is(lab.A.ipsecSas().length, 1);
  t.is(lab.B.ipsecSas().length, 1, 'old pair deleted on the responder too');
  t.not(a.inbound.spi, before.inbound.spi);
  t.is(a.inbound.spi, b.outbound.spi);
  t.is(a.outbound.spi, b.inbound.spi);
  t.deepEqual(a.outbound.encryptionKey, b.inbound.encryptionKey);
  t.is(a.remainingSeconds, 1000);
  t.true(lab.messages('B').some((m) => m.startsWith('IPsec SA deleted') && m.endsWith('cause peer-delete')));
  t.false(lab.messages('A').some((m) => m.endsWith('cause expired')), 'nothing had to expire');
});

test('delete on expiry: when the rekey cannot get through, both SAs are deleted at their hard lifetime', (t) => {
  const lab = new Lab();
  const short = { phase2: { proposals: [p2({ lifetimeSeconds: 1000 })] } };
  configureBoth(lab, short, short);
  t.is(lab.B.ipsecSas()[0].remainingSeconds, 1000);
  lab.filter = () => false; // the wire goes dead
  lab.advance(599_000);
  t.is(lab.B.ikeSas().length, 1);
  lab.advance(1_000);
  t.is(lab.B.ikeSas().length, 0, 'IKE SA (600 s) expired');
  t.true(lab.messages('B').some((m) => m.startsWith('IKE SA deleted') && m.endsWith('cause expired')));
  lab.advance(399_000);
  t.is(lab.B.ipsecSas().length, 1);
  t.is(lab.B.ipsecSas()[0].remainingSeconds, 1);
  lab.advance(1_000);
  t.is(lab.B.ipsecSas().length, 0);
  t.is(lab.A.ipsecSas().length, 0);
  t.true(lab.messages('B').some((m) => m.startsWith('IPsec SA deleted: vpn TunnelA') && m.endsWith('cause expired')));
});

test('establish-tunnels on-traffic waits for initiate()', (t) => {
  const lab = new Lab();
  configureBoth(lab, { establish: 'on-traffic' }, {});
  t.is(lab.wire.length, 0);
  t.true(lab.A.initiate('TunnelA'));
  lab.run();
  t.is(lab.A.ipsecSas().length, 1);
  t.false(lab.A.initiate('nonexistent'));
});

test('reconcile: removed VPN and gateway send Delete and clear both sides', (t) => {
  const lab = new Lab();
  configureBoth(lab);
  lab.A.configure([], []);
  lab.run();
  t.is(lab.A.ikeSas().length, 0);
  t.is(lab.A.ipsecSas().length, 0);
  t.is(lab.B.ipsecSas().length, 0);
  t.is(lab.B.ikeSas().length, 0);
  t.true(lab.messages('A').some((m) => m.startsWith('IPsec SA deleted') && m.endsWith('cause reconfigured')));
  t.true(lab.messages('B').some((m) => m.startsWith('IKE SA deleted') && m.endsWith('cause peer-delete')));
  t.is(lab.B.statistics().deletesReceived, 2);
});

test('reconcile: a changed VPN renegotiates, an unchanged one is left alone', (t) => {
  const lab = new Lab();
  configureBoth(lab);
  const first = lab.A.ipsecSas()[0];
  const same = config('A');
  lab.A.configure(same.gateways, same.vpns);
  lab.run();
  t.is(lab.A.ipsecSas()[0].inbound.spi, first.inbound.spi);
  const changed = config('A', { phase2: { proposals: [p2({ lifetimeSeconds: 1800 })] } });
  lab.A.configure(changed.gateways, changed.vpns);
  lab.run();
  const [a] = lab.A.ipsecSas();
  t.is(lab.A.ipsecSas().length, 1);
  t.is(lab.B.ipsecSas().length, 1);
  t.not(a.inbound.spi, first.inbound.spi);
  t.is(a.lifetimeSeconds, 1800);
  t.is(lab.B.ipsecSas()[0].outbound.spi, a.inbound.spi);
  t.is(lab.A.ikeSas().length, 1, 'the IKE SA survives a VPN change');
});

test('clear security ike / ipsec security-associations', (t) => {
  const lab = new Lab();
  configureBoth(lab);
  const spi = lab.A.ipsecSas()[0].inbound.spi;
  t.is(lab.A.clearIpsec(2), 1);
  lab.run();
  t.is(lab.A.ipsecSas().length, 1, 'establish-tunnels immediately brings it back');
  t.not(lab.A.ipsecSas()[0].inbound.spi, spi);
  t.is(lab.B.ipsecSas().length, 1);
  t.is(lab.A.clearIke('10.0.0.9'), 0);
  t.is(lab.A.clearIke(), 1);
  lab.run();
  t.is(lab.A.ikeSas().length, 0);
  t.is(lab.B.ikeSas().length, 0);
  t.is(lab.A.ipsecSas().length, 1, 'IPsec SAs outlive the IKE SA in IKEv1');
});

test('INITIAL-CONTACT from a restarted peer clears the stale SAs it left behind', (t) => {
  const lab = new Lab();
  configureBoth(lab);
  const stale = lab.B.ipsecSas()[0];
  lab.filter = () => false; // A forgets everything and its Deletes are lost
  lab.A.configure([], []);
  lab.run();
  t.is(lab.B.ikeSas().length, 1);
  lab.filter = () => true;
  const a = config('A');
  lab.A.configure(a.gateways, a.vpns);
  lab.run();
  t.is(lab.B.ikeSas().length, 1, 'only the new IKE SA');
  t.is(lab.B.ipsecSas().length, 1);
  t.not(lab.B.ipsecSas()[0].inbound.spi, stale.inbound.spi);
  t.is(lab.B.ipsecSas()[0].outbound.spi, lab.A.ipsecSas()[0].inbound.spi);
  t.true(lab.messages('B').some((m) => m.startsWith('IPsec SA deleted') && m.endsWith('cause initial-contact')));
  t.true(lab.messages('B').some((m) => m.startsWith('IKE SA deleted') && m.endsWith('cause initial-contact')));
});

test('a peer with no gateway configured is dropped and named', (t) => {
  const lab = new Lab();
  const a = config('A');
  lab.A.configure(a.gateways, a.vpns);
  lab.run();
  t.is(lab.B.statistics().droppedReceived, 1);
  t.true(lab.messages('B').includes('IKE Phase-1 Negotiation: Failed: no gateway configured for peer 10.0.0.1 [gateway -, remote 10.0.0.1:500, role responder]'));
  t.is(lab.sent('B').length, 0);
});
