// From the committed configuration's typed view to what the IKE engine negotiates:
// gateways with their phase-1 policy, VPNs with their phase-2 policy. Policy-based VPNs take
// their proxy IDs from the security policy that tunnels into them, as Junos does.
import { object, objects, type ConfigObject } from '../config/view.ts';
import type { LogicalInterface } from '../net/interface-table.ts';
import { PHASE1_PROPOSAL_SETS, PHASE2_PROPOSAL_SETS, phase2ProposalSetPfs, type ProposalSetName } from './policy/proposal-sets.ts';
import type { DpdMode, GatewayConfig, IkeIdentity, Phase1Proposal, Phase2Proposal, ProxyIdentity, VpnConfig } from './policy/types.ts';

const byName = (v: unknown, name: unknown) => objects(v).find((x) => x.name === name);

function identity(v: unknown): IkeIdentity | undefined {
  const id = object(v);
  if (typeof id.inet === 'string') return { type: 'ipv4', address: id.inet };
  if (typeof id.hostname === 'string') return { type: 'fqdn', name: id.hostname };
  if (typeof id['user-at-hostname'] === 'string') return { type: 'user-fqdn', name: id['user-at-hostname'] };
  return undefined;
}

function phase1Proposals(ike: ConfigObject, policy: ConfigObject): Phase1Proposal[] {
  if (typeof policy['proposal-set'] === 'string') return [...PHASE1_PROPOSAL_SETS[policy['proposal-set'] as ProposalSetName]];
  return ((policy.proposals ?? []) as string[]).flatMap((name) => {
    const p = byName(ike.proposal, name);
    return p ? [{
      name,
      authenticationMethod: p['authentication-method'],
      dhGroup: p['dh-group'],
      authenticationAlgorithm: p['authentication-algorithm'],
      encryptionAlgorithm: p['encryption-algorithm'],
      lifetimeSeconds: p['lifetime-seconds'],
    } as Phase1Proposal] : [];
  });
}

function phase2Proposals(ipsec: ConfigObject, policy: ConfigObject): Phase2Proposal[] {
  if (typeof policy['proposal-set'] === 'string') return [...PHASE2_PROPOSAL_SETS[policy['proposal-set'] as ProposalSetName]];
  return ((policy.proposals ?? []) as string[]).flatMap((name) => {
    const p = byName(ipsec.proposal, name);
    if (!p) return [];
    const proposal: Phase2Proposal = { name, protocol: p.protocol as 'esp' | 'ah', lifetimeSeconds: p['lifetime-seconds'] as number };
    if (p['encryption-algorithm']) proposal.encryptionAlgorithm = p['encryption-algorithm'] as Phase2Proposal['encryptionAlgorithm'];
    if (p['authentication-algorithm']) proposal.authenticationAlgorithm = p['authentication-algorithm'] as Phase2Proposal['authenticationAlgorithm'];
    if (typeof p['lifetime-kilobytes'] === 'number') proposal.lifetimeKilobytes = p['lifetime-kilobytes'];
    return [proposal];
  });
}

function presharedKey(policy: ConfigObject): Buffer | undefined {
  const psk = object(policy['pre-shared-key']);
  if (typeof psk['ascii-text'] === 'string') return Buffer.from(psk['ascii-text'], 'utf8');
  if (typeof psk.hexadecimal === 'string') return Buffer.from(psk.hexadecimal.replace(/^0x/, ''), 'hex');
  return undefined;
}

/** The configured DPD mode flag (the schema allows at most one); Junos defaults to optimized. */
function dpdMode(dpd: ConfigObject): DpdMode {
  if (dpd['always-send'] === true) return 'always-send';
  if (dpd['probe-idle-tunnel'] === true) return 'probe-idle-tunnel';
  return 'optimized';
}

/** The single prefix an address-book name stands for in `zone`, if it is one. */
function addressPrefix(zones: ConfigObject[], zone: unknown, name: string): string | undefined {
  const entry = byName(object(byName(zones, zone)?.['address-book']).address, name);
  return typeof entry?.['ip-prefix'] === 'string' ? entry['ip-prefix'] : undefined;
}

/** Proxy IDs of a policy-based VPN: the addresses of the policy that tunnels traffic into it. */
function policyProxyIds(security: ConfigObject, vpn: string): ProxyIdentity | undefined {
  const zones = objects(object(security.zones)['security-zone']);
  for (const ctx of objects(object(security.policies)['from-zone'])) {
    for (const p of objects(ctx.policy)) {
      if (object(object(object(p.then).permit).tunnel)['ipsec-vpn'] !== vpn) continue;
      const match = object(p.match);
      const [src] = (match['source-address'] ?? []) as string[];
      const [dst] = (match['destination-address'] ?? []) as string[];
      const local = src === undefined ? undefined : addressPrefix(zones, ctx.name, src);
      const remote = dst === undefined ? undefined : addressPrefix(zones, ctx['to-zone'], dst);
      if (local && remote) return { local, remote, service: 'any' };
    }
  }
  return undefined;
}

/** Gateways and VPNs to negotiate, and why any configured one cannot be (for the kmd log). */
export function ikeConfiguration(config: ConfigObject, interfaces: readonly LogicalInterface[]): { gateways: GatewayConfig[]; vpns: VpnConfig[]; problems: string[] } {
  const problems: string[] = [];
  const security = object(config.security);
  const ike = object(security.ike);
  const ipsec = object(security.ipsec);
  const gateways: GatewayConfig[] = [];
  for (const g of objects(ike.gateway)) {
    const address = ((g.address ?? []) as string[])[0];
    const external = interfaces.find((i) => i.name === g['external-interface']);
    const policy = byName(ike.policy, g['ike-policy']);
    if (!address || !external?.addresses[0] || !policy) {
      const why = !address ? 'no peer address (dynamic peers are not supported yet)' : !policy ? `ike-policy ${String(g['ike-policy'])} is not defined` : `external-interface ${String(g['external-interface'])} has no IPv4 address`;
      problems.push(`IKE gateway ${String(g.name)} not started: ${why}`);
      continue;
    }
    const dpd = g['dead-peer-detection'] ? object(g['dead-peer-detection']) : undefined;
    const localId = identity(g['local-identity']);
    const remoteId = identity(g['remote-identity']);
    const psk = presharedKey(policy);
    gateways.push({
      name: String(g.name),
      address,
      localAddress: external.addresses[0].address,
      externalInterface: external.name,
      policy: {
        mode: policy.mode as 'main' | 'aggressive',
        proposals: phase1Proposals(ike, policy),
        natTraversal: g['no-nat-traversal'] !== true,
        natKeepalive: g['nat-keepalive'] as number,
        ...(psk ? { preSharedKey: psk } : {}),
        ...(localId ? { localId } : {}),
        ...(remoteId ? { remoteId } : {}),
        ...(dpd ? { dpd: { interval: dpd.interval as number, threshold: dpd.threshold as number, mode: dpdMode(dpd) } } : {}),
      },
    });
  }
  const vpns: VpnConfig[] = [];
  for (const v of objects(ipsec.vpn)) {
    const viaIke = object(v.ike);
    const policy = byName(ipsec.policy, viaIke['ipsec-policy']);
    if (!viaIke.gateway || !policy) continue;
    const set = policy['proposal-set'] as ProposalSetName | undefined;
    const pfs = (object(policy['perfect-forward-secrecy']).keys as string | undefined) ?? (set ? phase2ProposalSetPfs(set) : undefined);
    const configured = object(viaIke['proxy-identity']);
    const proxy: ProxyIdentity | undefined = configured.local || configured.remote
      ? { local: String(configured.local ?? '0.0.0.0/0'), remote: String(configured.remote ?? '0.0.0.0/0'), service: 'any' }
      : v['bind-interface'] ? undefined : policyProxyIds(security, String(v.name));
    vpns.push({
      name: String(v.name),
      gateway: String(viaIke.gateway),
      establishTunnels: v['establish-tunnels'] as 'immediately' | 'on-traffic',
      policy: { proposals: phase2Proposals(ipsec, policy), ...(pfs ? { pfsGroup: pfs as VpnConfig['policy']['pfsGroup'] & string } : {}), ...(proxy ? { proxyIdentity: proxy } : {}) },
      ...(typeof v['bind-interface'] === 'string' ? { bindInterface: v['bind-interface'] } : {}),
    });
  }
  return { gateways, vpns, problems };
}
