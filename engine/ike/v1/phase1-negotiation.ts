// State and steps shared by Main Mode and Aggressive Mode: the phase-1 negotiation of
// one IKE SA, from the first message to authentication (RFC 2409 5.1-5.4).
import { ExchangeType, NotifyType, PayloadType } from '../codec/constants.ts';
import type { Identification } from '../codec/identification.ts';
import type { IdPayload, NotifyPayload, Payload } from '../codec/payloads.ts';
import { identifyVendorId, vendorIdBytes, type KnownVendorId } from '../codec/vendor-ids.ts';
import { CBC_CIPHERS } from '../crypto/cipher.ts';
import { DH_GROUPS } from '../crypto/dh-groups.ts';
import { generateDhKeyPair, type DhKeyPair } from '../crypto/diffie-hellman.ts';
import { phase1Iv } from '../crypto/iv.ts';
import { phase1HashI, phase1HashR, type Phase1HashInput } from '../crypto/phase1-hash.ts';
import { derivePhase1KeyMaterial, phase1EncryptionKey } from '../crypto/skeyid.ts';
import type { Random } from '../../runtime/random.ts';
import type { IkeIdentity, Phase1Policy } from '../policy/types.ts';
import type { FailureReason } from './failure.ts';
import { formatIdentification, formatIdentity, identityMatches, phase1IdPayload } from './identity.ts';
import { agreeNatTraversal, detectNat, natDiscoveryPayloads, type NatDetection, type NatDiscoveryInput, type NatTraversal, type UdpEndpoint } from './nat-traversal.ts';
import type { Phase1Authenticator } from './phase1-auth.ts';
import type { Phase1Suite } from './phase1-proposals.ts';
import type { Phase1Keys } from './protected-message.ts';

export type Role = 'initiator' | 'responder';
export const NONCE_LENGTH = 20;

export interface Phase1Negotiation {
  role: Role;
  mode: 'main' | 'aggressive';
  cookieI: Buffer;
  cookieR: Buffer;
  policy: Phase1Policy;
  localId: IkeIdentity;
  auth: Phase1Authenticator;
  /** Initiator: announce INITIAL-CONTACT (no other IKE SA with this peer exists). */
  sendInitialContact: boolean;
  saiBody?: Buffer;
  suite?: Phase1Suite;
  dh?: DhKeyPair;
  publicI?: Buffer;
  publicR?: Buffer;
  nonceI?: Buffer;
  nonceR?: Buffer;
  keys?: Phase1Keys;
  /** Phase-1 CBC state; after the last phase-1 message, the base of every phase-2 IV. */
  iv?: Buffer;
  peerId?: Identification;
  /** Aggressive Mode responder: the initiator's IDii_b, for HASH_I in message 3. */
  peerIdBody?: Buffer;
  peerVendorIds: Set<KnownVendorId>;
  peerInitialContact: boolean;
  /** Our address and port, and the peer's as we send to it, before any float (the NAT-D inputs). */
  local: UdpEndpoint;
  peer: UdpEndpoint;
  /** Both ends speak NAT-T (from the vendor IDs); what NAT-D showed once compared. */
  natT?: NatTraversal;
  /** Number of the next message we expect (Main 1..6, Aggressive 1..3); 0 when done. */
  expect: number;
}

/** What one step of an exchange asks the engine to do. */
export interface Phase1Step {
  send?: Buffer;
  /** The message sent wants an answer: retransmit it until one arrives. */
  awaitReply?: boolean;
  established?: boolean;
  failure?: FailureReason;
  /** Tell the peer in a clear informational message (phase-1 errors). */
  notify?: number;
  /** This step compared the peer's NAT-D payloads. */
  natDetection?: NatDetection;
}

export function exchangeTypeOf(n: Phase1Negotiation): number {
  return n.mode === 'main' ? ExchangeType.Main : ExchangeType.Aggressive;
}

export function header(n: Phase1Negotiation) {
  return { initiatorCookie: n.cookieI, responderCookie: n.cookieR, exchangeType: exchangeTypeOf(n), messageId: 0 };
}

/** DPD always; NAT-T unless disabled: RFC 3947's, or the draft a draft-only peer announced. */
export function vendorIdPayloads(n: Phase1Negotiation): Payload[] {
  const names: KnownVendorId[] = ['Dpd'];
  if (n.policy.natTraversal) names.push(n.natT?.vendorId ?? 'NatTRfc3947');
  return names.map((name) => ({ type: PayloadType.VID, data: vendorIdBytes(name) }));
}

export function notePeerVendorIds(n: Phase1Negotiation, payloads: readonly Payload[]): void {
  for (const p of payloads) {
    if (p.type !== PayloadType.VID) continue;
    const name = identifyVendorId(p.data);
    if (name) n.peerVendorIds.add(name);
  }
  n.natT = agreeNatTraversal(n.policy.natTraversal, n.peerVendorIds);
}

function natDiscoveryInput(n: Phase1Negotiation): NatDiscoveryInput {
  return { natT: n.natT, hash: n.suite!.hash.hash, cookieI: n.cookieI, cookieR: n.cookieR, local: n.local, peer: n.peer };
}

/** Our NAT-D payloads (Main Mode 3/4, Aggressive Mode 2/3); none without NAT-T. */
export function natDiscovery(n: Phase1Negotiation): Payload[] {
  return natDiscoveryPayloads(natDiscoveryInput(n));
}

/** Compare the peer's NAT-D payloads and remember the result. */
export function takeNatDiscovery(n: Phase1Negotiation, payloads: readonly Payload[]): NatDetection | undefined {
  const detection = detectNat(natDiscoveryInput(n), payloads);
  if (n.natT && detection) n.natT.detection = detection;
  return detection;
}

export function find<T extends Payload['type']>(payloads: readonly Payload[], type: T): Extract<Payload, { type: T }> | undefined {
  return payloads.find((p) => p.type === type) as Extract<Payload, { type: T }> | undefined;
}

export function dataOf(payloads: readonly Payload[], type: typeof PayloadType.KE | typeof PayloadType.NONCE): Buffer | undefined {
  const p = payloads.find((x) => x.type === type);
  return p && 'data' in p ? p.data : undefined;
}

export function missing(what: string): Phase1Step {
  return { failure: { code: 'malformed', detail: `missing ${what} payload` }, notify: NotifyType.PayloadMalformed };
}

export function startKeyExchange(n: Phase1Negotiation, random: Random): { ke: Payload; nonce: Payload } {
  n.dh = generateDhKeyPair(n.suite!.dhGroup, random);
  const nonce = random.bytes(NONCE_LENGTH);
  if (n.role === 'initiator') {
    n.publicI = n.dh.publicValue;
    n.nonceI = nonce;
  } else {
    n.publicR = n.dh.publicValue;
    n.nonceR = nonce;
  }
  return { ke: { type: PayloadType.KE, data: n.dh.publicValue }, nonce: { type: PayloadType.NONCE, data: nonce } };
}

/** Take the peer's KE and nonce; on a bad KE the step says INVALID-KEY-INFORMATION. */
export function takePeerKeyExchange(n: Phase1Negotiation, payloads: readonly Payload[]): Phase1Step | undefined {
  const ke = dataOf(payloads, PayloadType.KE);
  const nonce = dataOf(payloads, PayloadType.NONCE);
  if (!ke) return missing('KE');
  if (!nonce) return missing('NONCE');
  if (nonce.length < 8 || nonce.length > 256) return { failure: { code: 'malformed', detail: `nonce of ${nonce.length} bytes` }, notify: NotifyType.PayloadMalformed };
  const group = DH_GROUPS[n.suite!.dhGroup];
  if (ke.length !== group.valueLength) {
    return {
      failure: { code: 'invalid-key-information', detail: `KE of ${ke.length} bytes, ${group.name} needs ${group.valueLength} (dh-group mismatch?)` },
      notify: NotifyType.InvalidKeyInformation,
    };
  }
  if (n.role === 'initiator') {
    n.publicR = ke;
    n.nonceR = nonce;
  } else {
    n.publicI = ke;
    n.nonceI = nonce;
  }
  return undefined;
}

/** g^xy, SKEYID*, the cipher key and the first phase-1 IV. */
export function deriveKeys(n: Phase1Negotiation): Phase1Step | undefined {
  const peer = n.role === 'initiator' ? n.publicR! : n.publicI!;
  const shared = n.dh!.computeSharedSecret(peer);
  if (!shared.ok) return { failure: { code: 'invalid-key-information', detail: shared.error.detail }, notify: NotifyType.InvalidKeyInformation };
  const suite = n.suite!;
  const material = derivePhase1KeyMaterial({
    prf: suite.hash.hash,
    auth: n.auth.skeyidInput,
    nonceI: n.nonceI!,
    nonceR: n.nonceR!,
    sharedSecret: shared.value,
    cookieI: n.cookieI,
    cookieR: n.cookieR,
  });
  const spec = CBC_CIPHERS[suite.encryption.cipher];
  n.keys = {
    ...material,
    prf: suite.hash.hash,
    cipher: suite.encryption.cipher,
    blockSize: spec.blockSize,
    encryptionKey: phase1EncryptionKey(suite.hash.hash, material.skeyidE, spec.keyLength),
  };
  n.iv = phase1Iv(suite.hash.hash, n.publicI!, n.publicR!, spec.blockSize);
  return undefined;
}

function hashInput(n: Phase1Negotiation): Phase1HashInput {
  return {
    prf: n.keys!.prf,
    skeyid: n.keys!.skeyid,
    initiatorPublic: n.publicI!,
    responderPublic: n.publicR!,
    cookieI: n.cookieI,
    cookieR: n.cookieR,
    saiBody: n.saiBody!,
  };
}

export function ourIdPayload(n: Phase1Negotiation): IdPayload {
  return phase1IdPayload(n.localId);
}

/** Our proof: HASH_I or HASH_R over our ID payload body. */
export function ourProof(n: Phase1Negotiation, idBody: Buffer): Payload[] {
  const input = hashInput(n);
  return n.auth.prove(n.role === 'initiator' ? phase1HashI(input, idBody) : phase1HashR(input, idBody));
}

/** Check the peer's ID against remote-identity and its proof against HASH_R / HASH_I. */
export function verifyPeer(n: Phase1Negotiation, payloads: readonly Payload[], peerIdBody: Buffer | undefined): Phase1Step | undefined {
  const id = find(payloads, PayloadType.ID);
  if (!id || !peerIdBody) return missing('ID');
  const input = hashInput(n);
  const expected = n.role === 'initiator' ? phase1HashR(input, peerIdBody) : phase1HashI(input, peerIdBody);
  const verdict = n.auth.verify(expected, payloads);
  if (!verdict.ok) {
    return { failure: { code: 'authentication-failed', detail: `${n.role === 'initiator' ? 'HASH_R' : 'HASH_I'}: ${verdict.detail}` }, notify: NotifyType.AuthenticationFailed };
  }
  const idCheck = checkPeerId(n, id);
  if (idCheck) return idCheck;
  n.peerInitialContact = payloads.some((p): p is NotifyPayload => p.type === PayloadType.N && p.notifyType === NotifyType.InitialContact);
  return undefined;
}

export function checkPeerId(n: Phase1Negotiation, id: IdPayload): Phase1Step | undefined {
  n.peerId = id.identification;
  const expected = n.policy.remoteId;
  if (expected && !identityMatches(expected, id.identification)) {
    const local = formatIdentity(expected);
    const peer = formatIdentification(id.identification);
    return {
      failure: { code: 'invalid-id', detail: `remote-identity local ${local}, peer ${peer}`, local, peer },
      notify: NotifyType.InvalidIdInformation,
    };
  }
  return undefined;
}

export function initialContactPayload(n: Phase1Negotiation): NotifyPayload {
  return { type: PayloadType.N, doi: 1, protocolId: 1, spi: Buffer.concat([n.cookieI, n.cookieR]), notifyType: NotifyType.InitialContact, data: Buffer.alloc(0) };
}
