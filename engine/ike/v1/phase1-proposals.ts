// Phase-1 SA payloads: our proposals as ISAKMP transforms, the peer's transforms as
// typed offers, and the responder's choice (RFC 2409 5, Appendix A).
//
// Selection rule (as Junos' responder does it): walk the initiator's transforms in the
// order offered; the first one that equals one of our proposals in authentication
// method, DH group, hash (authentication-algorithm) and encryption algorithm (with key
// length) is chosen. Lifetime is not a selection criterion: the responder echoes the
// initiator's transform unchanged and both ends run the SA for min(offered, local).
// When nothing matches, the failure names the attributes that differ between the
// closest pair (fewest differing attributes; the earliest pair on a tie).
import { attributeInteger, integerAttribute, type DataAttribute } from '../codec/attributes.ts';
import { Doi, PayloadType, ProtocolId, Situation } from '../codec/constants.ts';
import { IkeAttr, IsakmpTransformId, LifeType } from '../codec/attribute-constants.ts';
import type { SaPayload, Transform } from '../codec/sa-payload.ts';
import {
  DH_GROUP_KEYWORDS,
  IKE_AUTHENTICATION_METHODS,
  IKE_ENCRYPTION_ALGORITHMS,
  IKE_HASH_ALGORITHMS,
  ikeAuthMethodFromAttribute,
  ikeEncryptionFromAttributes,
  ikeHashFromAttribute,
  type IkeEncryptionEntry,
  type IkeHashEntry,
} from '../crypto/algorithms.ts';
import { isDhGroupId, type DhGroupId } from '../crypto/dh-groups.ts';
import type { Phase1Proposal } from '../policy/types.ts';
import type { AttributeMismatch, FailureReason } from './failure.ts';

/** A negotiated (or offered-by-us) phase-1 suite, resolved to crypto primitives. */
export interface Phase1Suite {
  authenticationMethod: string;
  dhGroup: DhGroupId;
  hash: IkeHashEntry;
  encryption: IkeEncryptionEntry;
  lifetimeSeconds: number;
}

/** One transform as the peer sent it, with Junos names (or "unknown(n)") for each value. */
export interface Phase1Offer {
  transform: Transform;
  authenticationMethod: string;
  dhGroup: string;
  authenticationAlgorithm: string;
  encryptionAlgorithm: string;
  lifetimeSeconds?: number;
}

export function suiteOf(p: Phase1Proposal): Phase1Suite {
  return {
    authenticationMethod: p.authenticationMethod,
    dhGroup: DH_GROUP_KEYWORDS[p.dhGroup] as DhGroupId,
    hash: IKE_HASH_ALGORITHMS[p.authenticationAlgorithm],
    encryption: IKE_ENCRYPTION_ALGORITHMS[p.encryptionAlgorithm],
    lifetimeSeconds: p.lifetimeSeconds,
  };
}

function transformOf(p: Phase1Proposal, number: number): Transform {
  const s = suiteOf(p);
  const attributes: DataAttribute[] = [integerAttribute(IkeAttr.EncryptionAlgorithm, s.encryption.ikeAttribute)];
  if (s.encryption.keyLengthBits !== undefined) attributes.push(integerAttribute(IkeAttr.KeyLength, s.encryption.keyLengthBits));
  attributes.push(
    integerAttribute(IkeAttr.HashAlgorithm, s.hash.ikeAttribute),
    integerAttribute(IkeAttr.AuthenticationMethod, IKE_AUTHENTICATION_METHODS[p.authenticationMethod].ikeAttribute),
    integerAttribute(IkeAttr.GroupDescription, s.dhGroup),
    integerAttribute(IkeAttr.LifeType, LifeType.Seconds),
    integerAttribute(IkeAttr.LifeDuration, p.lifetimeSeconds),
  );
  return { number, id: IsakmpTransformId.KeyIke, attributes };
}

/** The initiator's SA payload: one ISAKMP proposal, one transform per configured proposal. */
export function phase1OfferPayload(proposals: readonly Phase1Proposal[]): SaPayload {
  return {
    type: PayloadType.SA,
    doi: Doi.Ipsec,
    situation: Situation.IdentityOnly,
    proposals: [{ number: 1, protocolId: ProtocolId.Isakmp, spi: Buffer.alloc(0), transforms: proposals.map((p, i) => transformOf(p, i + 1)) }],
  };
}

/** The responder's SA payload: the chosen transform echoed unchanged. */
export function phase1ChoicePayload(offer: SaPayload, chosen: Transform): SaPayload {
  const proposal = offer.proposals[0];
  return { ...offer, proposals: [{ ...proposal, transforms: [chosen] }] };
}

function attr(t: Transform, type: number): number | undefined {
  const a = t.attributes.find((x) => x.type === type);
  return a === undefined ? undefined : attributeInteger(a);
}

export function describeOffer(t: Transform): Phase1Offer {
  const enc = attr(t, IkeAttr.EncryptionAlgorithm);
  const keyLength = attr(t, IkeAttr.KeyLength);
  const hash = attr(t, IkeAttr.HashAlgorithm);
  const auth = attr(t, IkeAttr.AuthenticationMethod);
  const group = attr(t, IkeAttr.GroupDescription);
  const lifeType = attr(t, IkeAttr.LifeType);
  const encName = enc === undefined ? 'none' : (ikeEncryptionFromAttributes(enc, keyLength)?.junos ?? `unknown(${enc}${keyLength ? `/${keyLength}` : ''})`);
  return {
    transform: t,
    encryptionAlgorithm: encName,
    authenticationAlgorithm: hash === undefined ? 'none' : (ikeHashFromAttribute(hash)?.junos ?? `unknown(${hash})`),
    authenticationMethod: auth === undefined ? 'none' : (ikeAuthMethodFromAttribute(auth)?.junos ?? `unknown(${auth})`),
    dhGroup: group === undefined ? 'none' : isDhGroupId(group) ? `group${group}` : `unknown(${group})`,
    lifetimeSeconds: lifeType === undefined || lifeType === LifeType.Seconds ? attr(t, IkeAttr.LifeDuration) : undefined,
  };
}

function compare(local: Phase1Proposal, offer: Phase1Offer): AttributeMismatch[] {
  const pairs: [string, string, string][] = [
    ['authentication-method', local.authenticationMethod, offer.authenticationMethod],
    ['dh-group', local.dhGroup, offer.dhGroup],
    ['authentication-algorithm', local.authenticationAlgorithm, offer.authenticationAlgorithm],
    ['encryption-algorithm', local.encryptionAlgorithm, offer.encryptionAlgorithm],
  ];
  return pairs.filter(([, l, p]) => l !== p).map(([attribute, l, p]) => ({ attribute, local: l, peer: p }));
}

export type Phase1Selection =
  | { ok: true; offer: Phase1Offer; local: Phase1Proposal; suite: Phase1Suite }
  | { ok: false; reason: FailureReason };

function negotiated(local: Phase1Proposal, offer: Phase1Offer): Phase1Suite {
  const suite = suiteOf(local);
  const offered = offer.lifetimeSeconds;
  return { ...suite, lifetimeSeconds: offered !== undefined && offered > 0 ? Math.min(offered, local.lifetimeSeconds) : local.lifetimeSeconds };
}

/** Responder: choose among the initiator's transforms (see the rule at the top). */
export function selectPhase1(offer: SaPayload, locals: readonly Phase1Proposal[]): Phase1Selection {
  if (offer.proposals.length !== 1 || offer.proposals[0].protocolId !== ProtocolId.Isakmp) {
    return { ok: false, reason: { code: 'unsupported-proposal', phase: 1, detail: `expected one ISAKMP proposal, got ${offer.proposals.length}` } };
  }
  let best: { mismatches: AttributeMismatch[]; local: string } | undefined;
  for (const t of offer.proposals[0].transforms) {
    if (t.id !== IsakmpTransformId.KeyIke) continue;
    const o = describeOffer(t);
    for (const local of locals) {
      const mismatches = compare(local, o);
      if (mismatches.length === 0) return { ok: true, offer: o, local, suite: negotiated(local, o) };
      if (best === undefined || mismatches.length < best.mismatches.length) best = { mismatches, local: local.name };
    }
  }
  if (best === undefined) return { ok: false, reason: { code: 'unsupported-proposal', phase: 1, detail: 'no KEY_IKE transform offered' } };
  return { ok: false, reason: { code: 'proposal-mismatch', phase: 1, mismatches: best.mismatches, localProposal: best.local } };
}

/** Initiator: the responder must have chosen exactly one of the transforms we offered. */
export function acceptPhase1Choice(choice: SaPayload, locals: readonly Phase1Proposal[]): Phase1Selection {
  const transforms = choice.proposals.length === 1 ? choice.proposals[0].transforms : [];
  if (transforms.length !== 1) {
    return { ok: false, reason: { code: 'unsupported-proposal', phase: 1, detail: `responder returned ${transforms.length} transforms, expected 1` } };
  }
  const o = describeOffer(transforms[0]);
  const local = locals.find((l) => compare(l, o).length === 0);
  if (local === undefined) {
    return { ok: false, reason: { code: 'unsupported-proposal', phase: 1, detail: `responder chose a transform we did not offer (${o.encryptionAlgorithm}/${o.authenticationAlgorithm}/${o.dhGroup})` } };
  }
  return { ok: true, offer: o, local, suite: negotiated(local, o) };
}
