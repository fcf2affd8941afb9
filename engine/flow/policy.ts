// The security policy table built from the committed configuration: zone-pair contexts in
// configuration order, policies in user order (first match wins), the default policy, and the
// per-policy counters that `show security policies detail` reports.
import { object, objects, type ConfigObject } from '../config/view.ts';
import { parseIpv4 } from '../config/value-type.ts';
import { AddressBooks, prefixContains, type AddressPrefix } from './address-book.ts';
import { ApplicationCatalog, type ApplicationMatcher } from './applications.ts';
import type { FlowTuple } from './tuple.ts';

export interface TunnelAction {
  ipsecVpn: string;
  pairPolicy?: string;
}

export type PolicyAction = { kind: 'permit'; tunnel?: TunnelAction } | { kind: 'deny' } | { kind: 'reject' };

export type DefaultPolicy = 'deny-all' | 'permit-all';

export interface SecurityPolicy {
  fromZone: string;
  toZone: string;
  name: string;
  /** Device-wide policy index: increasing in creation order, kept while the policy exists. */
  index: number;
  /** 1-based position within its zone-pair context. */
  sequence: number;
  description?: string;
  /** The names in `match`, as configured. */
  sourceAddresses: readonly string[];
  destinationAddresses: readonly string[];
  applications: readonly string[];
  /** The prefixes those names stand for (sources in the from-zone's book, destinations in the to-zone's). */
  source: readonly AddressPrefix[];
  destination: readonly AddressPrefix[];
  /** Address names neither zone's book defines: they match nothing. */
  unresolvedAddresses: readonly string[];
  action: PolicyAction;
  log: { sessionInit: boolean; sessionClose: boolean };
  count: boolean;
  /**
   * The policy's configuration (zones, name, match, then) as a string: equal identities mean an
   * unchanged policy, whose counters survive a commit.
   */
  identity: string;
}

export interface PolicyContext {
  fromZone: string;
  toZone: string;
  policies: readonly SecurityPolicy[];
}

export type PolicyLookup = { policy: SecurityPolicy; action: PolicyAction } | { default: DefaultPolicy; action: PolicyAction };

/** Index of the first configured policy (lower ones are the device's own, as on an SRX). */
export const FIRST_POLICY_INDEX = 4;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);
const contextKey = (from: string, to: string) => `${from}\u0000${to}`;
const policyKey = (from: string, to: string, name: string) => `${from}\u0000${to}\u0000${name}`;

function actionOf(then: ConfigObject): PolicyAction {
  if (then.deny === true) return { kind: 'deny' };
  if (then.reject === true) return { kind: 'reject' };
  const permit = then.permit;
  if (permit !== undefined) {
    const tunnel = object(object(permit).tunnel);
    if (tunnel['ipsec-vpn'] !== undefined) {
      const t: TunnelAction = { ipsecVpn: String(tunnel['ipsec-vpn']) };
      if (tunnel['pair-policy'] !== undefined) t.pairPolicy = String(tunnel['pair-policy']);
      return { kind: 'permit', tunnel: t };
    }
    return { kind: 'permit' };
  }
  // `then` without an action does not pass commit check; deny is the safe reading.
  return { kind: 'deny' };
}

interface CompiledPolicy {
  policy: SecurityPolicy;
  apps: ApplicationMatcher[];
}

export class PolicyTable {
  readonly contexts: readonly PolicyContext[];
  /** Names of `security ipsec vpn` in configuration order. */
  readonly vpns: readonly string[];
  /** The index the next new policy will get. */
  readonly nextIndex: number;
  private readonly compiled = new Map<string, CompiledPolicy[]>();
  private readonly byKey = new Map<string, SecurityPolicy>();

  private constructor(
    config: ConfigObject,
    readonly defaultPolicy: DefaultPolicy,
    readonly addressBooks: AddressBooks,
    readonly applications: ApplicationCatalog,
    previous: PolicyTable | undefined,
  ) {
    const security = object(config.security);
    this.vpns = objects(object(security.ipsec).vpn).map((v) => String(v.name));
    let next = previous?.nextIndex ?? FIRST_POLICY_INDEX;
    const contexts: PolicyContext[] = [];
    for (const ctx of objects(object(security.policies)['from-zone'])) {
      const fromZone = String(ctx.name);
      const toZone = String(ctx['to-zone']);
      const compiled: CompiledPolicy[] = [];
      for (const p of objects(ctx.policy)) {
        const name = String(p.name);
        const match = object(p.match);
        const then = object(p.then);
        const sourceAddresses = strings(match['source-address']);
        const destinationAddresses = strings(match['destination-address']);
        const applications = strings(match.application);
        const unresolved: string[] = [];
        const resolve = (zone: string, names: string[]) =>
          names.flatMap((n) => {
            const r = addressBooks.resolve(zone, n);
            if (!r) unresolved.push(n);
            return r ?? [];
          });
        const log = object(then.log);
        const policy: SecurityPolicy = {
          fromZone,
          toZone,
          name,
          index: previous?.byKey.get(policyKey(fromZone, toZone, name))?.index ?? next++,
          sequence: compiled.length + 1,
          sourceAddresses,
          destinationAddresses,
          applications,
          source: resolve(fromZone, sourceAddresses),
          destination: resolve(toZone, destinationAddresses),
          unresolvedAddresses: unresolved,
          action: actionOf(then),
          log: { sessionInit: log['session-init'] === true, sessionClose: log['session-close'] === true },
          count: then.count === true,
          identity: JSON.stringify([fromZone, toZone, name, match, then]),
        };
        if (p.description !== undefined) policy.description = String(p.description);
        compiled.push({ policy, apps: applications.map((a) => this.applications.matcher(a)) });
        this.byKey.set(policyKey(fromZone, toZone, name), policy);
      }
      const key = contextKey(fromZone, toZone);
      this.compiled.set(key, compiled);
      contexts.push({ fromZone, toZone, policies: compiled.map((c) => c.policy) });
    }
    this.contexts = contexts;
    this.nextIndex = next;
  }

  /**
   * Builds the table from a committed configuration view. Given the table it replaces, policies
   * that still exist (same zones and name) keep their index; new ones get fresh, higher ones.
   */
  static fromConfig(config: ConfigObject, previous?: PolicyTable): PolicyTable {
    const defaults = object(object(object(config.security).policies)['default-policy']);
    return new PolicyTable(config, defaults['permit-all'] === true ? 'permit-all' : 'deny-all', AddressBooks.fromConfig(config), ApplicationCatalog.fromConfig(config), previous);
  }

  /** Every policy, contexts in configuration order, policies in user order. */
  policies(): SecurityPolicy[] {
    return this.contexts.flatMap((c) => c.policies);
  }

  context(fromZone: string, toZone: string): PolicyContext | undefined {
    return this.contexts.find((c) => c.fromZone === fromZone && c.toZone === toZone);
  }

  find(fromZone: string, toZone: string, name: string): SecurityPolicy | undefined {
    return this.byKey.get(policyKey(fromZone, toZone, name));
  }

  /** The `pair-policy` of a tunnel policy: the named policy in the reverse direction. */
  pairOf(policy: SecurityPolicy): SecurityPolicy | undefined {
    const pair = policy.action.kind === 'permit' ? policy.action.tunnel?.pairPolicy : undefined;
    return pair === undefined ? undefined : this.find(policy.toZone, policy.fromZone, pair);
  }

  /** Whether a policy's match conditions hold for a packet. */
  matches(policy: SecurityPolicy, t: FlowTuple): boolean {
    const c = this.compiled.get(contextKey(policy.fromZone, policy.toZone))?.find((x) => x.policy === policy);
    if (!c) return false;
    const src = parseIpv4(t.source);
    const dst = parseIpv4(t.destination);
    return src !== undefined && dst !== undefined && this.compiledMatches(c, src, dst, t);
  }

  private compiledMatches(c: CompiledPolicy, src: number, dst: number, t: FlowTuple): boolean {
    return c.policy.source.some((p) => prefixContains(p, src)) && c.policy.destination.some((p) => prefixContains(p, dst)) && c.apps.some((m) => m(t));
  }

  /**
   * The first policy of the from-zone → to-zone context that matches the packet, or the default
   * policy. With counters, a matching policy's lookup count goes up.
   */
  lookup(fromZone: string, toZone: string, t: FlowTuple, counters?: PolicyCounters): PolicyLookup {
    const src = parseIpv4(t.source);
    const dst = parseIpv4(t.destination);
    if (src !== undefined && dst !== undefined) {
      for (const c of this.compiled.get(contextKey(fromZone, toZone)) ?? []) {
        if (this.compiledMatches(c, src, dst, t)) {
          counters?.hit(c.policy);
          return { policy: c.policy, action: c.policy.action };
        }
      }
    }
    return { default: this.defaultPolicy, action: { kind: this.defaultPolicy === 'permit-all' ? 'permit' : 'deny' } };
  }
}

/** What `show security policies detail` reports under `Policy statistics:` for one policy. */
export interface PolicyStats {
  /** Lookups that matched the policy (its hit count). */
  lookups: number;
  inputBytes: number;
  outputBytes: number;
  inputPackets: number;
  outputPackets: number;
  sessionsCreated: number;
  activeSessions: number;
  sessionDeletions: number;
}

const zeroStats = (): PolicyStats => ({ lookups: 0, inputBytes: 0, outputBytes: 0, inputPackets: 0, outputPackets: 0, sessionsCreated: 0, activeSessions: 0, sessionDeletions: 0 });

/**
 * Per-policy counters, kept apart from the (immutable) table and keyed by policy identity, so
 * that a commit which leaves a policy unchanged leaves its counters alone.
 */
export class PolicyCounters {
  private readonly stats = new Map<string, PolicyStats>();

  /** A lookup matched the policy. */
  hit(policy: SecurityPolicy): void {
    this.mutable(policy).lookups++;
  }

  /** The policy's live counters, for the flow code to add traffic and sessions to. */
  mutable(policy: SecurityPolicy): PolicyStats {
    let s = this.stats.get(policy.identity);
    if (!s) {
      s = zeroStats();
      this.stats.set(policy.identity, s);
    }
    return s;
  }

  /** A copy of the policy's counters (all zero when it never matched). */
  get(policy: SecurityPolicy): PolicyStats {
    return { ...(this.stats.get(policy.identity) ?? zeroStats()) };
  }

  hits(policy: SecurityPolicy): number {
    return this.stats.get(policy.identity)?.lookups ?? 0;
  }

  /** After a commit: forget the counters of policies the new table no longer has unchanged. */
  reconcile(table: PolicyTable): void {
    const live = new Set(table.policies().map((p) => p.identity));
    for (const id of [...this.stats.keys()]) if (!live.has(id)) this.stats.delete(id);
  }

  /** `clear security policies statistics`: every policy, or one. */
  clear(policy?: SecurityPolicy): void {
    if (policy) this.stats.delete(policy.identity);
    else this.stats.clear();
  }
}
