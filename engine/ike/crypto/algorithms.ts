// Junos algorithm keywords -> IKE/IPsec DOI attribute values and our crypto primitives.
// IKE phase-1 attribute values: RFC 2409 Appendix A (+ RFC 4868 for SHA-2 hashes,
// RFC 4754 for ECDSA); ESP/AH values: RFC 2407 4.4 and 4.5, IANA "IPsec DOI" registry.
import type { AeadAlgorithm, GcmIcvLength } from './aead.ts';
import type { CbcCipherAlgorithm } from './cipher.ts';
import type { DhGroupId } from './dh-groups.ts';
import type { IntegrityAlgorithm } from './integrity.ts';
import type { HashAlgorithm } from './prf.ts';
import type { Phase1Authentication } from './skeyid.ts';

// ---- IKE proposal: encryption-algorithm ------------------------------------------------

export interface IkeEncryptionEntry {
  readonly junos: string;
  readonly cipher: CbcCipherAlgorithm;
  /** Phase-1 attribute class 1 (Encryption Algorithm): 1 DES, 5 3DES, 7 AES-CBC. */
  readonly ikeAttribute: number;
  /** Phase-1 attribute class 14 (Key Length) in bits, sent only for AES. */
  readonly keyLengthBits?: number;
}

export const IKE_ENCRYPTION_ALGORITHMS: Readonly<Record<string, IkeEncryptionEntry>> = {
  'des-cbc': { junos: 'des-cbc', cipher: 'des-cbc', ikeAttribute: 1 },
  '3des-cbc': { junos: '3des-cbc', cipher: '3des-cbc', ikeAttribute: 5 },
  'aes-128-cbc': { junos: 'aes-128-cbc', cipher: 'aes-128-cbc', ikeAttribute: 7, keyLengthBits: 128 },
  'aes-192-cbc': { junos: 'aes-192-cbc', cipher: 'aes-192-cbc', ikeAttribute: 7, keyLengthBits: 192 },
  'aes-256-cbc': { junos: 'aes-256-cbc', cipher: 'aes-256-cbc', ikeAttribute: 7, keyLengthBits: 256 },
};

/** Which IKE cipher a received (Encryption Algorithm, Key Length) pair denotes, if any we support. */
export function ikeEncryptionFromAttributes(ikeAttribute: number, keyLengthBits?: number): IkeEncryptionEntry | undefined {
  return Object.values(IKE_ENCRYPTION_ALGORITHMS).find(
    (e) => e.ikeAttribute === ikeAttribute && e.keyLengthBits === keyLengthBits,
  );
}

// ---- IKE proposal: authentication-algorithm (the phase-1 hash / prf) ---------------------

export interface IkeHashEntry {
  readonly junos: string;
  readonly hash: HashAlgorithm;
  /** Phase-1 attribute class 2 (Hash Algorithm): 1 MD5, 2 SHA, 4 SHA2-256, 5 SHA2-384, 6 SHA2-512. */
  readonly ikeAttribute: number;
}

export const IKE_HASH_ALGORITHMS: Readonly<Record<string, IkeHashEntry>> = {
  md5: { junos: 'md5', hash: 'md5', ikeAttribute: 1 },
  sha1: { junos: 'sha1', hash: 'sha1', ikeAttribute: 2 },
  'sha-256': { junos: 'sha-256', hash: 'sha256', ikeAttribute: 4 },
  'sha-384': { junos: 'sha-384', hash: 'sha384', ikeAttribute: 5 },
};

export function ikeHashFromAttribute(ikeAttribute: number): IkeHashEntry | undefined {
  return Object.values(IKE_HASH_ALGORITHMS).find((e) => e.ikeAttribute === ikeAttribute);
}

// ---- IKE proposal: authentication-method --------------------------------------------------

export interface IkeAuthMethodEntry {
  readonly junos: string;
  /** Phase-1 attribute class 3 (Authentication Method). */
  readonly ikeAttribute: number;
  /** Which SKEYID formula applies (see skeyid.ts). */
  readonly skeyidMethod: Phase1Authentication['method'];
}

export const IKE_AUTHENTICATION_METHODS: Readonly<Record<string, IkeAuthMethodEntry>> = {
  'pre-shared-keys': { junos: 'pre-shared-keys', ikeAttribute: 1, skeyidMethod: 'pre-shared-keys' },
  'dsa-signatures': { junos: 'dsa-signatures', ikeAttribute: 2, skeyidMethod: 'signatures' },
  'rsa-signatures': { junos: 'rsa-signatures', ikeAttribute: 3, skeyidMethod: 'signatures' },
  'ecdsa-signatures-256': { junos: 'ecdsa-signatures-256', ikeAttribute: 9, skeyidMethod: 'signatures' },
  'ecdsa-signatures-384': { junos: 'ecdsa-signatures-384', ikeAttribute: 10, skeyidMethod: 'signatures' },
};

export function ikeAuthMethodFromAttribute(ikeAttribute: number): IkeAuthMethodEntry | undefined {
  return Object.values(IKE_AUTHENTICATION_METHODS).find((e) => e.ikeAttribute === ikeAttribute);
}

// ---- dh-group (IKE proposal) and perfect-forward-secrecy keys (IPsec policy) --------------

export const DH_GROUP_KEYWORDS: Readonly<Record<string, DhGroupId>> = {
  group1: 1,
  group2: 2,
  group5: 5,
  group14: 14,
  group19: 19,
  group20: 20,
};

export function dhGroupKeyword(id: DhGroupId): string {
  return `group${id}`;
}

// ---- IPsec proposal: encryption-algorithm -------------------------------------------------

export type EspCipher =
  | { readonly kind: 'cbc'; readonly cipher: CbcCipherAlgorithm }
  | { readonly kind: 'aead'; readonly cipher: AeadAlgorithm; readonly icvLength: GcmIcvLength };

export interface EspEncryptionEntry {
  readonly junos: string;
  readonly esp: EspCipher;
  /** ESP transform ID: 2 DES, 3 3DES, 12 AES-CBC, 18/19/20 AES-GCM with 8/12/16-byte ICV. */
  readonly espTransformId: number;
  /** Key Length attribute (class 6) in bits, sent for AES. */
  readonly keyLengthBits?: number;
  /** KEYMAT bytes for the cipher (key, plus 4-byte salt for GCM). */
  readonly keymatLength: number;
}

export const ESP_ENCRYPTION_ALGORITHMS: Readonly<Record<string, EspEncryptionEntry>> = {
  'des-cbc': { junos: 'des-cbc', esp: { kind: 'cbc', cipher: 'des-cbc' }, espTransformId: 2, keymatLength: 8 },
  '3des-cbc': { junos: '3des-cbc', esp: { kind: 'cbc', cipher: '3des-cbc' }, espTransformId: 3, keymatLength: 24 },
  'aes-128-cbc': { junos: 'aes-128-cbc', esp: { kind: 'cbc', cipher: 'aes-128-cbc' }, espTransformId: 12, keyLengthBits: 128, keymatLength: 16 },
  'aes-192-cbc': { junos: 'aes-192-cbc', esp: { kind: 'cbc', cipher: 'aes-192-cbc' }, espTransformId: 12, keyLengthBits: 192, keymatLength: 24 },
  'aes-256-cbc': { junos: 'aes-256-cbc', esp: { kind: 'cbc', cipher: 'aes-256-cbc' }, espTransformId: 12, keyLengthBits: 256, keymatLength: 32 },
  'aes-128-gcm': { junos: 'aes-128-gcm', esp: { kind: 'aead', cipher: 'aes-128-gcm', icvLength: 16 }, espTransformId: 20, keyLengthBits: 128, keymatLength: 20 },
  'aes-192-gcm': { junos: 'aes-192-gcm', esp: { kind: 'aead', cipher: 'aes-192-gcm', icvLength: 16 }, espTransformId: 20, keyLengthBits: 192, keymatLength: 28 },
  'aes-256-gcm': { junos: 'aes-256-gcm', esp: { kind: 'aead', cipher: 'aes-256-gcm', icvLength: 16 }, espTransformId: 20, keyLengthBits: 256, keymatLength: 36 },
};

export function espEncryptionFromTransform(espTransformId: number, keyLengthBits?: number): EspEncryptionEntry | undefined {
  return Object.values(ESP_ENCRYPTION_ALGORITHMS).find(
    (e) => e.espTransformId === espTransformId && e.keyLengthBits === keyLengthBits,
  );
}

// ---- IPsec proposal: authentication-algorithm ---------------------------------------------

export interface IpsecAuthEntry {
  readonly junos: string;
  readonly integrity: IntegrityAlgorithm;
  /** IPsec DOI attribute class 5 (Authentication Algorithm) for ESP. */
  readonly espAuthAttribute: number;
  /** AH transform ID. */
  readonly ahTransformId: number;
}

export const IPSEC_AUTHENTICATION_ALGORITHMS: Readonly<Record<string, IpsecAuthEntry>> = {
  'hmac-md5-96': { junos: 'hmac-md5-96', integrity: 'hmac-md5-96', espAuthAttribute: 1, ahTransformId: 2 },
  'hmac-sha1-96': { junos: 'hmac-sha1-96', integrity: 'hmac-sha1-96', espAuthAttribute: 2, ahTransformId: 3 },
  // RFC 4868 truncation. The attribute value is shared with the legacy 96-bit variant below:
  // the wire cannot tell them apart, both ends must simply be configured alike.
  'hmac-sha-256-128': { junos: 'hmac-sha-256-128', integrity: 'hmac-sha-256-128', espAuthAttribute: 5, ahTransformId: 5 },
  'hmac-sha-256-96': { junos: 'hmac-sha-256-96', integrity: 'hmac-sha-256-96', espAuthAttribute: 5, ahTransformId: 5 },
  'hmac-sha-384-192': { junos: 'hmac-sha-384-192', integrity: 'hmac-sha-384-192', espAuthAttribute: 6, ahTransformId: 6 },
  'hmac-sha-512-256': { junos: 'hmac-sha-512-256', integrity: 'hmac-sha-512-256', espAuthAttribute: 7, ahTransformId: 7 },
};

/** The standard (RFC) integrity algorithm for a received ESP Authentication Algorithm value. */
export function ipsecAuthFromEspAttribute(espAuthAttribute: number): IpsecAuthEntry | undefined {
  return Object.values(IPSEC_AUTHENTICATION_ALGORITHMS).find(
    (e) => e.espAuthAttribute === espAuthAttribute && e.integrity !== 'hmac-sha-256-96',
  );
}
