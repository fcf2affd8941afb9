// The predefined proposal sets (`proposal-set basic|compatible|standard`), exactly as the
// Junos seed lists them, with the Junos default lifetimes.
//
// The seed's phase-2 "basic Proposal 2: no PFS, DH g1, DES, and MD5" contradicts itself
// (no PFS, yet a DH group). A phase-2 proposal has no DH group of its own: PFS is a
// property of the ipsec-policy (`perfect-forward-secrecy keys`), and the proposal-set
// `basic` is documented elsewhere by Juniper as nopfs-esp-des-sha + nopfs-esp-des-md5.
// We read "DH g1" as a slip and implement proposal 2 as ESP, DES, MD5 without PFS.
//
// The sets that do say "DH g2" for phase 2 (`standard`: g2-esp-3des-sha,
// g2-esp-aes128-sha) imply PFS group 2; phase2ProposalSetPfs() returns that group so
// that the configuration layer can apply it when the ipsec-policy names the set and
// configures no perfect-forward-secrecy of its own.
import type { DhGroupName, Phase1Proposal, Phase2Proposal } from './types.ts';

export const DEFAULT_IKE_LIFETIME_SECONDS = 28800;
export const DEFAULT_IPSEC_LIFETIME_SECONDS = 3600;

export type ProposalSetName = 'basic' | 'compatible' | 'standard';

function p1(name: string, dhGroup: DhGroupName, encryptionAlgorithm: Phase1Proposal['encryptionAlgorithm'], authenticationAlgorithm: Phase1Proposal['authenticationAlgorithm']): Phase1Proposal {
  return { name, authenticationMethod: 'pre-shared-keys', dhGroup, encryptionAlgorithm, authenticationAlgorithm, lifetimeSeconds: DEFAULT_IKE_LIFETIME_SECONDS };
}

function p2(name: string, encryptionAlgorithm: Phase2Proposal['encryptionAlgorithm'], authenticationAlgorithm: Phase2Proposal['authenticationAlgorithm']): Phase2Proposal {
  return { name, protocol: 'esp', encryptionAlgorithm, authenticationAlgorithm, lifetimeSeconds: DEFAULT_IPSEC_LIFETIME_SECONDS };
}

export const PHASE1_PROPOSAL_SETS: Readonly<Record<ProposalSetName, readonly Phase1Proposal[]>> = {
  basic: [p1('pre-g1-des-sha', 'group1', 'des-cbc', 'sha1'), p1('pre-g1-des-md5', 'group1', 'des-cbc', 'md5')],
  compatible: [
    p1('pre-g2-3des-sha', 'group2', '3des-cbc', 'sha1'),
    p1('pre-g2-3des-md5', 'group2', '3des-cbc', 'md5'),
    p1('pre-g2-des-sha', 'group2', 'des-cbc', 'sha1'),
    p1('pre-g2-des-md5', 'group2', 'des-cbc', 'md5'),
  ],
  standard: [p1('pre-g2-3des-sha', 'group2', '3des-cbc', 'sha1'), p1('pre-g2-aes128-sha', 'group2', 'aes-128-cbc', 'sha1')],
};

export const PHASE2_PROPOSAL_SETS: Readonly<Record<ProposalSetName, readonly Phase2Proposal[]>> = {
  basic: [p2('nopfs-esp-des-sha', 'des-cbc', 'hmac-sha1-96'), p2('nopfs-esp-des-md5', 'des-cbc', 'hmac-md5-96')],
  compatible: [
    p2('nopfs-esp-3des-sha', '3des-cbc', 'hmac-sha1-96'),
    p2('nopfs-esp-3des-md5', '3des-cbc', 'hmac-md5-96'),
    p2('nopfs-esp-des-sha', 'des-cbc', 'hmac-sha1-96'),
    p2('nopfs-esp-des-md5', 'des-cbc', 'hmac-md5-96'),
  ],
  standard: [p2('g2-esp-3des-sha', '3des-cbc', 'hmac-sha1-96'), p2('g2-esp-aes128-sha', 'aes-128-cbc', 'hmac-sha1-96')],
};

/** The PFS group a phase-2 proposal set implies (only `standard` has one: group 2). */
export function phase2ProposalSetPfs(set: ProposalSetName): DhGroupName | undefined {
  return set === 'standard' ? 'group2' : undefined;
}

/** Copies, so callers may adjust lifetimes without touching the tables. */
export function phase1ProposalSet(set: ProposalSetName): Phase1Proposal[] {
  return PHASE1_PROPOSAL_SETS[set].map((p) => ({ ...p }));
}

export function phase2ProposalSet(set: ProposalSetName): Phase2Proposal[] {
  return PHASE2_PROPOSAL_SETS[set].map((p) => ({ ...p }));
}
