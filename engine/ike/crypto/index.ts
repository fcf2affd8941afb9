// IKEv1 / IPsec cryptography on node:crypto. See the individual modules for the RFC text
// each one implements.
export * from './result.ts';
export * from './dh-groups.ts';
export * from './diffie-hellman.ts';
export * from './prf.ts';
export * from './cipher.ts';
export * from './aead.ts';
export * from './integrity.ts';
export * from './skeyid.ts';
export * from './phase1-hash.ts';
export * from './iv.ts';
export * from './quick-mode-hash.ts';
export * from './keymat.ts';
export * from './message-crypto.ts';
export * from './algorithms.ts';
