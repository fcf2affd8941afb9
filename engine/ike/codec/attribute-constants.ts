// Transform IDs and SA attribute numbers: Phase 1 from RFC 2409 appendix A,
// Phase 2 from the IPsec DOI (RFC 2407 4.4-4.5), NAT-T modes from RFC 3947.

/** The only transform ID of a Phase 1 (PROTO_ISAKMP) proposal. */
export const IsakmpTransformId = { KeyIke: 1 } as const;

/** Phase 1 attribute types. Per RFC 2409 B (basic) ones must use the TV form. */
export const IkeAttr = {
  EncryptionAlgorithm: 1,
  HashAlgorithm: 2,
  AuthenticationMethod: 3,
  GroupDescription: 4,
  GroupType: 5,
  GroupPrime: 6,
  GroupGeneratorOne: 7,
  GroupGeneratorTwo: 8,
  GroupCurveA: 9,
  GroupCurveB: 10,
  LifeType: 11,
  LifeDuration: 12,
  Prf: 13,
  KeyLength: 14,
  FieldSize: 15,
  GroupOrder: 16,
} as const;

export const IkeEncryption = {
  DesCbc: 1,
  IdeaCbc: 2,
  BlowfishCbc: 3,
  Rc5R16B64Cbc: 4,
  TripleDesCbc: 5,
  CastCbc: 6,
  AesCbc: 7, // RFC 3602; needs a KeyLength attribute
  CamelliaCbc: 8,
} as const;

export const IkeHash = {
  Md5: 1,
  Sha1: 2,
  Tiger: 3,
  Sha2_256: 4,
  Sha2_384: 5,
  Sha2_512: 6,
} as const;

export const IkeAuthMethod = {
  PreSharedKey: 1,
  DssSignature: 2,
  RsaSignature: 3,
  RsaEncryption: 4,
  RevisedRsaEncryption: 5,
  EcdsaSha256: 9, // RFC 4754
  EcdsaSha384: 10,
  EcdsaSha512: 11,
  XauthInitPreShared: 65001, // draft-beaulieu-ike-xauth
  XauthRespPreShared: 65002,
} as const;

/** Group descriptions shared by IKE GroupDescription and IPsec GroupDescription (PFS). */
export const DhGroup = {
  Modp768: 1,
  Modp1024: 2,
  Modp1536: 5,
  Modp2048: 14,
  Modp3072: 15,
  Modp4096: 16,
  Modp6144: 17,
  Modp8192: 18,
  Ecp256: 19,
  Ecp384: 20,
  Ecp521: 21,
} as const;

export const IkeGroupType = { Modp: 1, Ecp: 2, Ec2n: 3 } as const;

/** Life types, the same numbers for IKE LifeType and IPsec SaLifeType. */
export const LifeType = { Seconds: 1, Kilobytes: 2 } as const;

/** Phase 2 attribute types (RFC 2407 4.5). */
export const IpsecAttr = {
  SaLifeType: 1,
  SaLifeDuration: 2,
  GroupDescription: 3,
  EncapsulationMode: 4,
  AuthenticationAlgorithm: 5,
  KeyLength: 6,
  KeyRounds: 7,
  CompressDictionarySize: 8,
  CompressPrivateAlgorithm: 9,
} as const;

export const EncapsulationMode = {
  Tunnel: 1,
  Transport: 2,
  UdpTunnel: 3, // RFC 3947
  UdpTransport: 4,
  UdpTunnelDraft: 61443, // draft-ietf-ipsec-nat-t-ike, still seen from older peers
  UdpTransportDraft: 61444,
} as const;

export const IpsecAuthAlgorithm = {
  HmacMd5: 1,
  HmacSha1: 2,
  DesMac: 3,
  Kpdk: 4,
  HmacSha2_256: 5, // RFC 4868: 128-bit ICV
  HmacSha2_384: 6,
  HmacSha2_512: 7,
  HmacRipemd: 8,
  AesXcbcMac: 9,
} as const;

/** ESP transform IDs (RFC 2407 4.4.4 and later IANA registrations). */
export const EspTransformId = {
  Des: 2,
  TripleDes: 3,
  Null: 11,
  AesCbc: 12,
  AesCtr: 13,
  AesGcm8: 18, // RFC 4106: the suffix is the ICV length in bytes
  AesGcm12: 19,
  AesGcm16: 20,
  NullAuthAesGmac: 23, // RFC 4543
} as const;

export const AhTransformId = {
  Md5: 2,
  Sha1: 3,
  Des: 4,
  Sha2_256: 5,
  Sha2_384: 6,
  Sha2_512: 7,
} as const;

export const IpcompTransformId = { Oui: 1, Deflate: 2, Lzs: 3 } as const;
