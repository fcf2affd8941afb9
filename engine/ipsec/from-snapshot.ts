// SA states for both directions of a negotiated (or manual-key) IPsec SA pair, from the
// Junos algorithm names and the keys in its IpsecSaSnapshot.
import { ESP_ENCRYPTION_ALGORITHMS, IPSEC_AUTHENTICATION_ALGORITHMS, aeadKeyFromKeymat } from '../ike/crypto/index.ts';
import type { IpsecSaSnapshot } from '../ike/sa/ipsec-sa.ts';
import type { Random } from '../runtime/random.ts';
import { InboundSa, OutboundSa, type IpsecMode, type SaProtection } from './sa-state.ts';
import type { EspTransform, IpsecIntegrity } from './transform.ts';

export interface SaKeyMaterial {
  readonly spi: number;
  /** The cipher's KEYMAT (for AES-GCM: key | 4-byte salt). */
  readonly encryptionKey: Buffer;
  readonly integrityKey: Buffer;
}

/**
 * What protects one direction, given Junos keywords (`3des-cbc`, `aes-128-gcm`,
 * `hmac-sha1-96`; either may be absent). Throws RangeError for names the proposal schema
 * should have refused, or a combination ESP cannot carry.
 */
export function saProtection(protocol: 'esp' | 'ah', encryption: string | undefined, authentication: string | undefined, k: SaKeyMaterial): SaProtection {
  const auth = authentication === undefined ? undefined : IPSEC_AUTHENTICATION_ALGORITHMS[authentication];
  if (authentication !== undefined && !auth) throw new RangeError(`unknown authentication algorithm ${authentication}`);
  const integrity: IpsecIntegrity | undefined = auth && { algorithm: auth.integrity, key: k.integrityKey };
  if (protocol === 'ah') {
    if (!integrity) throw new RangeError('AH needs an authentication algorithm');
    return { protocol, spi: k.spi, integrity };
  }
  const enc = encryption === undefined ? undefined : ESP_ENCRYPTION_ALGORITHMS[encryption];
  if (encryption !== undefined && !enc) throw new RangeError(`unknown encryption algorithm ${encryption}`);
  let transform: EspTransform;
  if (!enc) {
    if (!integrity) throw new RangeError('ESP needs an encryption or an authentication algorithm');
    transform = { kind: 'null', integrity };
  } else if (enc.esp.kind === 'aead') {
    // GCM authenticates by itself (RFC 4106 8.4); an HMAC on top is not defined.
    if (integrity) throw new RangeError(`${encryption} cannot be combined with ${authentication}`);
    transform = { kind: 'aead', cipher: enc.esp.cipher, key: aeadKeyFromKeymat(enc.esp.cipher, k.encryptionKey), icvLength: enc.esp.icvLength };
  } else {
    transform = { kind: 'cbc', cipher: enc.esp.cipher, key: k.encryptionKey, ...(integrity && { integrity }) };
  }
  return { protocol, spi: k.spi, transform };
}

/** Inbound and outbound SA states for a snapshot's pair (UDP-encapsulated when it says so). */
export function saStatesFromSnapshot(sa: IpsecSaSnapshot, mode: IpsecMode, random: Random): { inbound: InboundSa; outbound: OutboundSa } {
  const protocol = sa.protocol === 'ESP' ? 'esp' : 'ah';
  const protection = (k: SaKeyMaterial) => saProtection(protocol, sa.encryptionAlgorithm, sa.authenticationAlgorithm, k);
  const udpEncapsulated = sa.udpEncapsulated;
  return {
    inbound: new InboundSa({ mode, protection: protection(sa.inbound), udpEncapsulated }),
    outbound: new OutboundSa({ mode, protection: protection(sa.outbound), udpEncapsulated }, random),
  };
}
