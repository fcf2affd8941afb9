// Well-known Vendor ID payload contents. Most are MD5 digests of a string (RFC 3947 3.1);
// the DPD one is Cisco's fixed value with version bytes 01 00 (RFC 3706 section 5.1).

export const VendorId = {
  Dpd: 'afcad71368a1f1c96b8696fc77570100',
  NatTRfc3947: '4a131c81070358455c5728f20e95452f', // md5("RFC 3947")
  NatTDraft02: 'cd60464335df21f87cfdb2fc68b6a448', // md5("draft-ietf-ipsec-nat-t-ike-02")
  NatTDraft02n: '90cb80913ebb696e086381b5ec427b1f', // md5("draft-ietf-ipsec-nat-t-ike-02\n")
  NatTDraft03: '7d9419a65310ca6f2c179d9215529d56', // md5("draft-ietf-ipsec-nat-t-ike-03")
  Xauth: '09002689dfd6b712',
  Fragmentation: '4048b7d56ebce88525e7de7f00d6c2d3', // md5("FRAGMENTATION")
} as const;
export type KnownVendorId = keyof typeof VendorId;

/** The bytes to put in a VID payload. */
export function vendorIdBytes(name: KnownVendorId): Buffer {
  return Buffer.from(VendorId[name], 'hex');
}

/** Name a received VID; exact match only (peers that append version bytes stay unnamed). */
export function identifyVendorId(data: Buffer): KnownVendorId | undefined {
  const hex = data.toString('hex');
  return (Object.keys(VendorId) as KnownVendorId[]).find((name) => VendorId[name] === hex);
}
