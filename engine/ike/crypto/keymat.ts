// Quick Mode keying material (RFC 2409 section 5.5):
//   KEYMAT = K1 | K2 | K3 | ...
//   K1 = prf(SKEYID_d, [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b)
//   Kn = prf(SKEYID_d, K(n-1) | [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b)
// g(qm)^xy only with PFS. Each direction is a separate SA with its own SPI, so its own
// KEYMAT: the SPI is the one chosen by the party that RECEIVES on that SA (our inbound SA
// uses the SPI we offered; our outbound SA uses the peer's SPI). Ni_b/Nr_b are always the
// Quick Mode initiator's and responder's nonces, whichever side computes.
// The encryption key is taken from the front of KEYMAT, the integrity key after it
// (for AES-GCM: key then 4-byte salt).
import { fourBytes } from './bytes.ts';
import { prfChain, type HashAlgorithm } from './prf.ts';

/** IPsec DOI protocol IDs (RFC 2407 4.4.1). */
export const IPSEC_PROTOCOL_ID = { ah: 2, esp: 3, ipcomp: 4 } as const;
export type IpsecProtocol = keyof typeof IPSEC_PROTOCOL_ID;

export interface KeymatInput {
  readonly prf: HashAlgorithm;
  readonly skeyidD: Buffer;
  readonly protocol: IpsecProtocol;
  /** SPI of the SA being keyed (4 bytes for AH/ESP), as a number or bytes. */
  readonly spi: number | Buffer;
  readonly nonceI: Buffer;
  readonly nonceR: Buffer;
  /** g(qm)^xy when Quick Mode used PFS; omit otherwise. */
  readonly pfsSharedSecret?: Buffer;
  /** Bytes needed: encryption key length + integrity key length (+ salt for GCM). */
  readonly length: number;
}

export function deriveKeymat(input: KeymatInput): Buffer {
  const seed = [
    ...(input.pfsSharedSecret !== undefined ? [input.pfsSharedSecret] : []),
    Buffer.from([IPSEC_PROTOCOL_ID[input.protocol]]),
    fourBytes(input.spi, 'SPI'),
    input.nonceI,
    input.nonceR,
  ];
  return prfChain(input.prf, input.skeyidD, seed, seed, input.length);
}

export interface SaKeys {
  readonly encryptionKey: Buffer;
  readonly integrityKey: Buffer;
}

/** Split one SA's KEYMAT: encryption key first, integrity key after it. */
export function splitKeymat(keymat: Buffer, encryptionKeyLength: number, integrityKeyLength: number): SaKeys {
  if (keymat.length < encryptionKeyLength + integrityKeyLength) throw new RangeError('KEYMAT too short');
  return {
    encryptionKey: Buffer.from(keymat.subarray(0, encryptionKeyLength)),
    integrityKey: Buffer.from(keymat.subarray(encryptionKeyLength, encryptionKeyLength + integrityKeyLength)),
  };
}

export interface KeymatPairInput extends Omit<KeymatInput, 'spi'> {
  /** The SPI we offered (peer sends to us with it). */
  readonly inboundSpi: number | Buffer;
  /** The SPI the peer offered (we send to it with it). */
  readonly outboundSpi: number | Buffer;
}

/** KEYMAT for both SAs of one Quick Mode negotiation (same result on both peers, mirrored). */
export function deriveKeymatPair(input: KeymatPairInput): { readonly inbound: Buffer; readonly outbound: Buffer } {
  const { inboundSpi, outboundSpi, ...common } = input;
  return {
    inbound: deriveKeymat({ ...common, spi: inboundSpi }),
    outbound: deriveKeymat({ ...common, spi: outboundSpi }),
  };
}
