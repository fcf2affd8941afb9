// `show security ike active-peer`: one line per peer with an established IKE SA (notes §3.6),
// and `<ike-active-peers-information>`.
import type { IkeSaSnapshot } from '../../engine/ike/sa/index.ts';
import { renderTable, type ColumnDef } from './columns.ts';
import { ikeIdValue } from './names.ts';
import { element, leaf, type XmlElement } from './xml.ts';

export interface ActivePeer {
  remoteAddress: string;
  remotePort: number;
  /** The peer's phase-1 ID value (`10.0.0.2`, `spoke-01.example`). */
  ikeId: string;
}

export interface ActivePeerProfile {
  columns: ReadonlyArray<ColumnDef<ActivePeer>>;
}

export const ACTIVE_PEER_PROFILE: ActivePeerProfile = {
  columns: [
    { header: 'Remote Address', start: 0, value: (p) => p.remoteAddress },
    { header: 'Port', start: 36, value: (p) => String(p.remotePort) },
    { header: 'Peer IKE-ID', start: 45, value: (p) => p.ikeId },
  ],
};

/** Peers with at least one UP IKE SA, once each (address + port), in the engine's order. */
export function activePeers(sas: readonly IkeSaSnapshot[]): ActivePeer[] {
  const seen = new Map<string, ActivePeer>();
  for (const sa of sas) {
    if (sa.state !== 'UP') continue;
    const key = `${sa.remoteAddress}:${sa.remotePort}`;
    if (!seen.has(key)) seen.set(key, { remoteAddress: sa.remoteAddress, remotePort: sa.remotePort, ikeId: ikeIdValue(sa.remoteIdentity) ?? sa.remoteAddress });
  }
  return [...seen.values()];
}

/** The table; '' when no peer is active. */
export function formatIkeActivePeers(sas: readonly IkeSaSnapshot[], profile: ActivePeerProfile = ACTIVE_PEER_PROFILE): string {
  const peers = activePeers(sas);
  return peers.length === 0 ? '' : renderTable(profile.columns, peers).join('\n') + '\n';
}

export function ikeActivePeersXml(sas: readonly IkeSaSnapshot[]): XmlElement {
  return element(
    'ike-active-peers-information',
    activePeers(sas).map((p) =>
      element('ike-active-peers', [leaf('ike-sa-remote-address', p.remoteAddress), leaf('ike-sa-remote-port', p.remotePort), leaf('ike-ike-id', p.ikeId)]),
    ),
  );
}
