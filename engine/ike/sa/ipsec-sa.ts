// One IPsec SA pair (inbound + outbound) negotiated by a Quick Mode, and its snapshot for
// `show security ipsec security-associations` / the ESP datapath.
import type { TimerHandle } from '../../runtime/clock.ts';
import type { SaKeys } from '../crypto/keymat.ts';
import type { ProxyIdentity } from '../policy/types.ts';
import type { Phase2Suite } from '../v1/phase2-proposals.ts';
import type { Peer, Role } from './events.ts';
import type { TrafficCounters } from './ike-sa.ts';

export interface IpsecSaPair {
  /** Tunnel index (the "ID" column: <2 inbound, >2 outbound). */
  index: number;
  vpn: string;
  gateway: string;
  /** The peer's address and IKE port (with UDP encapsulation, where its ESP goes too). */
  peer: Peer;
  /** Our IKE port: 4500 when NAT traversal floated (the source port of our ESP-in-UDP). */
  localPort: number;
  role: Role;
  suite: Phase2Suite;
  inboundSpi: number;
  outboundSpi: number;
  inboundKeys: SaKeys;
  outboundKeys: SaKeys;
  proxy: ProxyIdentity;
  establishedAt: number;
  expiresAt: number;
  counters: TrafficCounters;
  timers: TimerHandle[];
  /** A rekey was started for this pair (soft lifetime reached). */
  rekeying: boolean;
}

export interface IpsecSaSnapshot {
  index: number;
  vpn: string;
  gateway: string;
  remoteAddress: string;
  /** The peer's IKE port (the "Port" column); with UDP encapsulation also its ESP port. */
  port: number;
  /** Our IKE port, and the source port of our ESP-in-UDP. */
  localPort: number;
  /** ESP travels inside UDP (RFC 3948): phase 1 detected a NAT and Quick Mode chose UDP-Tunnel. */
  udpEncapsulated: boolean;
  role: Role;
  protocol: 'ESP' | 'AH';
  encryptionAlgorithm?: string;
  authenticationAlgorithm?: string;
  /** "ESP:3des/md5" style, as the seed's Algorithm column shows it. */
  algorithm: string;
  pfsGroup?: string;
  inbound: { spi: number; spiHex: string; encryptionKey: Buffer; integrityKey: Buffer };
  outbound: { spi: number; spiHex: string; encryptionKey: Buffer; integrityKey: Buffer };
  lifetimeSeconds: number;
  remainingSeconds: number;
  lifetimeKilobytes?: number;
  remainingKilobytes?: number;
  establishedAt: number;
  localProxy: string;
  remoteProxy: string;
  counters: TrafficCounters;
  monitoring: '-';
  vsys: 0;
}

const SHORT_CIPHER: Record<string, string> = {
  'des-cbc': 'des',
  '3des-cbc': '3des',
  'aes-128-cbc': 'aes-cbc-128',
  'aes-192-cbc': 'aes-cbc-192',
  'aes-256-cbc': 'aes-cbc-256',
  'aes-128-gcm': 'aes-gcm-128',
  'aes-192-gcm': 'aes-gcm-192',
  'aes-256-gcm': 'aes-gcm-256',
};
const SHORT_AUTH: Record<string, string> = { 'hmac-md5-96': 'md5', 'hmac-sha1-96': 'sha1', 'hmac-sha-256-128': 'sha256', 'hmac-sha-256-96': 'sha256' };

export function algorithmLabel(suite: Phase2Suite): string {
  const enc = suite.encryption ? (SHORT_CIPHER[suite.encryption.junos] ?? suite.encryption.junos) : undefined;
  const auth = suite.authentication ? (SHORT_AUTH[suite.authentication.junos] ?? suite.authentication.junos) : 'none';
  return suite.protocol === 'esp' ? `ESP:${enc ?? 'null'}/${auth}` : `AH:${auth}`;
}

const spiHex = (spi: number) => spi.toString(16).padStart(8, '0');

export function snapshotIpsecSa(p: IpsecSaPair, now: number): IpsecSaSnapshot {
  const kbUsed = Math.floor(Math.max(p.counters.bytesIn, p.counters.bytesOut) / 1024);
  return {
    index: p.index,
    vpn: p.vpn,
    gateway: p.gateway,
    remoteAddress: p.peer.address,
    port: p.peer.port,
    localPort: p.localPort,
    udpEncapsulated: p.suite.encapsulation === 'udp-tunnel',
    role: p.role,
    protocol: p.suite.protocol === 'esp' ? 'ESP' : 'AH',
    encryptionAlgorithm: p.suite.encryption?.junos,
    authenticationAlgorithm: p.suite.authentication?.junos,
    algorithm: algorithmLabel(p.suite),
    pfsGroup: p.suite.pfsGroup === undefined ? undefined : `group${p.suite.pfsGroup}`,
    inbound: { spi: p.inboundSpi, spiHex: spiHex(p.inboundSpi), encryptionKey: p.inboundKeys.encryptionKey, integrityKey: p.inboundKeys.integrityKey },
    outbound: { spi: p.outboundSpi, spiHex: spiHex(p.outboundSpi), encryptionKey: p.outboundKeys.encryptionKey, integrityKey: p.outboundKeys.integrityKey },
    lifetimeSeconds: p.suite.lifetimeSeconds,
    remainingSeconds: Math.max(0, Math.ceil((p.expiresAt - now) / 1000)),
    lifetimeKilobytes: p.suite.lifetimeKilobytes,
    remainingKilobytes: p.suite.lifetimeKilobytes === undefined ? undefined : Math.max(0, p.suite.lifetimeKilobytes - kbUsed),
    establishedAt: p.establishedAt,
    localProxy: p.proxy.local,
    remoteProxy: p.proxy.remote,
    counters: { ...p.counters },
    monitoring: '-',
    vsys: 0,
  };
}
