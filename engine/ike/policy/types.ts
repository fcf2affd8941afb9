// What the IKE engine needs from the configuration, as plain data. The configuration
// store resolves references (gateway -> ike-policy -> proposals or proposal-set, vpn ->
// ipsec-policy, secrets decoded) and hands these to IkeEngine.configure(). Algorithm
// names are the Junos keywords; engine/ike/crypto/algorithms.ts maps them to the wire.

export type Phase1AuthMethod = 'pre-shared-keys' | 'rsa-signatures';
export type DhGroupName = 'group1' | 'group2' | 'group5' | 'group14' | 'group19' | 'group20';
export type IkeAuthAlgorithm = 'md5' | 'sha1' | 'sha-256' | 'sha-384';
export type CbcEncryptionAlgorithm = '3des-cbc' | 'des-cbc' | 'aes-128-cbc' | 'aes-192-cbc' | 'aes-256-cbc';
export type IpsecEncryptionAlgorithm = CbcEncryptionAlgorithm | 'aes-128-gcm' | 'aes-192-gcm' | 'aes-256-gcm';
export type IpsecAuthAlgorithm = 'hmac-md5-96' | 'hmac-sha1-96' | 'hmac-sha-256-128' | 'hmac-sha-256-96';

/** `security ike proposal <name>` (or one member of a predefined proposal-set). */
export interface Phase1Proposal {
  name: string;
  authenticationMethod: Phase1AuthMethod;
  dhGroup: DhGroupName;
  authenticationAlgorithm: IkeAuthAlgorithm;
  encryptionAlgorithm: CbcEncryptionAlgorithm;
  lifetimeSeconds: number;
}

/** An IKE identity: `local-identity` / `remote-identity` of a gateway. */
export type IkeIdentity =
  | { type: 'ipv4'; address: string }
  | { type: 'fqdn'; name: string }
  | { type: 'user-fqdn'; name: string };

/** When R-U-THERE is sent (engine/ike/v1/dead-peer-detection.ts); Junos's default is optimized. */
export type DpdMode = 'optimized' | 'probe-idle-tunnel' | 'always-send';

export interface DpdConfig {
  /** Seconds without traffic from the peer (see `mode`) before a R-U-THERE is sent. */
  interval: number;
  /** Unanswered R-U-THEREs after which the peer is declared dead. */
  threshold: number;
  mode: DpdMode;
}

/** `security ike policy` plus the per-gateway parts the exchange needs. */
export interface Phase1Policy {
  mode: 'main' | 'aggressive';
  /** In order of preference; the initiator offers them all, in this order. */
  proposals: Phase1Proposal[];
  /** The decoded secret (ascii-text bytes or hexadecimal bytes). */
  preSharedKey?: Buffer;
  /** Defaults to the gateway's local address as an ipv4 identity. */
  localId?: IkeIdentity;
  /** When set, the peer must present exactly this identity (INVALID-ID-INFORMATION otherwise). */
  remoteId?: IkeIdentity;
  dpd?: DpdConfig;
  /** NAT traversal (RFC 3947/3948): vendor ID, NAT-D, float to 4500, UDP-encapsulated ESP. */
  natTraversal?: boolean;
  /** Seconds between NAT keepalives while we are behind a NAT (Junos default 5). */
  natKeepalive?: number;
}

/** `security ipsec proposal <name>`. */
export interface Phase2Proposal {
  name: string;
  protocol: 'esp' | 'ah';
  /** Absent for AH (and for ESP null encryption, which we do not offer). */
  encryptionAlgorithm?: IpsecEncryptionAlgorithm;
  /** Absent for AES-GCM. */
  authenticationAlgorithm?: IpsecAuthAlgorithm;
  lifetimeSeconds: number;
  /** Absent: unlimited ("unlim" in show output). */
  lifetimeKilobytes?: number;
}

/** Quick Mode proxy IDs (IDci/IDcr): IPv4 prefixes such as "10.1.0.0/24". */
export interface ProxyIdentity {
  local: string;
  remote: string;
  /** 'any' or an IP protocol with an optional port (Junos `service`). */
  service: 'any' | { protocol: number; port?: number };
}

export interface Phase2Policy {
  proposals: Phase2Proposal[];
  /** `perfect-forward-secrecy keys`; absent means no PFS. */
  pfsGroup?: DhGroupName;
  /**
   * Absent: 0.0.0.0/0 <-> 0.0.0.0/0, service any, and as responder this VPN accepts
   * whatever proxy IDs the peer proposes (echoing them).
   */
  proxyIdentity?: ProxyIdentity;
}

export interface GatewayConfig {
  name: string;
  /** The peer's IPv4 address. */
  address: string;
  /** Peer's IKE port, 500 unless told otherwise. */
  port?: number;
  /** Our address on the external interface. */
  localAddress: string;
  externalInterface?: string;
  policy: Phase1Policy;
}

export interface VpnConfig {
  name: string;
  /** Name of a GatewayConfig. */
  gateway: string;
  policy: Phase2Policy;
  establishTunnels: 'immediately' | 'on-traffic';
  bindInterface?: string;
}
