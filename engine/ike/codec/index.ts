// The ISAKMP (IKEv1) wire codec: bytes <-> typed messages, no exchange logic.

export * from './constants.ts';
export * from './attribute-constants.ts';
export * from './vendor-ids.ts';
export type { Result } from './result.ts';
export type { DecodeError, DecodeErrorKind } from './decode-error.ts';
export { HEADER_LENGTH, COOKIE_LENGTH, encodeHeader, decodeHeader, type Header, type HeaderFlags, type DecodedHeader } from './header.ts';
export { integerAttribute, attributeInteger, type DataAttribute } from './attributes.ts';
export type { Identification } from './identification.ts';
export type { SaPayload, Proposal, Transform } from './sa-payload.ts';
export {
  encodePayloadBody,
  type Payload,
  type DataPayload,
  type DataPayloadType,
  type IdPayload,
  type CertPayload,
  type CertRequestPayload,
  type NotifyPayload,
  type DeletePayload,
  type NatOaPayload,
} from './payloads.ts';
export { encodePayloadChain, decodePayloadChain, type EncodedChain, type ChainOptions } from './payload-chain.ts';
export { encodeMessage, decodeMessage, type Message } from './message.ts';
export { addNonEspMarker, classifyNatTDatagram, IKE_PORT, NAT_KEEPALIVE, NAT_T_PORT, NON_ESP_MARKER_LENGTH, type NatTDatagram } from './nat-t-framing.ts';
