// Why a message was rejected, where, and which notify (RFC 2408 3.14.1) the exchange
// layer may answer with, so that the codec decides "what is wrong" exactly once.

import { NotifyType } from './constants.ts';

export type DecodeErrorKind =
  | 'truncated' // a length points past the end of the data
  | 'bad-length' // a length field is impossible for its structure
  | 'reserved-not-zero'
  | 'invalid-flags'
  | 'unsupported-version'
  | 'encrypted-body' // decodeMessage was given an E-flagged message
  | 'unknown-payload-type'
  | 'misplaced-payload' // e.g. a Proposal outside an SA, or a KE inside one
  | 'bad-proposal-syntax' // proposal/transform nesting or counts
  | 'unsupported-doi'
  | 'unsupported-situation'
  | 'invalid-id'
  | 'trailing-bytes';

export interface DecodeError {
  kind: DecodeErrorKind;
  /** Byte offset of the offending field, relative to the buffer given to the decoder. */
  offset: number;
  detail: string;
  /** The notify message type a responder would send back for this error. */
  notify: number;
}

const notifyFor: Record<DecodeErrorKind, number> = {
  truncated: NotifyType.PayloadMalformed,
  'bad-length': NotifyType.PayloadMalformed,
  'reserved-not-zero': NotifyType.PayloadMalformed,
  'invalid-flags': NotifyType.InvalidFlags,
  'unsupported-version': NotifyType.InvalidMajorVersion,
  'encrypted-body': NotifyType.PayloadMalformed,
  'unknown-payload-type': NotifyType.InvalidPayloadType,
  'misplaced-payload': NotifyType.InvalidPayloadType,
  'bad-proposal-syntax': NotifyType.BadProposalSyntax,
  'unsupported-doi': NotifyType.DoiNotSupported,
  'unsupported-situation': NotifyType.SituationNotSupported,
  'invalid-id': NotifyType.InvalidIdInformation,
  'trailing-bytes': NotifyType.UnequalPayloadLengths,
};

export function decodeError(kind: DecodeErrorKind, offset: number, detail: string, notify = notifyFor[kind]): DecodeError {
  return { kind, offset, detail, notify };
}
