// Phase-1 identities (ID payloads of Main/Aggressive Mode) and Quick Mode proxy IDs.
import { IdType, PayloadType } from '../codec/constants.ts';
import type { Identification } from '../codec/identification.ts';
import type { IdPayload } from '../codec/payloads.ts';
import type { IkeIdentity, ProxyIdentity } from '../policy/types.ts';

export function identification(id: IkeIdentity): Identification {
  switch (id.type) {
    case 'ipv4':
      return { idType: IdType.Ipv4Addr, address: id.address };
    case 'fqdn':
      return { idType: IdType.Fqdn, name: id.name };
    case 'user-fqdn':
      return { idType: IdType.UserFqdn, name: id.name };
  }
}

export function phase1IdPayload(id: IkeIdentity): IdPayload {
  return { type: PayloadType.ID, protocolId: 0, port: 0, identification: identification(id) };
}

const ID_TYPE_NAMES: Record<number, string> = {
  1: 'ipv4',
  2: 'fqdn',
  3: 'user-fqdn',
  4: 'ipv4-subnet',
  5: 'ipv6',
  6: 'ipv6-subnet',
  7: 'ipv4-range',
  8: 'ipv6-range',
  9: 'der-asn1-dn',
  10: 'der-asn1-gn',
  11: 'key-id',
};

export function formatIdentification(id: Identification): string {
  const type = ID_TYPE_NAMES[id.idType] ?? `type-${id.idType}`;
  if ('address' in id && 'mask' in id) return `${type} ${id.address}/${maskLength(id.mask)}`;
  if ('address' in id) return `${type} ${id.address}`;
  if ('name' in id) return `${type} ${id.name}`;
  if ('start' in id) return `${type} ${id.start}-${id.end}`;
  return `${type} ${id.data.toString('hex')}`;
}

export function formatIdentity(id: IkeIdentity): string {
  return formatIdentification(identification(id));
}

export function identityMatches(expected: IkeIdentity, got: Identification): boolean {
  return formatIdentification(identification(expected)) === formatIdentification(got);
}

// ---- proxy IDs -------------------------------------------------------------------------

function maskLength(mask: string): number {
  return mask.split('.').reduce((n, octet) => n + (Number(octet) >>> 0).toString(2).replace(/0/g, '').length, 0);
}

function maskOf(length: number): string {
  const bits = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
  return [24, 16, 8, 0].map((s) => (bits >>> s) & 0xff).join('.');
}

export const ANY_PROXY_IDENTITY: ProxyIdentity = { local: '0.0.0.0/0', remote: '0.0.0.0/0', service: 'any' };

function serviceOf(p: ProxyIdentity): { protocolId: number; port: number } {
  return p.service === 'any' ? { protocolId: 0, port: 0 } : { protocolId: p.service.protocol, port: p.service.port ?? 0 };
}

export function proxyIdPayload(prefix: string, proxy: ProxyIdentity): IdPayload {
  const [address, length] = prefix.split('/');
  return {
    type: PayloadType.ID,
    ...serviceOf(proxy),
    identification: { idType: IdType.Ipv4AddrSubnet, address, mask: maskOf(Number(length ?? 32)) },
  };
}

/** "10.1.0.0/24" style text of a Quick Mode ID (any type), plus its protocol/port when set. */
export function formatProxyId(id: IdPayload): string {
  const i = id.identification;
  let text: string;
  if (i.idType === IdType.Ipv4AddrSubnet) text = `${i.address}/${maskLength(i.mask)}`;
  else if (i.idType === IdType.Ipv4Addr) text = `${i.address}/32`;
  else text = formatIdentification(i);
  return id.protocolId || id.port ? `${text} proto ${id.protocolId} port ${id.port}` : text;
}

/** Proxy ID payload bytes compare equal in meaning ("10.0.0.0/24" as subnet = as subnet). */
export function proxyIdsEqual(a: IdPayload, b: IdPayload): boolean {
  return formatProxyId(a) === formatProxyId(b);
}

/** A proxy ID payload, as a proxy identity prefix (for echoing a peer's IDs). */
export function prefixOfProxyId(id: IdPayload): string | undefined {
  const i = id.identification;
  if (i.idType === IdType.Ipv4AddrSubnet) return `${i.address}/${maskLength(i.mask)}`;
  if (i.idType === IdType.Ipv4Addr) return `${i.address}/32`;
  return undefined;
}
