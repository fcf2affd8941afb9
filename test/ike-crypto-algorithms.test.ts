import test from 'ava';
import { AEAD_CIPHERS } from '../engine/ike/crypto/aead.ts';
import {
  DH_GROUP_KEYWORDS,
  ESP_ENCRYPTION_ALGORITHMS,
  IKE_AUTHENTICATION_METHODS,
  IKE_ENCRYPTION_ALGORITHMS,
  IKE_HASH_ALGORITHMS,
  IPSEC_AUTHENTICATION_ALGORITHMS,
  dhGroupKeyword,
  espEncryptionFromTransform,
  ikeAuthMethodFromAttribute,
  ikeEncryptionFromAttributes,
  ikeHashFromAttribute,
  ipsecAuthFromEspAttribute,
} from '../engine/ike/crypto/algorithms.ts';
import { CBC_CIPHERS } from '../engine/ike/crypto/cipher.ts';
import { DH_GROUPS } from '../engine/ike/crypto/dh-groups.ts';
import { INTEGRITY_ALGORITHMS } from '../engine/ike/crypto/integrity.ts';
import { HASH_OUTPUT_LENGTH, hash } from '../engine/ike/crypto/prf.ts';

test('IKE phase-1 attribute values (RFC 2409 Appendix A, RFC 4868)', (t) => {
  t.is(IKE_ENCRYPTION_ALGORITHMS['des-cbc']!.ikeAttribute, 1);
  t.is(IKE_ENCRYPTION_ALGORITHMS['3des-cbc']!.ikeAttribute, 5);
  t.is(IKE_ENCRYPTION_ALGORITHMS['aes-128-cbc']!.ikeAttribute, 7);
  t.is(IKE_ENCRYPTION_ALGORITHMS['aes-256-cbc']!.keyLengthBits, 256);
  t.is(IKE_ENCRYPTION_ALGORITHMS['3des-cbc']!.keyLengthBits, undefined);
  t.deepEqual(
    Object.fromEntries(Object.entries(IKE_HASH_ALGORITHMS).map(([k, v]) => [k, v.ikeAttribute])),
    { md5: 1, sha1: 2, 'sha-256': 4, 'sha-384': 5 },
  );
  t.is(IKE_AUTHENTICATION_METHODS['pre-shared-keys']!.ikeAttribute, 1);
  t.is(IKE_AUTHENTICATION_METHODS['rsa-signatures']!.ikeAttribute, 3);
  t.is(IKE_AUTHENTICATION_METHODS['rsa-signatures']!.skeyidMethod, 'signatures');
  t.is(IKE_AUTHENTICATION_METHODS['pre-shared-keys']!.skeyidMethod, 'pre-shared-keys');
});

test('reverse lookups from received attributes', (t) => {
  t.is(ikeEncryptionFromAttributes(7, 192)?.junos, 'aes-192-cbc');
  t.is(ikeEncryptionFromAttributes(7), undefined, 'AES without a key length is not a supported transform');
  t.is(ikeEncryptionFromAttributes(5)?.cipher, '3des-cbc');
  t.is(ikeEncryptionFromAttributes(5, 192), undefined);
  t.is(ikeHashFromAttribute(2)?.hash, 'sha1');
  t.is(ikeHashFromAttribute(3), undefined, 'Tiger is not supported');
  t.is(ikeAuthMethodFromAttribute(3)?.junos, 'rsa-signatures');
  t.is(espEncryptionFromTransform(12, 128)?.junos, 'aes-128-cbc');
  t.is(espEncryptionFromTransform(20, 256)?.junos, 'aes-256-gcm');
  t.is(espEncryptionFromTransform(3)?.junos, '3des-cbc');
  t.is(espEncryptionFromTransform(18, 128), undefined, 'GCM with ICV 8 is not offered by these keywords');
  t.is(ipsecAuthFromEspAttribute(2)?.junos, 'hmac-sha1-96');
  t.is(ipsecAuthFromEspAttribute(5)?.junos, 'hmac-sha-256-128', 'the RFC 4868 meaning wins for a received 5');
});

test('ESP/AH values (RFC 2407, IANA IPsec DOI)', (t) => {
  t.is(ESP_ENCRYPTION_ALGORITHMS['des-cbc']!.espTransformId, 2);
  t.is(ESP_ENCRYPTION_ALGORITHMS['3des-cbc']!.espTransformId, 3);
  t.is(ESP_ENCRYPTION_ALGORITHMS['aes-128-cbc']!.espTransformId, 12);
  t.is(ESP_ENCRYPTION_ALGORITHMS['aes-128-gcm']!.espTransformId, 20);
  t.deepEqual(
    Object.fromEntries(Object.entries(IPSEC_AUTHENTICATION_ALGORITHMS).map(([k, v]) => [k, [v.espAuthAttribute, v.ahTransformId]])),
    {
      'hmac-md5-96': [1, 2],
      'hmac-sha1-96': [2, 3],
      'hmac-sha-256-128': [5, 5],
      'hmac-sha-256-96': [5, 5],
      'hmac-sha-384-192': [6, 6],
      'hmac-sha-512-256': [7, 7],
    },
  );
});

test('keyword tables agree with the primitive tables they point to', (t) => {
  for (const e of Object.values(IKE_ENCRYPTION_ALGORITHMS)) {
    const spec = CBC_CIPHERS[e.cipher];
    t.truthy(spec, e.junos);
    if (e.keyLengthBits !== undefined) t.is(e.keyLengthBits / 8, spec.keyLength, e.junos);
  }
  for (const e of Object.values(ESP_ENCRYPTION_ALGORITHMS)) {
    const keyLength = e.esp.kind === 'cbc' ? CBC_CIPHERS[e.esp.cipher].keyLength : AEAD_CIPHERS[e.esp.cipher].keyLength + 4;
    t.is(e.keymatLength, keyLength, e.junos);
  }
  for (const e of Object.values(IPSEC_AUTHENTICATION_ALGORITHMS)) {
    const spec = INTEGRITY_ALGORITHMS[e.integrity];
    t.is(spec.keyLength, HASH_OUTPUT_LENGTH[spec.hash], e.junos);
    t.true(spec.icvLength < spec.keyLength);
  }
  for (const e of Object.values(IKE_HASH_ALGORITHMS)) {
    t.is(hash(e.hash, Buffer.alloc(0)).length, HASH_OUTPUT_LENGTH[e.hash], e.junos);
  }
  for (const [keyword, id] of Object.entries(DH_GROUP_KEYWORDS)) {
    t.is(DH_GROUPS[id].id, id);
    t.is(dhGroupKeyword(id), keyword);
  }
});
