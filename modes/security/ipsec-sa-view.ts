// `show security ipsec security-associations [brief|detail] [index N]`: IPsec SA pairs as the
// seed's `total configured sa` table (one `<` inbound and one `>` outbound row per pair),
// the per-tunnel detail blocks, and the `<ipsec-security-associations-information>` tree.
import type { IkeSaSnapshot, IpsecSaSnapshot } from '../../engine/ike/sa/index.ts';
import { renderTable, type ColumnDef } from './columns.ts';
import { ipsecAuthenticationName, ipsecEncryptionName, proxyIdentityText } from './names.ts';
import { element, leaf, type XmlElement } from './xml.ts';
import type { ShowLevel } from './ike-sa-view.ts';

export interface IpsecSaQuery {
  level?: ShowLevel;
  /** `index N`: the tunnel index (the number after `<`/`>`). */
  index?: number;
}

/** What the formatter needs beyond the snapshots. */
export interface IpsecSaContext {
  /** The local address of a gateway (`Local Gateway:`); see localGatewayFromIkeSas. */
  localGateway?: (gateway: string) => string | undefined;
  /** Soft lifetime as a fraction of the hard lifetime (the engine's `rekeyAt`, 0.9 by default). */
  softLifetimeFraction?: number;
}

/** One line of the brief table: one direction of one SA pair. */
export interface IpsecSaRow {
  sa: IpsecSaSnapshot;
  direction: 'inbound' | 'outbound';
}

export interface IpsecSaProfile {
  /** Lines printed above the table (and alone when there are no SAs). */
  summary: (pairs: readonly IpsecSaSnapshot[]) => string[];
  briefColumns: ReadonlyArray<ColumnDef<IpsecSaRow>>;
  indexImpliesDetail: boolean;
  detailBlock: (sa: IpsecSaSnapshot, context: Required<IpsecSaContext>) => string[];
  detailSeparator: string[];
}

const arrow = (d: IpsecSaRow['direction']) => (d === 'inbound' ? '<' : '>');
const spiOf = (r: IpsecSaRow) => (r.direction === 'inbound' ? r.sa.inbound.spiHex : r.sa.outbound.spiHex);
/** `3178/ unlim` or `3178/ 4607999`: remaining seconds / remaining kilobytes. */
export const lifeColumn = (sa: IpsecSaSnapshot) => `${sa.remainingSeconds}/ ${sa.remainingKilobytes ?? 'unlim'}`;

export function rowsOf(pairs: readonly IpsecSaSnapshot[]): IpsecSaRow[] {
  return pairs.flatMap((sa) => [
    { sa, direction: 'inbound' as const },
    { sa, direction: 'outbound' as const },
  ]);
}

/** Local Gateway lookup from the IKE SAs (an IPsec SA can outlive its IKE SA: then unknown). */
export function localGatewayFromIkeSas(ikeSas: readonly IkeSaSnapshot[]): (gateway: string) => string | undefined {
  return (gateway) => ikeSas.find((s) => s.gateway === gateway)?.localAddress;
}

function softRemaining(sa: IpsecSaSnapshot, fraction: number): number {
  return sa.remainingSeconds - Math.round(sa.lifetimeSeconds * (1 - fraction));
}

/** The 12.x-style detail block of one tunnel (both directions). */
export function ipsecDetailBlock12(sa: IpsecSaSnapshot, context: Required<IpsecSaContext>): string[] {
  const soft = softRemaining(sa, context.softLifetimeFraction);
  const direction = (d: IpsecSaRow['direction']) => [
    `    Direction: ${d}, SPI: ${d === 'inbound' ? sa.inbound.spiHex : sa.outbound.spiHex}, AUX-SPI: 0, VPN Monitoring: ${sa.monitoring}`,
    `    Hard lifetime: Expires in ${sa.remainingSeconds} seconds`,
    `    Lifesize Remaining:  ${sa.remainingKilobytes === undefined ? 'Unlimited' : `${sa.remainingKilobytes} kilobytes`}`,
    soft > 0 ? `    Soft lifetime: Expires in ${soft} seconds` : '    Soft lifetime: Expired',
    '    Mode: tunnel, Type: dynamic, State: installed',
    `    Protocol: ${sa.protocol}, Authentication: ${ipsecAuthenticationName(sa.authenticationAlgorithm)}, Encryption: ${ipsecEncryptionName(sa.encryptionAlgorithm)}`,
    '    Anti-replay service: enabled, Replay window size: 64',
  ];
  return [
    `  ID: ${sa.index} Virtual-system: root, VPN Name: ${sa.vpn}`,
    `  Local Gateway: ${context.localGateway(sa.gateway) ?? '-'}, Remote Gateway: ${sa.remoteAddress}`,
    `  Local Identity: ${proxyIdentityText(sa.localProxy)}`,
    `  Remote Identity: ${proxyIdentityText(sa.remoteProxy)}`,
    '  Version: IKEv1',
    ...direction('inbound'),
    ...direction('outbound'),
  ];
}

/** The seed's layout (notes §3.3, 10.x-12.1). */
export const IPSEC_SA_PROFILE_12: IpsecSaProfile = {
  summary: (pairs) => [`total configured sa: ${pairs.length * 2}`],
  briefColumns: [
    { header: 'ID', start: 0, value: (r) => `${arrow(r.direction)}${r.sa.index}` },
    { header: 'Gateway', start: 8, value: (r) => r.sa.remoteAddress },
    { header: 'Port', start: 18, value: (r) => String(r.sa.port) },
    { header: 'Algorithm', start: 24, value: (r) => r.sa.algorithm },
    { header: 'SPI', start: 38, value: spiOf },
    { header: 'Life:sec/kb', start: 48, value: (r) => lifeColumn(r.sa) },
    { header: 'Mon', start: 61, value: (r) => r.sa.monitoring },
    { header: 'vsys', start: 66, value: (r) => String(r.sa.vsys) },
  ],
  indexImpliesDetail: true,
  detailBlock: ipsecDetailBlock12,
  detailSeparator: [''],
};

/** 12.1X46 .. 24.4 (notes §3.3; column stops from the header, rows there were collapsed). */
export const IPSEC_SA_PROFILE_24: IpsecSaProfile = {
  ...IPSEC_SA_PROFILE_12,
  summary: (pairs) => [`  Total active tunnels: ${new Set(pairs.map((p) => p.index)).size}     Total Ipsec sas: ${pairs.length}`],
  briefColumns: [
    { header: 'ID', start: 2, value: (r) => `${arrow(r.direction)}${r.sa.index}` },
    { header: 'Algorithm', start: 8, value: (r) => r.sa.algorithm },
    { header: 'SPI', start: 24, value: spiOf },
    { header: 'Life:sec/kb', start: 33, value: (r) => lifeColumn(r.sa) },
    { header: 'Mon', start: 46, value: (r) => r.sa.monitoring },
    { header: 'lsys', start: 50, value: () => 'root' },
    { header: 'Port', start: 55, value: (r) => String(r.sa.port) },
    { header: 'Gateway', start: 61, value: (r) => r.sa.remoteAddress },
  ],
};

export function selectIpsecSas(pairs: readonly IpsecSaSnapshot[], query: IpsecSaQuery = {}): IpsecSaSnapshot[] {
  return pairs.filter((p) => query.index === undefined || p.index === query.index);
}

export function ipsecShowLevel(query: IpsecSaQuery, profile: IpsecSaProfile = IPSEC_SA_PROFILE_12): ShowLevel {
  return query.level ?? (query.index !== undefined && profile.indexImpliesDetail ? 'detail' : 'brief');
}

const fullContext = (c: IpsecSaContext): Required<IpsecSaContext> => ({
  localGateway: c.localGateway ?? (() => undefined),
  softLifetimeFraction: c.softLifetimeFraction ?? 0.9,
});

/**
 * The command's text. Brief: the summary line, and the table when there are SAs. Detail: one
 * block per tunnel, '' when none matches.
 */
export function formatIpsecSecurityAssociations(
  pairs: readonly IpsecSaSnapshot[],
  query: IpsecSaQuery = {},
  context: IpsecSaContext = {},
  profile: IpsecSaProfile = IPSEC_SA_PROFILE_12,
): string {
  const picked = selectIpsecSas(pairs, query);
  if (ipsecShowLevel(query, profile) === 'brief') {
    const lines = profile.summary(picked);
    if (picked.length > 0) lines.push(...renderTable(profile.briefColumns, rowsOf(picked)));
    return lines.join('\n') + '\n';
  }
  if (picked.length === 0) return '';
  const ctx = fullContext(context);
  return picked.flatMap((sa, i) => [...(i > 0 ? profile.detailSeparator : []), ...profile.detailBlock(sa, ctx)]).join('\n') + '\n';
}

// ---- | display xml ----------------------------------------------------------------------

/** `ESP:3des/md5` -> the three pieces Junos's XML carries (`ESP:`, `3des/`, `md5`). */
function algorithmParts(algorithm: string): { protocol: string; encryption: string; hmac: string } {
  const colon = algorithm.indexOf(':');
  const protocol = algorithm.slice(0, colon + 1);
  const rest = algorithm.slice(colon + 1);
  const slash = rest.indexOf('/');
  return slash < 0 ? { protocol, encryption: '', hmac: rest } : { protocol, encryption: rest.slice(0, slash + 1), hmac: rest.slice(slash + 1) };
}

function briefSaXml(r: IpsecSaRow): XmlElement {
  const { protocol, encryption, hmac } = algorithmParts(r.sa.algorithm);
  return element('ipsec-security-associations', [
    leaf('sa-direction', arrow(r.direction)),
    leaf('sa-tunnel-index', r.sa.index),
    leaf('sa-spi', spiOf(r)),
    leaf('sa-aux-spi', 0),
    leaf('sa-remote-gateway', r.sa.remoteAddress),
    leaf('sa-port', r.sa.port),
    leaf('sa-vpn-monitoring-state', r.sa.monitoring),
    leaf('sa-protocol', protocol),
    leaf('sa-esp-encryption-algorithm', encryption),
    leaf('sa-hmac-algorithm', hmac),
    leaf('sa-hard-lifetime', `${r.sa.remainingSeconds}/`),
    leaf('sa-lifesize-remaining', r.sa.remainingKilobytes === undefined ? 'unlim' : String(r.sa.remainingKilobytes)),
    leaf('sa-virtual-system', r.sa.vsys),
  ]);
}

function detailSaXml(sa: IpsecSaSnapshot, d: IpsecSaRow['direction'], ctx: Required<IpsecSaContext>): XmlElement {
  const soft = softRemaining(sa, ctx.softLifetimeFraction);
  return element('ipsec-security-associations', [
    leaf('sa-direction', d),
    leaf('sa-spi', d === 'inbound' ? sa.inbound.spiHex : sa.outbound.spiHex),
    leaf('sa-aux-spi', 0),
    leaf('sa-vpn-monitoring-state', sa.monitoring),
    leaf('sa-hard-lifetime', `Expires in ${sa.remainingSeconds} seconds`),
    leaf('sa-lifesize-remaining', sa.remainingKilobytes === undefined ? 'Unlimited' : `${sa.remainingKilobytes} kilobytes`),
    leaf('sa-soft-lifetime', soft > 0 ? `Expires in ${soft} seconds` : 'Expired'),
    leaf('sa-mode', 'tunnel'),
    leaf('sa-type', 'dynamic'),
    leaf('sa-state', 'installed'),
    leaf('sa-protocol', sa.protocol),
    leaf('sa-authentication-algorithm', ipsecAuthenticationName(sa.authenticationAlgorithm)),
    leaf('sa-encryption-algorithm', ipsecEncryptionName(sa.encryptionAlgorithm)),
    leaf('sa-anti-replay-service', 'enabled'),
    leaf('sa-replay-window-size', 64),
  ]);
}

/** `<ipsec-security-associations-information>`: one `<ipsec-security-associations-block>` per tunnel. */
export function ipsecSecurityAssociationsXml(
  pairs: readonly IpsecSaSnapshot[],
  query: IpsecSaQuery = {},
  context: IpsecSaContext = {},
  profile: IpsecSaProfile = IPSEC_SA_PROFILE_12,
): XmlElement {
  const level = ipsecShowLevel(query, profile);
  const picked = selectIpsecSas(pairs, query);
  const ctx = fullContext(context);
  const blocks = picked.map((sa) =>
    level === 'brief'
      ? element('ipsec-security-associations-block', [leaf('sa-block-state', 'up'), ...rowsOf([sa]).map(briefSaXml)])
      : element('ipsec-security-associations-block', [
          leaf('sa-block-state', 'up'),
          leaf('sa-tunnel-index', sa.index),
          leaf('sa-virtual-system', 'root'),
          leaf('sa-vpn-name', sa.vpn),
          leaf('sa-local-gateway', ctx.localGateway(sa.gateway) ?? '-'),
          leaf('sa-remote-gateway', sa.remoteAddress),
          leaf('sa-local-identity', proxyIdentityText(sa.localProxy)),
          leaf('sa-remote-identity', proxyIdentityText(sa.remoteProxy)),
          leaf('sa-ike-version', 'IKEv1'),
          detailSaXml(sa, 'inbound', ctx),
          detailSaXml(sa, 'outbound', ctx),
        ]),
  );
  return element('ipsec-security-associations-information', [leaf('total-active-tunnels', new Set(picked.map((p) => p.index)).size), ...blocks], [['junos:style', level]]);
}
