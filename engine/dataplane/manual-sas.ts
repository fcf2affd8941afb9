// Manual-key VPNs (`security ipsec vpn V manual { ... }`): the configured SPI and keys, the
// same SPI in both directions as on Junos. A key of the wrong length for its algorithm is
// refused with the reason (for the kmd log), never guessed at.
import { ESP_ENCRYPTION_ALGORITHMS, INTEGRITY_ALGORITHMS, IPSEC_AUTHENTICATION_ALGORITHMS } from '../ike/crypto/index.ts';
import { saProtection } from '../ipsec/from-snapshot.ts';
import { InboundSa, OutboundSa } from '../ipsec/sa-state.ts';
import { object, objects, type ConfigObject } from '../config/view.ts';
import type { Random } from '../runtime/random.ts';

export interface ManualTunnel {
  /** Everything that defines the SA: an unchanged one keeps its state (sequence numbers, replay window). */
  identity: string;
  vpn: string;
  peer: string;
  inbound: InboundSa;
  outbound: OutboundSa;
}

function keyBytes(key: ConfigObject): Buffer | undefined {
  if (typeof key['ascii-text'] === 'string') return Buffer.from(key['ascii-text'], 'utf8');
  if (typeof key.hexadecimal === 'string') return Buffer.from(key.hexadecimal.replace(/^0x/i, ''), 'hex');
  return undefined;
}

export function manualTunnels(config: ConfigObject, random: Random): { tunnels: ManualTunnel[]; problems: string[] } {
  const tunnels: ManualTunnel[] = [];
  const problems: string[] = [];
  for (const v of objects(object(object(config.security).ipsec).vpn)) {
    const m = v.manual === undefined ? undefined : object(v.manual);
    if (!m) continue;
    const vpn = String(v.name);
    const protocol = m.protocol === 'ah' ? 'ah' : 'esp';
    const auth = object(m.authentication);
    const enc = object(m.encryption);
    const authAlg = typeof auth.algorithm === 'string' ? auth.algorithm : undefined;
    const encAlg = protocol === 'esp' && typeof enc.algorithm === 'string' ? enc.algorithm : undefined;
    const integrityKey = keyBytes(object(auth.key)) ?? Buffer.alloc(0);
    const encryptionKey = keyBytes(object(enc.key)) ?? Buffer.alloc(0);
    const wantEnc = encAlg === undefined ? 0 : ESP_ENCRYPTION_ALGORITHMS[encAlg]?.keymatLength;
    // A manual authentication key is as long as the hash output, as negotiated KEYMAT would be.
    const integrity = authAlg === undefined ? undefined : IPSEC_AUTHENTICATION_ALGORITHMS[authAlg]?.integrity;
    const wantAuth = authAlg === undefined ? 0 : integrity && INTEGRITY_ALGORITHMS[integrity].keyLength;
    if (wantEnc !== undefined && encryptionKey.length !== wantEnc) {
      problems.push(`manual SA for VPN ${vpn} not installed: ${encAlg} needs a ${wantEnc}-byte key, the configured one has ${encryptionKey.length}`);
      continue;
    }
    if (wantAuth !== undefined && integrityKey.length !== wantAuth) {
      problems.push(`manual SA for VPN ${vpn} not installed: ${authAlg} needs a ${wantAuth}-byte key, the configured one has ${integrityKey.length}`);
      continue;
    }
    const spi = Number(m.spi);
    const protection = saProtection(protocol, encAlg, authAlg, { spi, encryptionKey, integrityKey });
    const identity = [vpn, m.gateway, protocol, spi, encAlg, authAlg, encryptionKey.toString('hex'), integrityKey.toString('hex')].join('|');
    tunnels.push({ identity, vpn, peer: String(m.gateway), inbound: new InboundSa({ mode: 'tunnel', protection }), outbound: new OutboundSa({ mode: 'tunnel', protection }, random) });
  }
  return { tunnels, problems };
}
