// NAT traversal in phase 1 (RFC 3947 3): the NAT-T version both ends speak (from their
// vendor IDs), the NAT-D payloads, and what the peer's NAT-D payloads reveal.
//
// NAT-D = HASH(CKY-I | CKY-R | IP | port) with the negotiated phase-1 hash. A sender puts
// first the hash of the receiver's address and port as it sends to them, then its own.
// The receiver is behind NAT when the first hash is not its own address and port; the
// sender is when none of the others is its address and port as the receiver sees it.
import { PayloadType } from '../codec/constants.ts';
import { parseIpv4 } from '../codec/ip-address.ts';
import type { Payload } from '../codec/payloads.ts';
import type { KnownVendorId } from '../codec/vendor-ids.ts';
import { hash, type HashAlgorithm } from '../crypto/prf.ts';

export interface UdpEndpoint {
  address: string;
  port: number;
}

/** RFC 3947 proper, or the drafts (NAT-D payload type 130, encapsulation 61443). */
export type NatTVersion = 'rfc3947' | 'draft';

export interface NatDetection {
  localBehindNat: boolean;
  peerBehindNat: boolean;
}

export interface NatTraversal {
  version: NatTVersion;
  /** The vendor ID we announce for this version (for drafts: the peer's best). */
  vendorId: KnownVendorId;
  /** Set once the peer's NAT-D payloads were compared with our view of the addresses. */
  detection?: NatDetection;
}

/** Draft vendor IDs, best first. */
const DRAFT_VENDOR_IDS: readonly KnownVendorId[] = ['NatTDraft03', 'NatTDraft02n', 'NatTDraft02'];

/** What both ends support: undefined when we are configured without it or the peer did not announce it. */
export function agreeNatTraversal(enabled: boolean | undefined, peerVendorIds: ReadonlySet<KnownVendorId>): NatTraversal | undefined {
  if (!enabled) return undefined;
  if (peerVendorIds.has('NatTRfc3947')) return { version: 'rfc3947', vendorId: 'NatTRfc3947' };
  const draft = DRAFT_VENDOR_IDS.find((vid) => peerVendorIds.has(vid));
  return draft ? { version: 'draft', vendorId: draft } : undefined;
}

export function natDiscoveryHash(algorithm: HashAlgorithm, cookieI: Buffer, cookieR: Buffer, endpoint: UdpEndpoint): Buffer {
  const port = Buffer.alloc(2);
  port.writeUInt16BE(endpoint.port);
  return hash(algorithm, cookieI, cookieR, parseIpv4(endpoint.address), port);
}

export interface NatDiscoveryInput {
  natT?: NatTraversal;
  hash: HashAlgorithm;
  cookieI: Buffer;
  cookieR: Buffer;
  local: UdpEndpoint;
  peer: UdpEndpoint;
}

/** Our NAT-D payloads (none unless both ends speak NAT-T): the peer's endpoint, then ours. */
export function natDiscoveryPayloads(n: NatDiscoveryInput): Payload[] {
  if (!n.natT) return [];
  const type = n.natT.version === 'rfc3947' ? PayloadType.NatD : PayloadType.NatDDraft;
  return [n.peer, n.local].map((endpoint) => ({ type, data: natDiscoveryHash(n.hash, n.cookieI, n.cookieR, endpoint) }));
}

/** Compare the peer's NAT-D payloads with what we see; undefined when it sent none. */
export function detectNat(n: NatDiscoveryInput, payloads: readonly Payload[]): NatDetection | undefined {
  const hashes = payloads.flatMap((p) => (p.type === PayloadType.NatD || p.type === PayloadType.NatDDraft ? [p.data] : []));
  if (!n.natT || hashes.length === 0) return undefined;
  const ours = natDiscoveryHash(n.hash, n.cookieI, n.cookieR, n.local);
  const theirs = natDiscoveryHash(n.hash, n.cookieI, n.cookieR, n.peer);
  return { localBehindNat: !hashes[0]!.equals(ours), peerBehindNat: !hashes.slice(1).some((h) => h.equals(theirs)) };
}

export const natDetected = (d: NatDetection | undefined): boolean => d !== undefined && (d.localBehindNat || d.peerBehindNat);
