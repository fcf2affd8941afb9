// Attribute integer helpers and vendor ID recognition.

import test from 'ava';
import { createHash } from 'node:crypto';
import { attributeInteger, identifyVendorId, IkeAttr, integerAttribute, VendorId, vendorIdBytes } from '../engine/ike/codec/index.ts';

test('integerAttribute picks TV up to 0xffff and a 4-byte TLV above', (t) => {
  t.deepEqual(integerAttribute(IkeAttr.LifeDuration, 28800), { type: IkeAttr.LifeDuration, format: 'tv', value: 28800 });
  t.deepEqual(integerAttribute(IkeAttr.LifeDuration, 86400), { type: IkeAttr.LifeDuration, format: 'tlv', value: Buffer.from('00015180', 'hex') });
});

test('attributeInteger reads either form, and refuses empty or over-long TLVs', (t) => {
  t.is(attributeInteger({ type: 12, format: 'tv', value: 3600 }), 3600);
  t.is(attributeInteger({ type: 12, format: 'tlv', value: Buffer.from('000e10', 'hex') }), 3600);
  t.is(attributeInteger({ type: 12, format: 'tlv', value: Buffer.alloc(0) }), undefined);
  t.is(attributeInteger({ type: 12, format: 'tlv', value: Buffer.alloc(7) }), undefined);
});

test('the NAT-T vendor IDs are the MD5 digests RFC 3947 and the drafts define', (t) => {
  const md5 = (s: string) => createHash('md5').update(s).digest('hex');
  t.is(md5('RFC 3947'), VendorId.NatTRfc3947);
  t.is(md5('draft-ietf-ipsec-nat-t-ike-02'), VendorId.NatTDraft02);
  t.is(md5('draft-ietf-ipsec-nat-t-ike-02\n'), VendorId.NatTDraft02n);
  t.is(md5('draft-ietf-ipsec-nat-t-ike-03'), VendorId.NatTDraft03);
});

test('identifyVendorId names exact matches only', (t) => {
  t.is(identifyVendorId(vendorIdBytes('Dpd')), 'Dpd');
  t.is(identifyVendorId(Buffer.from('afcad71368a1f1c96b8696fc77570100', 'hex')), 'Dpd');
  t.is(identifyVendorId(Buffer.from('afcad71368a1f1c96b8696fc77570101', 'hex')), undefined);
  t.is(identifyVendorId(Buffer.alloc(0)), undefined);
});
