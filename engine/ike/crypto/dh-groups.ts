// Diffie-Hellman groups usable for IKEv1 phase 1 and for Quick Mode PFS.
// MODP 1/2 from RFC 2409 section 6, MODP 5/14 from RFC 3526, ECP 19/20 from RFC 5903.
// The numbers are the IANA "Group Description" values (IKEv1 attribute class 4).

export type DhGroupId = 1 | 2 | 5 | 14 | 19 | 20;

export interface ModpGroup {
  readonly kind: 'modp';
  readonly id: DhGroupId;
  readonly name: string;
  /** Prime as hex, generator is 2 for every MODP group here. */
  readonly primeHex: string;
  readonly generator: 2;
  /** Length of public values and shared secrets in bytes (the prime's length). */
  readonly valueLength: number;
  /** Length of the private exponent we draw from Random (256 bits, as in the cost model). */
  readonly privateLength: number;
}

export interface EcpGroup {
  readonly kind: 'ecp';
  readonly id: DhGroupId;
  readonly name: string;
  /** OpenSSL curve name for node:crypto createECDH. */
  readonly curve: 'prime256v1' | 'secp384r1';
  /** Length of one coordinate; the IKE public value is x||y (2 * this), the secret is x. */
  readonly coordinateLength: number;
  /** Length of the public value in the KE payload (x||y without the 0x04 prefix). */
  readonly valueLength: number;
  readonly privateLength: number;
}

export type DhGroup = ModpGroup | EcpGroup;

const MODP_768 =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74' +
  '020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437' +
  '4FE1356D6D51C245E485B576625E7EC6F44C42E9A63A3620FFFFFFFFFFFFFFFF';

const MODP_1024 =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74' +
  '020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437' +
  '4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF';

const MODP_1536 =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74' +
  '020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437' +
  '4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05' +
  '98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB' +
  '9ED529077096966D670C354E4ABC9804F1746C08CA237327FFFFFFFFFFFFFFFF';

const MODP_2048 =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74' +
  '020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437' +
  '4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05' +
  '98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB' +
  '9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718' +
  '3995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF';

function modp(id: DhGroupId, name: string, primeHex: string): ModpGroup {
  return { kind: 'modp', id, name, primeHex, generator: 2, valueLength: primeHex.length / 2, privateLength: 32 };
}

export const DH_GROUPS: Readonly<Record<DhGroupId, DhGroup>> = {
  1: modp(1, 'MODP-768', MODP_768),
  2: modp(2, 'MODP-1024', MODP_1024),
  5: modp(5, 'MODP-1536', MODP_1536),
  14: modp(14, 'MODP-2048', MODP_2048),
  19: { kind: 'ecp', id: 19, name: 'ECP-256', curve: 'prime256v1', coordinateLength: 32, valueLength: 64, privateLength: 32 },
  20: { kind: 'ecp', id: 20, name: 'ECP-384', curve: 'secp384r1', coordinateLength: 48, valueLength: 96, privateLength: 48 },
};

export function isDhGroupId(value: number): value is DhGroupId {
  return Object.prototype.hasOwnProperty.call(DH_GROUPS, value);
}

/** The group for an IKE Group Description value, or undefined if we don't support it. */
export function dhGroup(id: number): DhGroup | undefined {
  return isDhGroupId(id) ? DH_GROUPS[id] : undefined;
}
