// What protects one IPsec SA direction: the SPI, ESP's cipher and/or integrity algorithm
// with their keys, or AH's integrity algorithm. Shared by esp.ts, ah.ts and sa-state.ts.
import type { AeadAlgorithm, AeadKey, CbcCipherAlgorithm, GcmIcvLength, IntegrityAlgorithm } from '../ike/crypto/index.ts';

export interface IpsecIntegrity {
  readonly algorithm: IntegrityAlgorithm;
  readonly key: Buffer;
}

/**
 * ESP's combinations: a CBC cipher with an HMAC (or, as RFC 4303 still permits, without
 * one), the NULL cipher with an HMAC (RFC 2410), or AES-GCM, which is its own integrity.
 */
export type EspTransform =
  | { readonly kind: 'cbc'; readonly cipher: CbcCipherAlgorithm; readonly key: Buffer; readonly integrity?: IpsecIntegrity }
  | { readonly kind: 'null'; readonly integrity: IpsecIntegrity }
  | { readonly kind: 'aead'; readonly cipher: AeadAlgorithm; readonly key: AeadKey; readonly icvLength: GcmIcvLength };

export interface EspSa {
  readonly spi: number;
  readonly transform: EspTransform;
}

export interface AhSa {
  readonly spi: number;
  readonly integrity: IpsecIntegrity;
}

/** Why an inbound packet was dropped; each maps to one `show security ipsec statistics` error. */
export type IpsecFailure = 'unknown-spi' | 'replay' | 'auth-failed' | 'decrypt-failed' | 'bad-header' | 'bad-trailer';

export type Decapsulation =
  | { readonly ok: true; readonly seq: number; readonly nextHeader: number; readonly payload: Buffer }
  | { readonly ok: false; readonly reason: IpsecFailure };

/** A failure value that fits every result union of this module (they share its shape). */
export const failure = (reason: IpsecFailure): { readonly ok: false; readonly reason: IpsecFailure } => ({ ok: false, reason });
