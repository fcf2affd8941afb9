import test from 'ava';
import { PHASE1_PROPOSAL_SETS, PHASE2_PROPOSAL_SETS, phase2ProposalSetPfs, DEFAULT_IKE_LIFETIME_SECONDS, DEFAULT_IPSEC_LIFETIME_SECONDS } from '../engine/ike/policy/index.ts';
import { selectPhase1, phase1OfferPayload } from '../engine/ike/v1/phase1-proposals.ts';
import { selectPhase2, phase2OfferPayload } from '../engine/ike/v1/phase2-proposals.ts';
import { configureBoth, Lab } from './ike-v1-lab.ts';

const brief = (p: { dhGroup: string; encryptionAlgorithm: string; authenticationAlgorithm: string }) => `${p.dhGroup} ${p.encryptionAlgorithm} ${p.authenticationAlgorithm}`;

test('phase-1 proposal sets are exactly the seed lists, with the 28800 s default lifetime', (t) => {
  t.deepEqual(PHASE1_PROPOSAL_SETS.basic.map(brief), ['group1 des-cbc sha1', 'group1 des-cbc md5']);
  t.deepEqual(PHASE1_PROPOSAL_SETS.compatible.map(brief), ['group2 3des-cbc sha1', 'group2 3des-cbc md5', 'group2 des-cbc sha1', 'group2 des-cbc md5']);
  t.deepEqual(PHASE1_PROPOSAL_SETS.standard.map(brief), ['group2 3des-cbc sha1', 'group2 aes-128-cbc sha1']);
  const all = Object.values(PHASE1_PROPOSAL_SETS).flat();
  t.true(all.every((p) => p.authenticationMethod === 'pre-shared-keys' && p.lifetimeSeconds === DEFAULT_IKE_LIFETIME_SECONDS));
  t.is(DEFAULT_IKE_LIFETIME_SECONDS, 28800);
});

test('phase-2 proposal sets: ESP, seed algorithms, 3600 s; only standard implies PFS group 2', (t) => {
  const p2 = (p: { encryptionAlgorithm?: string; authenticationAlgorithm?: string; protocol: string }) => `${p.protocol} ${p.encryptionAlgorithm} ${p.authenticationAlgorithm}`;
  t.deepEqual(PHASE2_PROPOSAL_SETS.basic.map(p2), ['esp des-cbc hmac-sha1-96', 'esp des-cbc hmac-md5-96']);
  t.deepEqual(PHASE2_PROPOSAL_SETS.compatible.map(p2), ['esp 3des-cbc hmac-sha1-96', 'esp 3des-cbc hmac-md5-96', 'esp des-cbc hmac-sha1-96', 'esp des-cbc hmac-md5-96']);
  t.deepEqual(PHASE2_PROPOSAL_SETS.standard.map(p2), ['esp 3des-cbc hmac-sha1-96', 'esp aes-128-cbc hmac-sha1-96']);
  t.true(Object.values(PHASE2_PROPOSAL_SETS).flat().every((p) => p.lifetimeSeconds === DEFAULT_IPSEC_LIFETIME_SECONDS));
  t.is(phase2ProposalSetPfs('standard'), 'group2');
  t.is(phase2ProposalSetPfs('basic'), undefined);
  t.is(phase2ProposalSetPfs('compatible'), undefined);
});

test('compatible (initiator) meets standard (responder): the common 3des/sha1 is chosen', (t) => {
  const chosen = selectPhase1(phase1OfferPayload([...PHASE1_PROPOSAL_SETS.compatible]), [...PHASE1_PROPOSAL_SETS.standard]);
  t.true(chosen.ok);
  if (chosen.ok) t.is(chosen.local.name, 'pre-g2-3des-sha');
});

test('basic meets standard in phase 1: the mismatch names dh-group and encryption-algorithm', (t) => {
  const chosen = selectPhase1(phase1OfferPayload([...PHASE1_PROPOSAL_SETS.basic]), [...PHASE1_PROPOSAL_SETS.standard]);
  t.false(chosen.ok);
  if (!chosen.ok) {
    t.like(chosen.reason, { code: 'proposal-mismatch', mismatches: [{ attribute: 'dh-group', local: 'group2', peer: 'group1' }, { attribute: 'encryption-algorithm', local: '3des-cbc', peer: 'des-cbc' }] });
  }
});

test('phase-2 selection walks the initiator order and checks PFS', (t) => {
  const spi = Buffer.from('01020304', 'hex');
  const offer = phase2OfferPayload({ proposals: [...PHASE2_PROPOSAL_SETS.compatible] }, spi);
  const chosen = selectPhase2(offer, { proposals: [...PHASE2_PROPOSAL_SETS.basic] });
  t.true(chosen.ok);
  if (chosen.ok) t.is(chosen.local.name, 'nopfs-esp-des-sha');
  const pfs = selectPhase2(offer, { proposals: [...PHASE2_PROPOSAL_SETS.compatible], pfsGroup: 'group2' });
  t.false(pfs.ok);
  if (!pfs.ok) t.like(pfs.reason, { code: 'proposal-mismatch', mismatches: [{ attribute: 'pfs-group', local: 'group2', peer: 'none' }] });
});

test('standard proposal sets on both ends establish with aes/3des and sha1', (t) => {
  const lab = new Lab();
  const std = { phase1: { proposals: [...PHASE1_PROPOSAL_SETS.standard] }, phase2: { proposals: [...PHASE2_PROPOSAL_SETS.standard], pfsGroup: 'group2' as const } };
  configureBoth(lab, std, std);
  t.is(lab.A.ikeSas()[0].encryptionAlgorithm, '3des-cbc');
  t.is(lab.A.ikeSas()[0].lifetimeSeconds, 28800);
  t.is(lab.A.ipsecSas()[0].algorithm, 'ESP:3des/sha1');
  t.is(lab.B.ipsecSas()[0].lifetimeSeconds, 3600);
});

test('phase-2 responder with a lower lifetime tells the initiator (RESPONDER-LIFETIME)', (t) => {
  const lab = new Lab();
  configureBoth(lab, {}, { phase2: { proposals: [{ ...PHASE2_PROPOSAL_SETS.compatible[1], lifetimeSeconds: 1200, lifetimeKilobytes: 5000 }] } });
  t.is(lab.B.ipsecSas()[0].lifetimeSeconds, 1200);
  t.is(lab.A.ipsecSas()[0].lifetimeSeconds, 1200);
  t.is(lab.A.ipsecSas()[0].lifetimeKilobytes, 5000);
});

for (const [enc, auth, keyLength] of [
  ['aes-256-cbc', 'hmac-sha-256-128', 32],
  ['aes-128-gcm', undefined, 20],
  ['des-cbc', 'hmac-sha1-96', 8],
] as const) {
  test(`Quick Mode with ${enc}${auth ? `/${auth}` : ''} derives ${keyLength}-byte encryption keys that match`, (t) => {
    const lab = new Lab();
    const proposal = { name: 'x', protocol: 'esp' as const, encryptionAlgorithm: enc, authenticationAlgorithm: auth, lifetimeSeconds: 3600 };
    configureBoth(lab, { phase2: { proposals: [proposal] } }, { phase2: { proposals: [proposal] } });
    const [a] = lab.A.ipsecSas();
    const [b] = lab.B.ipsecSas();
    t.is(a.outbound.encryptionKey.length, keyLength);
    t.deepEqual(a.outbound.encryptionKey, b.inbound.encryptionKey);
    t.deepEqual(a.outbound.integrityKey, b.inbound.integrityKey);
  });
}
