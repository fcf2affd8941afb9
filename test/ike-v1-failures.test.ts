import test from 'ava';
import { configureBoth, Lab, p1, p2 } from './ike-v1-lab.ts';

test('phase-1 proposal mismatch: initiator retransmits to its limit, responder answers NO-PROPOSAL-CHOSEN naming the attribute', (t) => {
  const lab = new Lab();
  configureBoth(lab, { phase1: { proposals: [p1({ encryptionAlgorithm: 'aes-128-cbc' })] } }, {});
  t.is(lab.A.ikeSas()[0].state, 'DOWN');
  lab.advance(309_000);
  t.is(lab.sent('A').length, 5, 'first transmission + 4 retransmissions at 10, 30, 70, 150 s');
  t.deepEqual(lab.sent('A').map((r) => (r.time - lab.sent('A')[0].time) / 1000), [0, 10, 30, 70, 150]);
  t.is(lab.sent('B').length, 5, 'one NO-PROPOSAL-CHOSEN per attempt');
  t.is(lab.A.ikeSas().length, 1, 'still trying before 310 s');
  lab.advance(1_000);
  t.is(lab.A.ikeSas().length, 0);
  t.is(lab.B.ikeSas().length, 0);
  const responder = lab.messages('B').filter((m) => m.startsWith('IKE Phase-1 Negotiation: Failed'));
  t.is(responder.length, 5);
  t.regex(responder[0], /^IKE Phase-1 Negotiation: Failed: proposal mismatch: encryption-algorithm local 3des-cbc, peer aes-128-cbc \[/);
  const failure = lab.logs.B.find((e) => e.event.type === 'phase1-failed')!.event;
  t.like(failure, { type: 'phase1-failed', reason: { code: 'proposal-mismatch', phase: 1, mismatches: [{ attribute: 'encryption-algorithm', local: '3des-cbc', peer: 'aes-128-cbc' }] } });
  const initiator = lab.messages('A').filter((m) => m.startsWith('IKE Phase-1 Negotiation: Failed'));
  t.deepEqual(initiator.length, 1);
  t.regex(initiator[0], /no response from peer after 5 transmissions \(peer sent NO-PROPOSAL-CHOSEN\)/);
  t.is(lab.A.statistics().retransmissions, 4);
  t.is(lab.A.statistics().phase1Failed, 1);
});

test('phase-1 mismatch in several attributes names each, for the closest proposal', (t) => {
  const lab = new Lab({ retransmit: { initialMs: 1000, multiplier: 1, maxTransmissions: 1 } });
  configureBoth(
    lab,
    { phase1: { proposals: [p1({ dhGroup: 'group5', authenticationAlgorithm: 'sha1', encryptionAlgorithm: 'aes-256-cbc' }), p1({ dhGroup: 'group14' })] } },
    {},
  );
  const line = lab.messages('B').find((m) => m.includes('Failed'))!;
  t.regex(line, /proposal mismatch: dh-group local group2, peer group14\b/);
  t.notRegex(line, /encryption-algorithm/);
});

test('responder picks the first initiator transform it also has (initiator order wins)', (t) => {
  const lab = new Lab();
  const aes = p1({ name: 'aes', encryptionAlgorithm: 'aes-128-cbc', authenticationAlgorithm: 'sha1' });
  const tdes = p1({ name: '3des', encryptionAlgorithm: '3des-cbc', authenticationAlgorithm: 'sha1' });
  configureBoth(lab, { phase1: { proposals: [tdes, aes] } }, { phase1: { proposals: [aes, tdes] } });
  t.is(lab.A.ikeSas()[0].encryptionAlgorithm, '3des-cbc');
  t.is(lab.B.ikeSas()[0].encryptionAlgorithm, '3des-cbc');
});

test('phase-1 lifetime: both ends run min(offered, local)', (t) => {
  const lab = new Lab();
  configureBoth(lab, { phase1: { proposals: [p1({ lifetimeSeconds: 28800 })] } }, { phase1: { proposals: [p1({ lifetimeSeconds: 3600 })] } });
  t.is(lab.A.ikeSas()[0].lifetimeSeconds, 28800);
  t.is(lab.B.ikeSas()[0].lifetimeSeconds, 3600);
});

test('pre-shared key mismatch in Main Mode: responder names it, initiator gives up', (t) => {
  const lab = new Lab();
  configureBoth(lab, {}, { phase1: { preSharedKey: Buffer.from('not-the-same') } });
  const failure = lab.logs.B.find((e) => e.event.type === 'phase1-failed');
  t.truthy(failure);
  t.is((failure!.event as { reason: { code: string } }).reason.code, 'authentication-failed');
  t.regex(failure!.message, /authentication failed: .*pre-shared key mismatch/);
  t.is(lab.B.ikeSas().length, 0);
  lab.advance(400_000);
  const initiator = lab.messages('A').find((m) => m.startsWith('IKE Phase-1 Negotiation: Failed'))!;
  t.regex(initiator, /no response from peer after 5 transmissions \(peer sent PAYLOAD-MALFORMED: pre-shared key mismatch\?\)/);
  t.true(lab.B.statistics().droppedReceived >= 4, 'retransmitted message 5 hits no SA');
});

test('phase-2 PFS mismatch: responder sends an encrypted NO-PROPOSAL-CHOSEN, both name pfs-group', (t) => {
  const lab = new Lab();
  configureBoth(lab, {}, { phase2: { pfsGroup: undefined } });
  t.is(lab.A.ikeSas()[0].state, 'UP');
  t.is(lab.A.ipsecSas().length, 0);
  const b = lab.messages('B').find((m) => m.startsWith('IKE Phase-2 Negotiation: Failed'))!;
  t.regex(b, /proposal mismatch: pfs-group local none, peer group2/);
  const a = lab.messages('A').find((m) => m.startsWith('IKE Phase-2 Negotiation: Failed'))!;
  t.regex(a, /peer sent NO-PROPOSAL-CHOSEN/);
});

test('phase-2 algorithm mismatch names authentication-algorithm with both values', (t) => {
  const lab = new Lab();
  configureBoth(lab, { phase2: { proposals: [p2({ authenticationAlgorithm: 'hmac-sha1-96' })] } }, {});
  const b = lab.messages('B').find((m) => m.startsWith('IKE Phase-2 Negotiation: Failed'))!;
  t.regex(b, /proposal mismatch: authentication-algorithm local hmac-md5-96, peer hmac-sha1-96 \[vpn TunnelA/);
});

test('proxy-ID mismatch is answered with INVALID-ID-INFORMATION and both sides are named', (t) => {
  const lab = new Lab();
  configureBoth(
    lab,
    { phase2: { proxyIdentity: { local: '10.1.0.0/24', remote: '10.2.0.0/24', service: 'any' } } },
    { phase2: { proxyIdentity: { local: '10.2.0.0/24', remote: '10.9.0.0/24', service: 'any' } } },
  );
  const b = lab.messages('B').find((m) => m.startsWith('IKE Phase-2 Negotiation: Failed'))!;
  t.regex(b, /proxy ID mismatch: local 10\.2\.0\.0\/24 <-> 10\.9\.0\.0\/24, peer 10\.2\.0\.0\/24 <-> 10\.1\.0\.0\/24/);
  t.true(lab.messages('A').some((m) => m.includes('peer sent INVALID-ID-INFORMATION')));
});

test('matching proxy IDs establish and are shown from each side', (t) => {
  const lab = new Lab();
  configureBoth(
    lab,
    { phase2: { proxyIdentity: { local: '10.1.0.0/24', remote: '10.2.0.0/24', service: 'any' } } },
    { phase2: { proxyIdentity: { local: '10.2.0.0/24', remote: '10.1.0.0/24', service: 'any' } } },
  );
  t.like(lab.A.ipsecSas()[0], { localProxy: '10.1.0.0/24', remoteProxy: '10.2.0.0/24' });
  t.like(lab.B.ipsecSas()[0], { localProxy: '10.2.0.0/24', remoteProxy: '10.1.0.0/24' });
});
