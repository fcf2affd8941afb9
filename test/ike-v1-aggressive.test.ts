import test from 'ava';
import { configureBoth, Lab, p1 } from './ike-v1-lab.ts';

const spoke = { type: 'fqdn', name: 'spoke-a.example' } as const;
const hub = { type: 'fqdn', name: 'hub-b.example' } as const;

test('Aggressive Mode with FQDN identities establishes, then Quick Mode', (t) => {
  const lab = new Lab();
  configureBoth(
    lab,
    { phase1: { mode: 'aggressive', localId: spoke, remoteId: hub, proposals: [p1({ encryptionAlgorithm: 'aes-128-cbc', authenticationAlgorithm: 'sha1', dhGroup: 'group14' })] } },
    { phase1: { mode: 'aggressive', localId: hub, remoteId: spoke, proposals: [p1({ encryptionAlgorithm: 'aes-128-cbc', authenticationAlgorithm: 'sha1', dhGroup: 'group14' })] } },
  );
  const [a] = lab.A.ikeSas();
  const [b] = lab.B.ikeSas();
  t.is(a.state, 'UP');
  t.is(b.state, 'UP');
  t.is(a.mode, 'Aggressive');
  t.is(a.initiatorCookie, b.initiatorCookie);
  t.is(a.responderCookie, b.responderCookie);
  t.is(a.remoteIdentity, 'fqdn hub-b.example');
  t.is(b.remoteIdentity, 'fqdn spoke-a.example');
  t.is(a.localIdentity, 'fqdn spoke-a.example');
  // 3 Aggressive Mode + 3 Quick Mode messages.
  t.is(lab.wire.length, 6);
  const [sa] = lab.A.ipsecSas();
  const [sb] = lab.B.ipsecSas();
  t.is(sa.inbound.spi, sb.outbound.spi);
  t.deepEqual(sa.outbound.encryptionKey, sb.inbound.encryptionKey);
});

test('Aggressive Mode: an unexpected peer identity is rejected with INVALID-ID-INFORMATION, both IDs named', (t) => {
  const lab = new Lab({ retransmit: { initialMs: 1000, multiplier: 2, maxTransmissions: 2 } });
  configureBoth(lab, { phase1: { mode: 'aggressive', localId: spoke } }, { phase1: { mode: 'aggressive', localId: hub, remoteId: { type: 'fqdn', name: 'other.example' } } });
  const failure = lab.logs.B.find((e) => e.event.type === 'phase1-failed');
  t.truthy(failure);
  t.regex(failure!.message, /invalid ID: remote-identity local fqdn other\.example, peer fqdn spoke-a\.example/);
  t.true(lab.messages('A').some((m) => m.includes('IKE notify INVALID-ID-INFORMATION received')));
  t.is(lab.B.ikeSas().length, 0);
});

test('Aggressive Mode: pre-shared key mismatch fails HASH_R at the initiator', (t) => {
  const lab = new Lab({ retransmit: { initialMs: 1000, multiplier: 2, maxTransmissions: 2 } });
  configureBoth(lab, { phase1: { mode: 'aggressive', localId: spoke } }, { phase1: { mode: 'aggressive', localId: hub, preSharedKey: Buffer.from('other-secret') } });
  const failure = lab.logs.A.find((e) => e.event.type === 'phase1-failed');
  t.regex(failure!.message, /IKE Phase-1 Negotiation: Failed: authentication failed: HASH_R: HASH verification failed \(pre-shared key mismatch\)/);
  t.is(lab.A.ikeSas().length, 0);
  t.true(lab.messages('B').some((m) => m.includes('AUTHENTICATION-FAILED')));
  lab.advance(10_000);
  const bFailure = lab.logs.B.find((e) => e.event.type === 'phase1-failed');
  t.regex(bFailure!.message, /no response from peer after 2 transmissions \(peer sent AUTHENTICATION-FAILED\)/);
});
