// Why a negotiation failed, as data that names the exact cause (which attribute, with the
// local and the peer's value), plus its one-line rendering for kmd-style logs.

export interface AttributeMismatch {
  /** Junos statement name, e.g. "encryption-algorithm", "dh-group", "pfs-group". */
  attribute: string;
  local: string;
  peer: string;
}

export type FailureReason =
  | { code: 'proposal-mismatch'; phase: 1 | 2; mismatches: AttributeMismatch[]; localProposal?: string }
  | { code: 'unsupported-proposal'; phase: 1 | 2; detail: string }
  | { code: 'authentication-failed'; detail: string }
  | { code: 'invalid-id'; detail: string; local?: string; peer?: string }
  | { code: 'proxy-id-mismatch'; local: string; peer: string }
  | { code: 'invalid-key-information'; detail: string }
  | { code: 'malformed'; detail: string }
  | { code: 'peer-notify'; notify: string; detail?: string }
  | { code: 'no-response'; transmissions: number; lastPeerNotify?: string }
  | { code: 'no-gateway'; peer: string }
  | { code: 'missing-secret'; gateway: string }
  | { code: 'unexpected-message'; detail: string }
  | { code: 'superseded'; detail: string };

export function describeMismatches(mismatches: readonly AttributeMismatch[]): string {
  return mismatches.map((m) => `${m.attribute} local ${m.local}, peer ${m.peer}`).join('; ');
}

export function describeFailure(reason: FailureReason): string {
  switch (reason.code) {
    case 'proposal-mismatch':
      return `proposal mismatch: ${describeMismatches(reason.mismatches)}`;
    case 'unsupported-proposal':
      return `no acceptable proposal: ${reason.detail}`;
    case 'authentication-failed':
      return `authentication failed: ${reason.detail}`;
    case 'invalid-id':
      return `invalid ID: ${reason.detail}`;
    case 'proxy-id-mismatch':
      return `proxy ID mismatch: local ${reason.local}, peer ${reason.peer}`;
    case 'invalid-key-information':
      return `invalid key information: ${reason.detail}`;
    case 'malformed':
      return `malformed message: ${reason.detail}`;
    case 'peer-notify':
      return `peer sent ${reason.notify}${reason.detail ? ` (${reason.detail})` : ''}`;
    case 'no-response':
      return `no response from peer after ${reason.transmissions} transmissions${reason.lastPeerNotify ? ` (peer sent ${reason.lastPeerNotify})` : ''}`;
    case 'no-gateway':
      return `no gateway configured for peer ${reason.peer}`;
    case 'missing-secret':
      return `gateway ${reason.gateway} has no pre-shared key`;
    case 'unexpected-message':
      return `unexpected message: ${reason.detail}`;
    case 'superseded':
      return `abandoned: ${reason.detail}`;
  }
}
