// `show security ike|ipsec ...` and `clear security ike|ipsec ...`: the engine's SA tables
// rendered by modes/security/ as text or, with `| display xml`, as Junos XML.
import type { Device } from '../engine/device.ts';
import { formatSecurityPolicies } from './show-policies.ts';
import { formatFlowSessions, formatFlowSessionSummary } from './flow-session-view.ts';
import type { CompletionItem, Outcome } from '../shell/interpreter.ts';
import type { CommandNode } from './command-tree.ts';
import type { CommandContext } from './context.ts';
import {
  formatIkeActivePeers,
  formatIkeSecurityAssociations,
  formatIpsecSecurityAssociations,
  formatIpsecStatistics,
  ikeActivePeersXml,
  ikeSecurityAssociationsXml,
  ipsecSecurityAssociationsXml,
  ipsecStatisticsFromSas,
  ipsecStatisticsXml,
  localGatewayFromIkeSas,
  renderRpcReply,
  type IpsecStatisticsData,
  type XmlElement,
} from './security/index.ts';

type Node = CommandNode<CommandContext>;

interface ShowOptions {
  level?: 'brief' | 'detail';
  index?: number;
  address?: string;
}

const LEVELS: CompletionItem[] = [
  { name: 'brief', help: 'Show brief output (default)' },
  { name: 'detail', help: 'Show detailed output' },
  { name: 'index', help: 'Index of security association' },
];

/** `[brief|detail] [index N] [ADDRESS]` in any order; undefined after printing the error. */
function parseOptions(ctx: CommandContext, words: readonly string[], offset: number, addressAllowed: boolean): ShowOptions | undefined {
  const o: ShowOptions = {};
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if ('brief'.startsWith(w)) o.level = 'brief';
    else if ('detail'.startsWith(w)) o.level = 'detail';
    else if ('index'.startsWith(w)) {
      const n = words[i + 1];
      if (n === undefined || !/^\d+$/.test(n)) return void ctx.errorAt(offset + i + 1, n === undefined ? 'missing argument.' : 'syntax error, expecting <number>.');
      o.index = Number(n);
      i++;
    } else if (addressAllowed && /^\d+\.\d+\.\d+\.\d+$/.test(w)) o.address = w;
    else return void ctx.errorAt(offset + i, 'syntax error, expecting <command>.');
  }
  return o;
}

function output(ctx: CommandContext, text: () => string, xml: () => XmlElement): Outcome {
  const display = ctx.pipe('display');
  if (display && display[0] !== undefined && 'xml'.startsWith(display[0])) ctx.write(renderRpcReply(xml(), ctx.cli.device.facts.release));
  else if (display) return ctx.errorAt(ctx.words.length, 'syntax error, expecting <command>.');
  else ctx.write(text());
  return 'continue';
}

const options = (name: string): Node['arg'] => ({ name, help: 'brief, detail, index N or a peer address', optional: true, rest: true, values: () => LEVELS });

function showIke(ctx: CommandContext, args: Map<string, string[]>): Outcome {
  const o = parseOptions(ctx, args.get('options') ?? [], 4, true);
  if (!o) return 'error';
  const sas = ctx.cli.device.ike.ikeSas();
  return output(ctx, () => formatIkeSecurityAssociations(sas, o), () => ikeSecurityAssociationsXml(sas, o));
}

function showIpsec(ctx: CommandContext, args: Map<string, string[]>): Outcome {
  const o = parseOptions(ctx, args.get('options') ?? [], 4, false);
  if (!o) return 'error';
  const device = ctx.cli.device;
  const pairs = device.ike.ipsecSas();
  const context = { localGateway: localGatewayFromIkeSas(device.ike.ikeSas()) };
  return output(ctx, () => formatIpsecSecurityAssociations(pairs, o, context), () => ipsecSecurityAssociationsXml(pairs, o, context));
}

/** What each device's `clear security ipsec statistics` saw, subtracted from later totals. */
const baselines = new WeakMap<Device, IpsecStatisticsData>();

function minus<T extends object>(a: T, b: T): T {
  const out = { ...a } as Record<string, number>;
  for (const [k, v] of Object.entries(b as Record<string, number>)) out[k] = Math.max(0, (out[k] ?? 0) - v);
  return out as T;
}

/** The data plane's counters (or one tunnel's SA totals), since the last clear. */
function statistics(device: Device, index?: number): IpsecStatisticsData {
  const now = index === undefined ? device.dataPlane.statistics() : ipsecStatisticsFromSas(device.ike.ipsecSas(), index);
  const base = baselines.get(device);
  if (!base || index !== undefined) return now;
  return { esp: minus(now.esp, base.esp), ah: minus(now.ah, base.ah), errors: minus(now.errors, base.errors) };
}

function showStatistics(ctx: CommandContext, args: Map<string, string[]>): Outcome {
  const o = parseOptions(ctx, args.get('options') ?? [], 4, false);
  if (!o) return 'error';
  const data = statistics(ctx.cli.device, o.index);
  return output(ctx, () => formatIpsecStatistics(data), () => ipsecStatisticsXml(data));
}

/** `show security policies [detail] [from-zone A to-zone B]`. */
function showPolicies(ctx: CommandContext, args: Map<string, string[]>): Outcome {
  const words = args.get('options') ?? [];
  const query: { detail?: boolean; fromZone?: string; toZone?: string } = {};
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if ('detail'.startsWith(w)) query.detail = true;
    else if ('from-zone'.startsWith(w) && w.length > 1 && words[i + 1]) query.fromZone = words[++i];
    else if ('to-zone'.startsWith(w) && words[i + 1]) query.toZone = words[++i];
    else return ctx.errorAt(3 + i, 'syntax error, expecting <command>.');
  }
  const device = ctx.cli.device;
  const index = (vpn: string) => device.ike.ipsecSas().find((p) => p.vpn === vpn)?.index;
  ctx.write(formatSecurityPolicies(device.dataPlane.policies, device.dataPlane.policyCounters, query, { tunnelIndex: index }));
  return 'continue';
}

/** `show security flow session [summary]`. */
function showFlowSession(ctx: CommandContext, args: Map<string, string[]>): Outcome {
  const words = args.get('options') ?? [];
  if (words.length > 1 || (words[0] !== undefined && !'summary'.startsWith(words[0]))) return ctx.errorAt(4 + (words.length > 1 && 'summary'.startsWith(words[0]!) ? 1 : 0), 'syntax error, expecting <command>.');
  const device = ctx.cli.device;
  const table = device.dataPlane.sessions;
  ctx.write(words.length ? formatFlowSessionSummary(table.summary(), device.facts.model) : formatFlowSessions(table.list()));
  return 'continue';
}

/** `clear security flow session [all]`: every session ends, silently. */
function clearFlowSession(ctx: CommandContext, args: Map<string, string[]>): Outcome {
  const words = args.get('options') ?? [];
  if (words.length > 1 || (words[0] !== undefined && !'all'.startsWith(words[0]))) return ctx.errorAt(4 + (words.length > 1 && 'all'.startsWith(words[0]!) ? 1 : 0), 'syntax error.');
  ctx.cli.device.dataPlane.sessions.clear();
  return 'continue';
}

export const showSecurity: Node = {
  name: 'security', help: 'Show security information',
  children: [
    {
      name: 'flow', help: 'Show flow information',
      children: [
        {
          name: 'session', help: 'Show session information',
          arg: { name: 'options', help: 'summary', optional: true, rest: true, values: () => [{ name: 'summary', help: 'Show summary of sessions' }] },
          run: showFlowSession,
        },
      ],
    },
    {
      name: 'policies', help: 'Show security policies',
      arg: { name: 'options', help: 'detail, from-zone ZONE, to-zone ZONE', optional: true, rest: true, values: () => [{ name: 'detail', help: 'Show the detailed information' }, { name: 'from-zone', help: 'Show the policy information matching the given source zone' }, { name: 'to-zone', help: 'Show the policy information matching the given destination zone' }] },
      run: showPolicies,
    },
    {
      name: 'ike', help: 'Show Internet Key Exchange information',
      children: [
        { name: 'active-peer', help: 'Show active IKE peers', run: (ctx) => output(ctx, () => formatIkeActivePeers(ctx.cli.device.ike.ikeSas()), () => ikeActivePeersXml(ctx.cli.device.ike.ikeSas())) },
        { name: 'security-associations', help: 'Show IKE security associations', arg: options('options'), run: showIke },
      ],
    },
    {
      name: 'ipsec', help: 'Show IP Security information',
      children: [
        { name: 'security-associations', help: 'Show IPSec security associations', arg: options('options'), run: showIpsec },
        { name: 'statistics', help: 'Show IPSec statistics', arg: options('options'), run: showStatistics },
      ],
    },
  ],
};

function clearIke(ctx: CommandContext, args: Map<string, string[]>): Outcome {
  const [address, extra] = args.get('peer-address') ?? [];
  if (extra !== undefined || (address !== undefined && !/^\d+\.\d+\.\d+\.\d+$/.test(address))) return ctx.errorAt(4, 'syntax error.');
  ctx.cli.device.ike.clearIke(address);
  return 'continue';
}

function clearIpsec(ctx: CommandContext, args: Map<string, string[]>): Outcome {
  const o = parseOptions(ctx, args.get('options') ?? [], 4, false);
  if (!o) return 'error';
  ctx.cli.device.ike.clearIpsec(o.index);
  return 'continue';
}

export const clearSecurity: Node = {
  name: 'security', help: 'Clear security information',
  children: [
    {
      name: 'flow', help: 'Clear flow information',
      children: [
        {
          name: 'session', help: 'Clear session information',
          arg: { name: 'options', help: 'all', optional: true, rest: true, values: () => [{ name: 'all', help: 'Clear all sessions' }] },
          run: clearFlowSession,
        },
      ],
    },
    {
      name: 'ike', help: 'Clear Internet Key Exchange information',
      children: [{ name: 'security-associations', help: 'Clear IKE security associations', arg: { name: 'peer-address', help: 'IP address of remote peer', optional: true, rest: true }, run: clearIke }],
    },
    {
      name: 'ipsec', help: 'Clear IP Security information',
      children: [
        { name: 'security-associations', help: 'Clear IPSec security associations', arg: options('options'), run: clearIpsec },
        {
          name: 'statistics', help: 'Clear IPSec statistics',
          run: (ctx) => void baselines.set(ctx.cli.device, ctx.cli.device.dataPlane.statistics()),
        },
      ],
    },
  ],
};
