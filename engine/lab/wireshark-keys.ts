// Wireshark's key tables (UAT files in its configuration directory), so a capture of the
// lab can be read decrypted: `ikev1_decryption_table` (ISAKMP preferences, "IKEv1
// Decryption Table") and `esp_sa` (ESP preferences, "ESP SAs"). The column layouts and
// the algorithm names below are those tshark 4.0 accepts: test/capture-wireshark-keys.test.ts
// decrypts every ESP combination with them, test/capture-tshark.test.ts whole lab captures.

/** One IKEv1 SA: Wireshark finds it by initiator cookie and derives the IVs itself. */
export interface IkeSaKey {
  initiatorCookie: Buffer;
  /** The phase-1 cipher key as the cipher uses it (SKEYID_e, expanded or cut to length). */
  encryptionKey: Buffer;
  /** Written above the entry, for the reader. */
  comment: string;
}

/** One ESP SA (one direction). */
export interface EspSaKey {
  src: string;
  dst: string;
  spi: number;
  /** Junos algorithm names; undefined means none (NULL encryption, or AES-GCM's own integrity). */
  encryption: string | undefined;
  encryptionKey: Buffer;
  authentication: string | undefined;
  authenticationKey: Buffer;
  comment: string;
}

/** Junos encryption-algorithm → Wireshark's "Encryption" choice. GCM keys carry their 4-byte salt. */
export const WIRESHARK_ESP_ENCRYPTION: Readonly<Record<string, string>> = {
  'des-cbc': 'DES-CBC [RFC2405]',
  '3des-cbc': 'TripleDES-CBC [RFC2451]',
  'aes-128-cbc': 'AES-CBC [RFC3602]',
  'aes-192-cbc': 'AES-CBC [RFC3602]',
  'aes-256-cbc': 'AES-CBC [RFC3602]',
  'aes-128-gcm': 'AES-GCM with 16 octet ICV [RFC4106]',
  'aes-192-gcm': 'AES-GCM with 16 octet ICV [RFC4106]',
  'aes-256-gcm': 'AES-GCM with 16 octet ICV [RFC4106]',
};

/** Junos authentication-algorithm → Wireshark's "Authentication" choice. */
export const WIRESHARK_ESP_AUTHENTICATION: Readonly<Record<string, string>> = {
  'hmac-md5-96': 'HMAC-MD5-96 [RFC2403]',
  'hmac-sha1-96': 'HMAC-SHA-1-96 [RFC2404]',
  'hmac-sha-256-96': 'HMAC-SHA-256-96 [draft-ietf-ipsec-ciph-sha-256-00]',
  'hmac-sha-256-128': 'HMAC-SHA-256-128 [RFC4868]',
  'hmac-sha-384-192': 'HMAC-SHA-384-192 [RFC4868]',
  'hmac-sha-512-256': 'HMAC-SHA-512-256 [RFC4868]',
};

const NONE = 'NULL';

function header(what: string): string {
  return `# ${what}, written by srxsim from its SA tables. Wireshark reads this file from its\n# configuration directory; keys of SAs deleted since stay listed for older frames.\n`;
}

/** Columns: Initiator's COOKIE (hex), Encryption Key (hex), as Wireshark writes them. */
export function ikev1DecryptionTable(keys: readonly IkeSaKey[]): string {
  return header('IKEv1 decryption table') + keys.map((k) => `# ${k.comment}\n${k.initiatorCookie.toString('hex')},${k.encryptionKey.toString('hex')}\n`).join('');
}

const quoted = (s: string) => `"${s}"`;
const hexKey = (key: Buffer) => (key.length === 0 ? '' : `0x${key.toString('hex')}`);

/**
 * Columns: Protocol, Src IP, Dest IP, SPI, Encryption, Encryption Key, Authentication,
 * Authentication Key; every field a quoted string, keys as 0x-prefixed hex.
 * Throws RangeError for an algorithm Wireshark has no name for.
 */
export function espSaTable(keys: readonly EspSaKey[]): string {
  const name = (table: Readonly<Record<string, string>>, algorithm: string | undefined) => {
    if (algorithm === undefined) return NONE;
    const n = table[algorithm];
    if (!n) throw new RangeError(`Wireshark has no ESP algorithm for ${algorithm}`);
    return n;
  };
  const line = (k: EspSaKey) =>
    [
      'IPv4',
      k.src,
      k.dst,
      `0x${k.spi.toString(16).padStart(8, '0')}`,
      name(WIRESHARK_ESP_ENCRYPTION, k.encryption),
      hexKey(k.encryptionKey),
      name(WIRESHARK_ESP_AUTHENTICATION, k.authentication),
      hexKey(k.authenticationKey),
    ]
      .map(quoted)
      .join(',');
  return header('ESP SAs') + keys.map((k) => `# ${k.comment}\n${line(k)}\n`).join('');
}

/** Turns ESP decryption and ICV checking on; Wireshark reads it as `preferences`. */
export const WIRESHARK_PREFERENCES = '# Written by srxsim: decrypt ESP with the SAs in esp_sa and check their ICVs.\nesp.enable_encryption_decode: TRUE\nesp.enable_authentication_check: TRUE\n';
