// Quick Mode responder: which VPN of the IKE SA's gateway serves the peer's proxy IDs.
// 1. a VPN whose proxy-identity mirrors them (our local = peer's IDcr, our remote = IDci);
// 2. else a VPN without proxy-identity, which accepts the peer's IDs and echoes them;
// 3. else INVALID-ID-INFORMATION naming what we have and what the peer proposed.
import type { IdPayload } from '../codec/payloads.ts';
import type { VpnConfig } from '../policy/types.ts';
import { ANY_PROXY_IDENTITY, formatProxyId, prefixOfProxyId, proxyIdPayload, proxyIdsEqual } from './identity.ts';
import type { VpnResolver } from './quick-mode.ts';

export function resolveVpn(candidates: readonly VpnConfig[], gateway: string, idci: IdPayload | undefined, idcr: IdPayload | undefined): ReturnType<VpnResolver> {
  if (candidates.length === 0) return { ok: false, reason: { code: 'unsupported-proposal', phase: 2, detail: `no VPN configured on gateway ${gateway}` } };
  for (const v of candidates) {
    const proxy = v.policy.proxyIdentity;
    if (proxy && idci && idcr && proxyIdsEqual(proxyIdPayload(proxy.remote, proxy), idci) && proxyIdsEqual(proxyIdPayload(proxy.local, proxy), idcr)) {
      return { ok: true, vpnName: v.name, policy: v.policy, proxy };
    }
  }
  const wildcard = candidates.find((v) => !v.policy.proxyIdentity);
  if (wildcard) {
    const local = idcr ? prefixOfProxyId(idcr) : undefined;
    const remote = idci ? prefixOfProxyId(idci) : undefined;
    const service = idci?.protocolId ? { protocol: idci.protocolId, port: idci.port || undefined } : ('any' as const);
    const proxy = local && remote ? { local, remote, service } : ANY_PROXY_IDENTITY;
    return { ok: true, vpnName: wildcard.name, policy: wildcard.policy, proxy };
  }
  const configured = candidates.map((v) => `${v.policy.proxyIdentity!.local} <-> ${v.policy.proxyIdentity!.remote}`).join(', ');
  const peer = idci && idcr ? `${formatProxyId(idcr)} <-> ${formatProxyId(idci)}` : 'none';
  return { ok: false, reason: { code: 'proxy-id-mismatch', local: configured, peer } };
}
