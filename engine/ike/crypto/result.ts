// Error values for crypto operations fed by peer data (DESIGN.md "Errors and bad input"):
// a malformed KE payload or ciphertext must never throw into the engine. Programming
// errors (a key of the wrong length chosen by our own code) still throw RangeError.

export type CryptoErrorCode =
  | 'invalid-public-value' // peer DH/ECDH public value out of range or not on the curve
  | 'invalid-length' // input length wrong for the algorithm (KE length, not block-aligned)
  | 'authentication-failed' // AEAD tag or ICV mismatch
  | 'unsupported'; // algorithm not available

export interface CryptoError {
  readonly code: CryptoErrorCode;
  readonly detail: string;
}

export type CryptoResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: CryptoError };

export function ok<T>(value: T): CryptoResult<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: CryptoErrorCode, detail: string): CryptoResult<T> {
  return { ok: false, error: { code, detail } };
}
