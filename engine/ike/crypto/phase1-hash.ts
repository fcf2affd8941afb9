// HASH_I and HASH_R of IKEv1 phase 1 (RFC 2409 section 5), identical in Main and
// Aggressive Mode. With pre-shared keys they are sent as the HASH payload; with signature
// authentication they are what gets signed. SAi_b is always the INITIATOR's SA payload
// body, and SA/ID bodies exclude the 4-byte generic payload header.
import { prf, type HashAlgorithm } from './prf.ts';

export interface Phase1HashInput {
  readonly prf: HashAlgorithm;
  readonly skeyid: Buffer;
  /** g^xi and g^xr: KE payload bodies of initiator and responder. */
  readonly initiatorPublic: Buffer;
  readonly responderPublic: Buffer;
  readonly cookieI: Buffer;
  readonly cookieR: Buffer;
  /** Body of the initiator's SA payload (from the DOI field on). */
  readonly saiBody: Buffer;
}

/** HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b) */
export function phase1HashI(input: Phase1HashInput, idiiBody: Buffer): Buffer {
  return prf(
    input.prf,
    input.skeyid,
    input.initiatorPublic,
    input.responderPublic,
    input.cookieI,
    input.cookieR,
    input.saiBody,
    idiiBody,
  );
}

/** HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b) */
export function phase1HashR(input: Phase1HashInput, idirBody: Buffer): Buffer {
  return prf(
    input.prf,
    input.skeyid,
    input.responderPublic,
    input.initiatorPublic,
    input.cookieR,
    input.cookieI,
    input.saiBody,
    idirBody,
  );
}
