// Phase-1 authentication, pluggable per method: the SKEYID formula it implies, the
// payloads that prove our identity (HASH_I/HASH_R for pre-shared keys; SIG (+CERT) for
// rsa-signatures, to come) and the check of the peer's.
import { timingSafeEqual } from 'node:crypto';
import { PayloadType } from '../codec/constants.ts';
import type { Payload } from '../codec/payloads.ts';
import type { Phase1Authentication } from '../crypto/skeyid.ts';

export interface Phase1Authenticator {
  readonly method: string;
  readonly skeyidInput: Phase1Authentication;
  /** Payloads carrying our HASH_I or HASH_R (or its signature). */
  prove(hashValue: Buffer): Payload[];
  /** Check the peer's proof against the expected HASH_I or HASH_R. */
  verify(expectedHash: Buffer, payloads: readonly Payload[]): { ok: true } | { ok: false; detail: string };
}

export function preSharedKeyAuthenticator(preSharedKey: Buffer): Phase1Authenticator {
  return {
    method: 'pre-shared-keys',
    skeyidInput: { method: 'pre-shared-keys', preSharedKey },
    prove: (hashValue) => [{ type: PayloadType.HASH, data: hashValue }],
    verify(expected, payloads) {
      const hash = payloads.find((p) => p.type === PayloadType.HASH);
      if (hash === undefined || !('data' in hash)) return { ok: false, detail: 'no HASH payload' };
      if (hash.data.length !== expected.length || !timingSafeEqual(hash.data, expected)) {
        return { ok: false, detail: 'HASH verification failed (pre-shared key mismatch)' };
      }
      return { ok: true };
    },
  };
}
