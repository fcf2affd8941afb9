// `show security ike security-associations [brief|detail] [index N] [ADDRESS]`: the engine's
// IKE SA snapshots rendered as Junos text (table-driven by a release profile) and as the
// `<ike-security-associations-information>` element tree for `| display xml`.
import type { IkeSaSnapshot } from '../../engine/ike/sa/index.ts';
import { renderTable, type ColumnDef } from './columns.ts';
import {
  dhGroupName,
  dhGroupNumber,
  ikeAuthenticationAlgorithmName,
  ikeAuthenticationMethodName,
  ikeEncryptionName,
  ikeIdValue,
  ikePrfName,
} from './names.ts';
import { element, leaf, type XmlElement } from './xml.ts';

export type ShowLevel = 'brief' | 'detail';

export interface IkeSaQuery {
  /** `brief` (the table, the default) or `detail` (one block per SA). */
  level?: ShowLevel;
  /** `index N`: only the SA with this index. */
  index?: number;
  /** `ADDRESS`: only SAs with this remote address. */
  address?: string;
}

export interface IkeSaProfile {
  /** The brief table, left to right. */
  briefColumns: ReadonlyArray<ColumnDef<IkeSaSnapshot>>;
  /** Row order of the brief table (the seed's 12.x output lists the newest index first). */
  order: 'ascending' | 'descending';
  /** `index N` without `brief`/`detail` shows the detail block. */
  indexImpliesDetail: boolean;
  /** Lines of one detail block. */
  detailBlock: (sa: IkeSaSnapshot) => string[];
  /** Printed between two detail blocks. */
  detailSeparator: string[];
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** IPsec SAs (inbound + outbound) the IKE SA's gateway holds now. */
const ipsecSasCreated = (sa: IkeSaSnapshot) => sa.ipsecSaPairs * 2;

/** The 12.x detail block (2-space indent; sub-blocks at 3). */
export function ikeDetailBlock12(sa: IkeSaSnapshot): string[] {
  const c = sa.counters;
  const num = (label: string, v: number) => `   ${label}${String(v).padStart(21)}`;
  return [
    `IKE peer ${sa.remoteAddress}, Index ${sa.index}, Gateway Name: ${sa.gateway}`,
    `  Role: ${capitalize(sa.role)}, State: ${sa.state}`,
    `  Initiator cookie: ${sa.initiatorCookie}, Responder cookie: ${sa.responderCookie}`,
    `  Exchange type: ${sa.mode}, Authentication method: ${ikeAuthenticationMethodName(sa.authenticationMethod)}`,
    `  Local: ${sa.localAddress}:${sa.localPort}, Remote: ${sa.remoteAddress}:${sa.remotePort}`,
    `  Lifetime: Expires in ${sa.remainingSeconds ?? 0} seconds`,
    `  Peer ike-id: ${ikeIdValue(sa.remoteIdentity) ?? 'not valid'}`,
    '  Algorithms:',
    `   Authentication        : ${ikeAuthenticationAlgorithmName(sa.authenticationAlgorithm)}`,
    `   Encryption            : ${ikeEncryptionName(sa.encryptionAlgorithm)}`,
    `   Pseudo random function: ${ikePrfName(sa.authenticationAlgorithm)}`,
    `   Diffie-Hellman group  : ${dhGroupName(sa.dhGroup)}`,
    '  Traffic statistics:',
    num('Input  bytes  :', c.bytesIn),
    num('Output bytes  :', c.bytesOut),
    num('Input  packets:', c.packetsIn),
    num('Output packets:', c.packetsOut),
    `  IPSec security associations: ${ipsecSasCreated(sa)} created, 0 deleted`,
    '  Phase 2 negotiations in progress: 0',
  ];
}

/** The seed's layout (Junos 10.x-12.1): Remote Address second, Mode last. */
export const IKE_SA_PROFILE_12: IkeSaProfile = {
  briefColumns: [
    { header: 'Index', start: 0, value: (s) => String(s.index) },
    { header: 'Remote Address', start: 8, value: (s) => s.remoteAddress },
    { header: 'State', start: 24, value: (s) => s.state },
    { header: 'Initiator cookie', start: 31, value: (s) => s.initiatorCookie },
    { header: 'Responder cookie', start: 49, value: (s) => s.responderCookie },
    { header: 'Mode', start: 67, value: (s) => s.mode },
  ],
  order: 'descending',
  indexImpliesDetail: false,
  detailBlock: ikeDetailBlock12,
  detailSeparator: [''],
};

/** 12.1X46 .. 24.4: Remote Address last, Mode 15 wide (notes §3.1). */
export const IKE_SA_PROFILE_24: IkeSaProfile = {
  ...IKE_SA_PROFILE_12,
  briefColumns: [
    { header: 'Index', start: 0, value: (s) => String(s.index) },
    { header: 'State', start: 8, value: (s) => s.state },
    { header: 'Initiator cookie', start: 15, value: (s) => s.initiatorCookie },
    { header: 'Responder cookie', start: 33, value: (s) => s.responderCookie },
    { header: 'Mode', start: 51, value: (s) => s.mode },
    { header: 'Remote Address', start: 66, value: (s) => s.remoteAddress },
  ],
  order: 'ascending',
};

/** The SAs a query selects, in the profile's order. */
export function selectIkeSas(sas: readonly IkeSaSnapshot[], query: IkeSaQuery = {}, profile: IkeSaProfile = IKE_SA_PROFILE_12): IkeSaSnapshot[] {
  const picked = sas.filter((s) => (query.index === undefined || s.index === query.index) && (query.address === undefined || s.remoteAddress === query.address));
  return picked.sort((a, b) => (profile.order === 'ascending' ? a.index - b.index : b.index - a.index));
}

export function ikeShowLevel(query: IkeSaQuery, profile: IkeSaProfile = IKE_SA_PROFILE_12): ShowLevel {
  return query.level ?? (query.index !== undefined && profile.indexImpliesDetail ? 'detail' : 'brief');
}

/** The command's text output ('' when no SA matches: Junos prints nothing). */
export function formatIkeSecurityAssociations(sas: readonly IkeSaSnapshot[], query: IkeSaQuery = {}, profile: IkeSaProfile = IKE_SA_PROFILE_12): string {
  const rows = selectIkeSas(sas, query, profile);
  if (rows.length === 0) return '';
  if (ikeShowLevel(query, profile) === 'brief') return renderTable(profile.briefColumns, rows).join('\n') + '\n';
  const lines = rows.flatMap((sa, i) => [...(i > 0 ? profile.detailSeparator : []), ...profile.detailBlock(sa)]);
  return lines.join('\n') + '\n';
}

// ---- | display xml ----------------------------------------------------------------------

function briefXml(sa: IkeSaSnapshot): XmlElement {
  return element('ike-security-associations', [
    leaf('ike-sa-index', sa.index),
    leaf('ike-sa-remote-address', sa.remoteAddress),
    leaf('ike-sa-state', sa.state),
    leaf('ike-sa-initiator-cookie', sa.initiatorCookie),
    leaf('ike-sa-responder-cookie', sa.responderCookie),
    leaf('ike-sa-exchange-type', sa.mode),
  ]);
}

function detailXml(sa: IkeSaSnapshot): XmlElement {
  const c = sa.counters;
  return element('ike-security-associations-block', [
    leaf('ike-sa-remote-address', sa.remoteAddress),
    leaf('ike-sa-index', sa.index),
    leaf('ike-gw-name', sa.gateway),
    element('ike-security-associations', [
      leaf('ike-sa-role', capitalize(sa.role)),
      leaf('ike-sa-state', sa.state),
      leaf('ike-sa-initiator-cookie', sa.initiatorCookie),
      leaf('ike-sa-responder-cookie', sa.responderCookie),
      leaf('ike-sa-exchange-type', sa.mode),
      leaf('ike-sa-authentication-method', ikeAuthenticationMethodName(sa.authenticationMethod)),
      leaf('ike-sa-local-address', sa.localAddress),
      leaf('ike-sa-local-port', sa.localPort),
      leaf('ike-sa-remote-address', sa.remoteAddress),
      leaf('ike-sa-remote-port', sa.remotePort),
      leaf('ike-sa-lifetime', `Expires in ${sa.remainingSeconds ?? 0} seconds`),
      leaf('ike-sa-remote-id', ikeIdValue(sa.remoteIdentity) ?? 'not valid'),
      element('ike-sa-algorithms', [
        leaf('ike-sa-authentication-algorithm', ikeAuthenticationAlgorithmName(sa.authenticationAlgorithm)),
        leaf('ike-sa-encryption-algorithm', ikeEncryptionName(sa.encryptionAlgorithm)),
        leaf('ike-sa-prf-algorithm', ikePrfName(sa.authenticationAlgorithm)),
        leaf('ike-sa-dhgroup', dhGroupNumber(sa.dhGroup)),
      ]),
      element('ike-sa-traffic-statistics', [
        leaf('ike-sa-input-bytes', c.bytesIn),
        leaf('ike-sa-output-bytes', c.bytesOut),
        leaf('ike-sa-input-packets', c.packetsIn),
        leaf('ike-sa-output-packets', c.packetsOut),
      ]),
      leaf('ike-sa-ipsec-tunnels-created', ipsecSasCreated(sa)),
      leaf('ike-sa-ipsec-tunnels-deleted', 0),
      leaf('ike-sa-phase2-negotiations-in-progress', 0),
    ]),
  ]);
}

/** `<ike-security-associations-information junos:style="brief|detail">`, empty when nothing matches. */
export function ikeSecurityAssociationsXml(sas: readonly IkeSaSnapshot[], query: IkeSaQuery = {}, profile: IkeSaProfile = IKE_SA_PROFILE_12): XmlElement {
  const level = ikeShowLevel(query, profile);
  const rows = selectIkeSas(sas, query, profile);
  return element('ike-security-associations-information', rows.map(level === 'brief' ? briefXml : detailXml), [['junos:style', level]]);
}
