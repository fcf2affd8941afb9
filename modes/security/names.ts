// How Junos spells the engine's algorithm and identity names in operational output.
// The engine reports configuration-style names (`md5`, `aes-128-cbc`, `group2`,
// `pre-shared-keys`, `ipv4 10.0.0.2`); these map them to what `show` prints.

const IKE_AUTH_METHOD: Record<string, string> = {
  'pre-shared-keys': 'Pre-shared-keys',
  'rsa-signatures': 'RSA-signatures',
  'dsa-signatures': 'DSA-signatures',
  'ecdsa-signatures-256': 'ECDSA-signatures-256',
  'ecdsa-signatures-384': 'ECDSA-signatures-384',
};

const IKE_HASH_AUTH: Record<string, string> = {
  md5: 'hmac-md5-96',
  sha1: 'hmac-sha1-96',
  'sha-256': 'hmac-sha256-128',
  'sha-384': 'hmac-sha384-192',
};

const IKE_HASH_PRF: Record<string, string> = { md5: 'hmac-md5', sha1: 'hmac-sha1', 'sha-256': 'hmac-sha256', 'sha-384': 'hmac-sha384' };

const IKE_ENCRYPTION: Record<string, string> = {
  'des-cbc': 'des-cbc',
  '3des-cbc': '3des-cbc',
  'aes-128-cbc': 'aes128-cbc',
  'aes-192-cbc': 'aes192-cbc',
  'aes-256-cbc': 'aes256-cbc',
};

const IPSEC_ENCRYPTION: Record<string, string> = {
  'des-cbc': 'des-cbc',
  '3des-cbc': '3des-cbc',
  'aes-128-cbc': 'aes-cbc (128 bits)',
  'aes-192-cbc': 'aes-cbc (192 bits)',
  'aes-256-cbc': 'aes-cbc (256 bits)',
  'aes-128-gcm': 'aes-gcm (128 bits)',
  'aes-192-gcm': 'aes-gcm (192 bits)',
  'aes-256-gcm': 'aes-gcm (256 bits)',
};

export const ikeAuthenticationMethodName = (m: string | undefined): string => (m === undefined ? 'Unknown' : (IKE_AUTH_METHOD[m] ?? m));
export const ikeAuthenticationAlgorithmName = (h: string | undefined): string => (h === undefined ? 'none' : (IKE_HASH_AUTH[h] ?? h));
export const ikePrfName = (h: string | undefined): string => (h === undefined ? 'none' : (IKE_HASH_PRF[h] ?? h));
export const ikeEncryptionName = (e: string | undefined): string => (e === undefined ? 'none' : (IKE_ENCRYPTION[e] ?? e));
/** `group2` -> `DH-group-2`. */
export const dhGroupName = (g: string | undefined): string => (g === undefined ? 'none' : g.replace(/^group(\d+)$/, 'DH-group-$1'));
/** The number alone, for XML (`<ike-sa-dhgroup>2</ike-sa-dhgroup>`). */
export const dhGroupNumber = (g: string | undefined): string => (g === undefined ? '0' : g.replace(/^group/, ''));
export const ipsecEncryptionName = (e: string | undefined): string => (e === undefined ? 'None' : (IPSEC_ENCRYPTION[e] ?? e));
export const ipsecAuthenticationName = (a: string | undefined): string => (a === undefined ? 'None' : a);

/** `ipv4 10.0.0.2` / `fqdn host.example` (the engine's identity text) -> the value Junos shows. */
export function ikeIdValue(identity: string | undefined): string | undefined {
  if (identity === undefined) return undefined;
  const space = identity.indexOf(' ');
  return space < 0 ? identity : identity.slice(space + 1);
}

/**
 * A proxy ID as Junos's detail output spells it: `10.1.10.0/24` ->
 * `ipv4_subnet(any:0,[0..7]=10.1.10.0/24)`, a host `/32` -> `ipv4(any:0,[0..3]=10.1.10.5)`.
 */
export function proxyIdentityText(prefix: string, service = 'any:0'): string {
  const [address, length] = prefix.split('/');
  if (length === undefined || length === '32') return `ipv4(${service},[0..3]=${address})`;
  return `ipv4_subnet(${service},[0..7]=${prefix})`;
}
