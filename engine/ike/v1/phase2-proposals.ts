// Quick Mode SA payloads: our phase-2 proposals on the wire, the peer's as typed offers,
// and the responder's choice (RFC 2407 4.4-4.6).
//
// Selection rule: walk the initiator's proposals, and inside each its transforms, in the
// order offered; the first transform that equals one of our proposals in protocol,
// encryption algorithm (transform ID and key length), authentication algorithm,
// encapsulation mode and PFS group (Group Description attribute vs our
// perfect-forward-secrecy keys, "none" on both sides counts as equal) is chosen.
// Encapsulation is Tunnel, or UDP-Tunnel when phase 1 detected a NAT (RFC 3947 5.1: 3, or
// 61443 with draft peers; either is accepted): each is refused where the other belongs.
// AH+ESP bundles (several proposals with one number) are not supported and skipped.
// Lifetimes: the SA runs for min(offered, local) in seconds and kilobytes; when ours is
// lower the responder says so with a RESPONDER-LIFETIME notify (RFC 2407 4.6.3.1).
import { attributeInteger, integerAttribute, type DataAttribute } from '../codec/attributes.ts';
import { Doi, PayloadType, ProtocolId, Situation } from '../codec/constants.ts';
import { EncapsulationMode, IpsecAttr, LifeType } from '../codec/attribute-constants.ts';
import type { Proposal, SaPayload, Transform } from '../codec/sa-payload.ts';
import {
  DH_GROUP_KEYWORDS,
  ESP_ENCRYPTION_ALGORITHMS,
  IPSEC_AUTHENTICATION_ALGORITHMS,
  espEncryptionFromTransform,
  ipsecAuthFromEspAttribute,
  type EspEncryptionEntry,
  type IpsecAuthEntry,
} from '../crypto/algorithms.ts';
import { isDhGroupId, type DhGroupId } from '../crypto/dh-groups.ts';
import { INTEGRITY_ALGORITHMS } from '../crypto/integrity.ts';
import type { Phase2Policy, Phase2Proposal } from '../policy/types.ts';
import type { AttributeMismatch, FailureReason } from './failure.ts';
import type { NatTVersion } from './nat-traversal.ts';

/** How the SA's packets travel: ESP in tunnel mode, or that inside UDP (RFC 3948). */
export type Phase2Encapsulation = 'tunnel' | 'udp-tunnel';

/** NAT seen in phase 1 under this NAT-T version, or none (undefined). */
export type NatSeen = NatTVersion | undefined;

const encapsulationOf = (nat: NatSeen): Phase2Encapsulation => (nat ? 'udp-tunnel' : 'tunnel');

function encapsulationValue(nat: NatSeen): number {
  if (!nat) return EncapsulationMode.Tunnel;
  return nat === 'rfc3947' ? EncapsulationMode.UdpTunnel : EncapsulationMode.UdpTunnelDraft;
}

const ENCAPSULATION_NAMES: Record<number, string> = {
  [EncapsulationMode.Tunnel]: 'tunnel',
  [EncapsulationMode.Transport]: 'transport',
  [EncapsulationMode.UdpTunnel]: 'udp-tunnel',
  [EncapsulationMode.UdpTunnelDraft]: 'udp-tunnel',
  [EncapsulationMode.UdpTransport]: 'udp-transport',
  [EncapsulationMode.UdpTransportDraft]: 'udp-transport',
};

export interface Phase2Suite {
  protocol: 'esp' | 'ah';
  encryption?: EspEncryptionEntry;
  authentication?: IpsecAuthEntry;
  pfsGroup?: DhGroupId;
  encapsulation: Phase2Encapsulation;
  lifetimeSeconds: number;
  lifetimeKilobytes?: number;
  /** KEYMAT bytes per direction: encryption key (+ salt) then integrity key. */
  encryptionKeyLength: number;
  integrityKeyLength: number;
}

export interface Phase2Offer {
  proposal: Proposal;
  transform: Transform;
  protocol: string;
  encryptionAlgorithm: string;
  authenticationAlgorithm: string;
  pfsGroup: string;
  encapsulationMode: string;
  lifetimeSeconds?: number;
  lifetimeKilobytes?: number;
}

const AH_TRANSFORM_NAMES: Record<number, string> = { 2: 'hmac-md5-96', 3: 'hmac-sha1-96', 5: 'hmac-sha-256-128' };

function pfsName(group: DhGroupId | undefined): string {
  return group === undefined ? 'none' : `group${group}`;
}

export function suiteOf(p: Phase2Proposal, pfsGroup: DhGroupId | undefined, encapsulation: Phase2Encapsulation): Phase2Suite {
  const encryption = p.protocol === 'esp' && p.encryptionAlgorithm ? ESP_ENCRYPTION_ALGORITHMS[p.encryptionAlgorithm] : undefined;
  const authentication = p.authenticationAlgorithm ? IPSEC_AUTHENTICATION_ALGORITHMS[p.authenticationAlgorithm] : undefined;
  return {
    protocol: p.protocol,
    encryption,
    authentication,
    pfsGroup,
    encapsulation,
    lifetimeSeconds: p.lifetimeSeconds,
    lifetimeKilobytes: p.lifetimeKilobytes,
    encryptionKeyLength: encryption?.keymatLength ?? 0,
    integrityKeyLength: authentication ? INTEGRITY_ALGORITHMS[authentication.integrity].keyLength : 0,
  };
}

export function policyPfsGroup(policy: Phase2Policy): DhGroupId | undefined {
  return policy.pfsGroup === undefined ? undefined : (DH_GROUP_KEYWORDS[policy.pfsGroup] as DhGroupId);
}

function lifetimeAttributes(seconds: number, kilobytes: number | undefined): DataAttribute[] {
  const out = [integerAttribute(IpsecAttr.SaLifeType, LifeType.Seconds), integerAttribute(IpsecAttr.SaLifeDuration, seconds)];
  if (kilobytes !== undefined) out.push(integerAttribute(IpsecAttr.SaLifeType, LifeType.Kilobytes), integerAttribute(IpsecAttr.SaLifeDuration, kilobytes));
  return out;
}

function transformOf(p: Phase2Proposal, pfsGroup: DhGroupId | undefined, nat: NatSeen): Transform {
  const s = suiteOf(p, pfsGroup, encapsulationOf(nat));
  const attributes = lifetimeAttributes(p.lifetimeSeconds, p.lifetimeKilobytes);
  if (pfsGroup !== undefined) attributes.push(integerAttribute(IpsecAttr.GroupDescription, pfsGroup));
  attributes.push(integerAttribute(IpsecAttr.EncapsulationMode, encapsulationValue(nat)));
  if (s.authentication) attributes.push(integerAttribute(IpsecAttr.AuthenticationAlgorithm, s.authentication.espAuthAttribute));
  if (s.encryption?.keyLengthBits !== undefined) attributes.push(integerAttribute(IpsecAttr.KeyLength, s.encryption.keyLengthBits));
  const id = p.protocol === 'esp' ? (s.encryption?.espTransformId ?? 11) : (s.authentication?.ahTransformId ?? 0);
  return { number: 1, id, attributes };
}

/** The initiator's SA payload: one proposal per configured proposal, all with our SPI. */
export function phase2OfferPayload(policy: Phase2Policy, spi: Buffer, nat?: NatSeen): SaPayload {
  const group = policyPfsGroup(policy);
  return {
    type: PayloadType.SA,
    doi: Doi.Ipsec,
    situation: Situation.IdentityOnly,
    proposals: policy.proposals.map((p, i) => ({
      number: i + 1,
      protocolId: p.protocol === 'esp' ? ProtocolId.IpsecEsp : ProtocolId.IpsecAh,
      spi,
      transforms: [transformOf(p, group, nat)],
    })),
  };
}

/** The responder's SA payload: the chosen proposal with our SPI and the chosen transform. */
export function phase2ChoicePayload(offer: Phase2Offer, spi: Buffer): SaPayload {
  return {
    type: PayloadType.SA,
    doi: Doi.Ipsec,
    situation: Situation.IdentityOnly,
    proposals: [{ ...offer.proposal, spi, transforms: [offer.transform] }],
  };
}

/** Seconds and kilobytes from the SA Life Type / SA Life Duration pairs. */
export function readLifetimes(attributes: readonly DataAttribute[]): { seconds?: number; kilobytes?: number } {
  const out: { seconds?: number; kilobytes?: number } = {};
  let type: number | undefined;
  for (const a of attributes) {
    if (a.type === IpsecAttr.SaLifeType) type = attributeInteger(a);
    else if (a.type === IpsecAttr.SaLifeDuration) {
      const v = attributeInteger(a);
      if (type === LifeType.Seconds) out.seconds = v;
      else if (type === LifeType.Kilobytes) out.kilobytes = v;
    }
  }
  return out;
}

export function describeOffer(proposal: Proposal, t: Transform): Phase2Offer {
  const get = (type: number) => {
    const a = t.attributes.find((x) => x.type === type);
    return a === undefined ? undefined : attributeInteger(a);
  };
  const keyLength = get(IpsecAttr.KeyLength);
  const auth = get(IpsecAttr.AuthenticationAlgorithm);
  const group = get(IpsecAttr.GroupDescription);
  const mode = get(IpsecAttr.EncapsulationMode);
  const esp = proposal.protocolId === ProtocolId.IpsecEsp;
  const life = readLifetimes(t.attributes);
  return {
    proposal,
    transform: t,
    protocol: esp ? 'esp' : proposal.protocolId === ProtocolId.IpsecAh ? 'ah' : `unknown(${proposal.protocolId})`,
    encryptionAlgorithm: esp ? (espEncryptionFromTransform(t.id, keyLength)?.junos ?? `unknown(${t.id}${keyLength ? `/${keyLength}` : ''})`) : 'none',
    authenticationAlgorithm: auth === undefined ? (esp ? 'none' : (AH_TRANSFORM_NAMES[t.id] ?? `unknown(${t.id})`)) : (ipsecAuthFromEspAttribute(auth)?.junos ?? `unknown(${auth})`),
    pfsGroup: group === undefined ? 'none' : isDhGroupId(group) ? `group${group}` : `unknown(${group})`,
    encapsulationMode: mode === undefined ? 'tunnel' : (ENCAPSULATION_NAMES[mode] ?? `unknown(${mode})`),
    lifetimeSeconds: life.seconds,
    lifetimeKilobytes: life.kilobytes,
  };
}

function wireAuthName(p: Phase2Proposal): string {
  // hmac-sha-256-96 and -128 share one wire value; compare what the wire can carry.
  return p.authenticationAlgorithm === 'hmac-sha-256-96' ? 'hmac-sha-256-128' : (p.authenticationAlgorithm ?? 'none');
}

function compare(local: Phase2Proposal, group: DhGroupId | undefined, nat: NatSeen, o: Phase2Offer): AttributeMismatch[] {
  const pairs: [string, string, string][] = [
    ['protocol', local.protocol, o.protocol],
    ['encryption-algorithm', local.protocol === 'esp' ? (local.encryptionAlgorithm ?? 'none') : 'none', o.encryptionAlgorithm],
    ['authentication-algorithm', wireAuthName(local), o.authenticationAlgorithm],
    ['encapsulation-mode', encapsulationOf(nat), o.encapsulationMode],
    ['pfs-group', pfsName(group), o.pfsGroup],
  ];
  // The encapsulation we want follows from phase 1: say why in the reason.
  const why = (attribute: string, l: string) => (attribute === 'encapsulation-mode' ? `${l} (${nat ? 'NAT detected' : 'no NAT detected'})` : l);
  const mismatches = pairs.filter(([, l, p]) => l !== p).map(([attribute, l, p]) => ({ attribute, local: why(attribute, l), peer: p }));
  // AH authenticates the outer addresses a NAT rewrites (RFC 3947 6).
  if (nat && local.protocol === 'ah' && o.protocol === 'ah') mismatches.push({ attribute: 'protocol', local: 'ah (cannot cross a NAT)', peer: o.protocol });
  return mismatches;
}

export type Phase2Selection =
  | { ok: true; offer: Phase2Offer; local: Phase2Proposal; suite: Phase2Suite; responderLifetimeLower: boolean }
  | { ok: false; reason: FailureReason };

function negotiated(local: Phase2Proposal, group: DhGroupId | undefined, nat: NatSeen, o: Phase2Offer) {
  const suite = suiteOf(local, group, encapsulationOf(nat));
  const seconds = o.lifetimeSeconds ? Math.min(o.lifetimeSeconds, local.lifetimeSeconds) : local.lifetimeSeconds;
  const kb = [o.lifetimeKilobytes, local.lifetimeKilobytes].filter((v): v is number => v !== undefined && v > 0);
  const kilobytes = kb.length ? Math.min(...kb) : undefined;
  const lower = seconds < (o.lifetimeSeconds ?? Infinity) || (kilobytes !== undefined && kilobytes < (o.lifetimeKilobytes ?? Infinity));
  return { suite: { ...suite, lifetimeSeconds: seconds, lifetimeKilobytes: kilobytes }, lower };
}

export function selectPhase2(offer: SaPayload, policy: Phase2Policy, nat?: NatSeen): Phase2Selection {
  const group = policyPfsGroup(policy);
  const counts = new Map<number, number>();
  for (const p of offer.proposals) counts.set(p.number, (counts.get(p.number) ?? 0) + 1);
  let best: { mismatches: AttributeMismatch[]; local: string } | undefined;
  for (const proposal of offer.proposals) {
    if (counts.get(proposal.number) !== 1) continue;
    for (const t of proposal.transforms) {
      const o = describeOffer(proposal, t);
      for (const local of policy.proposals) {
        const mismatches = compare(local, group, nat, o);
        if (mismatches.length === 0) {
          const n = negotiated(local, group, nat, o);
          return { ok: true, offer: o, local, suite: n.suite, responderLifetimeLower: n.lower };
        }
        if (best === undefined || mismatches.length < best.mismatches.length) best = { mismatches, local: local.name };
      }
    }
  }
  if (best === undefined) return { ok: false, reason: { code: 'unsupported-proposal', phase: 2, detail: 'only AH+ESP bundles or no proposals offered' } };
  return { ok: false, reason: { code: 'proposal-mismatch', phase: 2, mismatches: best.mismatches, localProposal: best.local } };
}

/** Initiator: the responder's single proposal/transform must be one we offered. */
export function acceptPhase2Choice(choice: SaPayload, policy: Phase2Policy, nat?: NatSeen): Phase2Selection {
  if (choice.proposals.length !== 1 || choice.proposals[0].transforms.length !== 1) {
    return { ok: false, reason: { code: 'unsupported-proposal', phase: 2, detail: 'responder must return exactly one proposal with one transform' } };
  }
  const group = policyPfsGroup(policy);
  const o = describeOffer(choice.proposals[0], choice.proposals[0].transforms[0]);
  const local = policy.proposals.find((l) => compare(l, group, nat, o).length === 0);
  if (local === undefined) {
    return { ok: false, reason: { code: 'unsupported-proposal', phase: 2, detail: `responder chose a transform we did not offer (${o.protocol} ${o.encryptionAlgorithm}/${o.authenticationAlgorithm}, ${o.encapsulationMode}, pfs ${o.pfsGroup})` } };
  }
  const n = negotiated(local, group, nat, o);
  return { ok: true, offer: o, local, suite: n.suite, responderLifetimeLower: false };
}
