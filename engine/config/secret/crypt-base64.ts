// The crypt(3) flavour of base64: its own alphabet, least significant 6 bits first, and a
// per-algorithm byte order given as groups of up to three digest indices.

export const CRYPT_ALPHABET = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Each group [b2, b1?, b0?] packs those bytes big-endian and emits 4 chars (2 for a lone byte). */
export function cryptBase64(digest: Uint8Array, groups: readonly (readonly number[])[]): string {
  let out = '';
  for (const group of groups) {
    let w = 0;
    for (const i of group) w = (w << 8) | digest[i]!;
    for (let n = group.length + 1; n > 0; n--) {
      out += CRYPT_ALPHABET[w & 0x3f];
      w >>>= 6;
    }
  }
  return out;
}
