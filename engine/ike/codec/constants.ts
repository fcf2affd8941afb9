// ISAKMP numbers (RFC 2408 section 3, RFC 2407 section 4, RFC 3947, RFC 3706).
// Plain `as const` tables rather than TS enums: the wire carries numbers we may not know,
// so decoded fields stay `number` while these names serve for comparisons and building.

export const ISAKMP_MAJOR_VERSION = 1;
export const ISAKMP_MINOR_VERSION = 0;

export const ExchangeType = {
  Base: 1,
  Main: 2, // "Identity Protection"
  AuthOnly: 3,
  Aggressive: 4,
  Informational: 5,
  Transaction: 6, // Mode-Config / XAUTH (draft-ietf-ipsec-isakmp-mode-cfg)
  Quick: 32,
  NewGroup: 33,
} as const;

export const PayloadType = {
  None: 0,
  SA: 1,
  Proposal: 2,
  Transform: 3,
  KE: 4,
  ID: 5,
  CERT: 6,
  CR: 7,
  HASH: 8,
  SIG: 9,
  NONCE: 10,
  N: 11,
  D: 12,
  VID: 13,
  NatD: 20, // RFC 3947
  NatOa: 21, // RFC 3947
  NatDDraft: 130, // draft-ietf-ipsec-nat-t-ike-02/03, still sent by old peers
  NatOaDraft: 131,
} as const;
export type PayloadType = (typeof PayloadType)[keyof typeof PayloadType];

/** Header flag bits (RFC 2408 3.1); the other five bits are reserved. */
export const HeaderFlag = {
  Encryption: 0x01,
  Commit: 0x02,
  AuthenticationOnly: 0x04,
} as const;

export const Doi = {
  Isakmp: 0,
  Ipsec: 1,
} as const;

/** RFC 2407 4.2. Secrecy and Integrity append labelled-domain data we do not implement. */
export const Situation = {
  IdentityOnly: 0x01,
  Secrecy: 0x02,
  Integrity: 0x04,
} as const;

/** Protocol IDs (RFC 2407 4.4.1), used in proposals, notifies and deletes. */
export const ProtocolId = {
  Isakmp: 1,
  IpsecAh: 2,
  IpsecEsp: 3,
  Ipcomp: 4,
} as const;

/** Identification types (RFC 2407 4.6.2.1). */
export const IdType = {
  Ipv4Addr: 1,
  Fqdn: 2,
  UserFqdn: 3,
  Ipv4AddrSubnet: 4,
  Ipv6Addr: 5,
  Ipv6AddrSubnet: 6,
  Ipv4AddrRange: 7,
  Ipv6AddrRange: 8,
  DerAsn1Dn: 9,
  DerAsn1Gn: 10,
  KeyId: 11,
} as const;

/** Certificate encodings for CERT and CR (RFC 2408 3.9). */
export const CertEncoding = {
  Pkcs7: 1,
  Pgp: 2,
  DnsSignedKey: 3,
  X509Signature: 4,
  X509KeyExchange: 5,
  KerberosTokens: 6,
  Crl: 7,
  Arl: 8,
  Spki: 9,
  X509Attribute: 10,
} as const;

/** Notify message types: errors (RFC 2408 3.14.1), status (RFC 2407 4.6.3, RFC 3706). */
export const NotifyType = {
  InvalidPayloadType: 1,
  DoiNotSupported: 2,
  SituationNotSupported: 3,
  InvalidCookie: 4,
  InvalidMajorVersion: 5,
  InvalidMinorVersion: 6,
  InvalidExchangeType: 7,
  InvalidFlags: 8,
  InvalidMessageId: 9,
  InvalidProtocolId: 10,
  InvalidSpi: 11,
  InvalidTransformId: 12,
  AttributesNotSupported: 13,
  NoProposalChosen: 14,
  BadProposalSyntax: 15,
  PayloadMalformed: 16,
  InvalidKeyInformation: 17,
  InvalidIdInformation: 18,
  InvalidCertEncoding: 19,
  InvalidCertificate: 20,
  CertTypeUnsupported: 21,
  InvalidCertAuthority: 22,
  InvalidHashInformation: 23,
  AuthenticationFailed: 24,
  InvalidSignature: 25,
  AddressNotification: 26,
  NotifySaLifetime: 27,
  CertificateUnavailable: 28,
  UnsupportedExchangeType: 29,
  UnequalPayloadLengths: 30,
  Connected: 16384,
  ResponderLifetime: 24576,
  ReplayStatus: 24577,
  InitialContact: 24578,
  RUThere: 36136,
  RUThereAck: 36137,
} as const;
