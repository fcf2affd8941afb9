// Diffie-Hellman key exchange for IKE (KE payload values and g^xy).
//
// Trap (ike-engine-notes section 0.3): constructing a node:crypto DiffieHellman object for
// MODP 768/1024 costs 20-40 ms because OpenSSL checks the prime. We build ONE object per
// group, lazily, and reuse it with setPrivateKey() for every exchange (~0.1-0.2 ms).
// Sharing is safe because node:crypto calls are synchronous: each operation sets the
// private key it needs immediately before using it.
//
// Private values come from the injected Random (DESIGN.md "Determinism"), never from
// crypto.randomBytes.
import { createDiffieHellman, createECDH, type DiffieHellman, type ECDH } from 'node:crypto';
import type { Random } from '../../runtime/random.ts';
import { leftPad, toBigInt } from './bytes.ts';
import { DH_GROUPS, type DhGroup, type DhGroupId, type EcpGroup, type ModpGroup } from './dh-groups.ts';
import { fail, ok, type CryptoResult } from './result.ts';

export interface DhKeyPair {
  readonly group: DhGroup;
  /** Our public value exactly as carried in the KE payload (full group length). */
  readonly publicValue: Buffer;
  /** g^xy, full group length (left zero-padded for MODP; x coordinate for ECP). */
  computeSharedSecret(peerPublicValue: Buffer): CryptoResult<Buffer>;
}

const modpEngines = new Map<DhGroupId, DiffieHellman>();

function modpEngine(group: ModpGroup): DiffieHellman {
  let engine = modpEngines.get(group.id);
  if (engine === undefined) {
    engine = createDiffieHellman(Buffer.from(group.primeHex, 'hex'), Buffer.from([group.generator]));
    modpEngines.set(group.id, engine);
  }
  return engine;
}

/** Build the shared DH objects ahead of time (e.g. at commit) so the first SA doesn't pay. */
export function warmUpDhGroup(id: DhGroupId): void {
  const group = DH_GROUPS[id];
  if (group.kind === 'modp') modpEngine(group);
}

/** Check a peer's KE value before use: exact group length, and 1 < y < p-1 (MODP). */
export function validatePeerPublicValue(group: DhGroup, value: Buffer): CryptoResult<void> {
  if (value.length !== group.valueLength) {
    return fail('invalid-length', `${group.name} public value must be ${group.valueLength} bytes, got ${value.length}`);
  }
  if (group.kind === 'modp') {
    const y = toBigInt(value);
    const p = BigInt('0x' + group.primeHex);
    if (y <= 1n || y >= p - 1n) return fail('invalid-public-value', `${group.name} public value out of range (1, p-1)`);
    return ok(undefined);
  }
  // ECP: the curve check happens in OpenSSL when the point is decoded (computeSharedSecret).
  return ok(undefined);
}

function modpKeyPair(group: ModpGroup, privateValue: Buffer): DhKeyPair {
  const engine = modpEngine(group);
  engine.setPrivateKey(privateValue);
  const publicValue = leftPad(engine.generateKeys(), group.valueLength);
  const priv = Buffer.from(privateValue);
  return {
    group,
    publicValue,
    computeSharedSecret(peer: Buffer): CryptoResult<Buffer> {
      const valid = validatePeerPublicValue(group, peer);
      if (!valid.ok) return valid;
      try {
        engine.setPrivateKey(priv);
        return ok(leftPad(engine.computeSecret(peer), group.valueLength));
      } catch (err) {
        return fail('invalid-public-value', `${group.name}: ${(err as Error).message}`);
      }
    },
  };
}

function ecpKeyPair(group: EcpGroup, ecdh: ECDH): DhKeyPair {
  // Uncompressed SEC1 point is 0x04 || x || y; IKE (RFC 5903) carries x || y only.
  const publicValue = Buffer.from(ecdh.getPublicKey().subarray(1));
  return {
    group,
    publicValue,
    computeSharedSecret(peer: Buffer): CryptoResult<Buffer> {
      const valid = validatePeerPublicValue(group, peer);
      if (!valid.ok) return valid;
      try {
        const secret = ecdh.computeSecret(Buffer.concat([Buffer.from([0x04]), peer]));
        return ok(leftPad(secret, group.coordinateLength));
      } catch (err) {
        return fail('invalid-public-value', `${group.name}: peer point rejected (${(err as Error).message})`);
      }
    },
  };
}

function ecdhFromPrivate(group: EcpGroup, privateValue: Buffer): ECDH | undefined {
  const ecdh = createECDH(group.curve);
  try {
    ecdh.setPrivateKey(leftPad(privateValue, group.privateLength));
    return ecdh;
  } catch {
    return undefined; // zero or >= curve order
  }
}

const MAX_DRAWS = 64;

/** A fresh key pair whose private value is drawn from `random`. */
export function generateDhKeyPair(id: DhGroupId, random: Random): DhKeyPair {
  const group = DH_GROUPS[id];
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const candidate = random.bytes(group.privateLength);
    if (group.kind === 'modp') {
      if (toBigInt(candidate) > 1n) return modpKeyPair(group, candidate);
    } else {
      const ecdh = ecdhFromPrivate(group, candidate);
      if (ecdh !== undefined) return ecpKeyPair(group, ecdh);
    }
  }
  throw new Error(`Random produced no usable ${group.name} private value in ${MAX_DRAWS} draws`);
}

/** A key pair from a known private value (known-answer tests, replaying a capture). */
export function dhKeyPairFromPrivate(id: DhGroupId, privateValue: Buffer): DhKeyPair {
  const group = DH_GROUPS[id];
  if (group.kind === 'modp') {
    const x = toBigInt(privateValue);
    if (x <= 1n || x >= BigInt('0x' + group.primeHex) - 1n) throw new RangeError(`${group.name} private value out of range`);
    return modpKeyPair(group, privateValue);
  }
  const ecdh = ecdhFromPrivate(group, privateValue);
  if (ecdh === undefined) throw new RangeError(`${group.name} private value out of range`);
  return ecpKeyPair(group, ecdh);
}
