// Identification data of an ID payload (RFC 2407 4.6.2), typed by ID type.
// FQDN and USER_FQDN are read as latin1 so that any byte string round-trips exactly.

import { IdType } from './constants.ts';
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from './ip-address.ts';
import { err, ok, type Result } from './result.ts';

export type Identification =
  | { idType: typeof IdType.Ipv4Addr; address: string }
  | { idType: typeof IdType.Ipv6Addr; address: string }
  | { idType: typeof IdType.Fqdn | typeof IdType.UserFqdn; name: string }
  | { idType: typeof IdType.Ipv4AddrSubnet | typeof IdType.Ipv6AddrSubnet; address: string; mask: string }
  | { idType: typeof IdType.Ipv4AddrRange | typeof IdType.Ipv6AddrRange; start: string; end: string }
  | { idType: typeof IdType.DerAsn1Dn | typeof IdType.DerAsn1Gn | typeof IdType.KeyId; data: Buffer };

export function encodeIdentification(id: Identification): Buffer {
  switch (id.idType) {
    case IdType.Ipv4Addr:
      return parseIpv4(id.address);
    case IdType.Ipv6Addr:
      return parseIpv6(id.address);
    case IdType.Fqdn:
    case IdType.UserFqdn:
      return Buffer.from(id.name, 'latin1');
    case IdType.Ipv4AddrSubnet:
      return Buffer.concat([parseIpv4(id.address), parseIpv4(id.mask)]);
    case IdType.Ipv6AddrSubnet:
      return Buffer.concat([parseIpv6(id.address), parseIpv6(id.mask)]);
    case IdType.Ipv4AddrRange:
      return Buffer.concat([parseIpv4(id.start), parseIpv4(id.end)]);
    case IdType.Ipv6AddrRange:
      return Buffer.concat([parseIpv6(id.start), parseIpv6(id.end)]);
    default:
      return id.data;
  }
}

/** The typed identification, or why the data does not fit its ID type. */
export function decodeIdentification(idType: number, data: Buffer): Result<Identification, string> {
  const sized = (bytes: number, make: () => Identification): Result<Identification, string> =>
    data.length === bytes ? ok(make()) : err(`ID type ${idType} needs ${bytes} bytes, got ${data.length}`);
  switch (idType) {
    case IdType.Ipv4Addr:
      return sized(4, () => ({ idType, address: formatIpv4(data) }));
    case IdType.Ipv6Addr:
      return sized(16, () => ({ idType, address: formatIpv6(data) }));
    case IdType.Fqdn:
    case IdType.UserFqdn:
      return ok({ idType, name: data.toString('latin1') });
    case IdType.Ipv4AddrSubnet:
      return sized(8, () => ({ idType, address: formatIpv4(data), mask: formatIpv4(data.subarray(4)) }));
    case IdType.Ipv6AddrSubnet:
      return sized(32, () => ({ idType, address: formatIpv6(data), mask: formatIpv6(data.subarray(16)) }));
    case IdType.Ipv4AddrRange:
      return sized(8, () => ({ idType, start: formatIpv4(data), end: formatIpv4(data.subarray(4)) }));
    case IdType.Ipv6AddrRange:
      return sized(32, () => ({ idType, start: formatIpv6(data), end: formatIpv6(data.subarray(16)) }));
    case IdType.DerAsn1Dn:
    case IdType.DerAsn1Gn:
    case IdType.KeyId:
      return ok({ idType, data: Buffer.from(data) });
    default:
      return err(`unknown ID type ${idType}`);
  }
}
