// Operational mode's command tree: one declaration per command, one handler each.
import { formatCommitHistory, formatUtc } from '../engine/config/commit-log.ts';
import type { Outcome } from '../shell/interpreter.ts';
import type { CommandNode } from './command-tree.ts';
import type { CommandContext } from './context.ts';
import { enterConfiguration } from './configure.ts';
import { displayConfig } from './display.ts';
import { fileCommands } from './file-commands.ts';
import { showConfigurationPath } from './show-configuration.ts';
import { JunosCli } from './junos-cli.ts';
import { formatRoutes } from './show-route.ts';
import { logNames, showLog } from './log-commands.ts';
import { clearSecurity, showSecurity } from './security-commands.ts';
import { ping } from './ping-command.ts';
import { MONITOR_TRAFFIC_OPTIONS, monitorTraffic } from './monitor-traffic.ts';
import { lookup } from '../engine/net/routing-table.ts';
import { formatInterfaces, formatInterfacesTerse } from './show-interfaces.ts';

type Node = CommandNode<CommandContext>;

const cliSettings: Node = {
  name: 'cli', help: 'Set CLI properties',
  children: [
    {
      name: 'screen-length', help: 'Set number of lines on screen', arg: { name: 'screen-length', help: 'Number of lines on screen (0..100000)' },
      run: (ctx, args) => setNumber(ctx, args.get('screen-length')![0]!, 100000, (n) => {
        ctx.io.terminal.settings.screenLength = n;
        return `Screen length set to ${n}`;
      }),
    },
    {
      name: 'screen-width', help: 'Set width of screen', arg: { name: 'screen-width', help: 'Number of characters on a line (0..1024)' },
      run: (ctx, args) => setNumber(ctx, args.get('screen-width')![0]!, 1024, (n) => {
        ctx.io.terminal.settings.screenWidth = n;
        return `Screen width set to ${n}`;
      }),
    },
    {
      name: 'complete-on-space', help: 'Set whether typing space completes current word',
      children: [
        { name: 'off', help: 'Disable complete-on-space', run: (ctx) => ((ctx.io.terminal.settings.completeOnSpace = false), ctx.write('Disabling complete-on-space\n')) },
        { name: 'on', help: 'Enable complete-on-space', run: (ctx) => ((ctx.io.terminal.settings.completeOnSpace = true), ctx.write('Enabling complete-on-space\n')) },
      ],
    },
  ],
};

function setNumber(ctx: CommandContext, text: string, max: number, apply: (n: number) => string): Outcome {
  if (!/^\d+$/.test(text) || Number(text) > max) return ctx.errorAt(ctx.words.length - 1, `error: value ${text} is not within range (0..${max})`);
  ctx.write(apply(Number(text)) + '\n');
  return 'continue';
}

function showVersion(ctx: CommandContext): void {
  const d = ctx.cli.device;
  ctx.write(`Hostname: ${d.hostName()}\nModel: ${d.facts.model}\nJUNOS Software Release [${d.facts.release}]\n`);
}

function clockTime(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  return `${(h % 12 || 12)}:${String(d.getUTCMinutes()).padStart(2, '0')}${h < 12 ? 'AM' : 'PM'}`;
}

function uptime(ms: number): string {
  const mins = Math.floor(ms / 60_000);
  const days = Math.floor(mins / 1440);
  const hm = `${Math.floor((mins % 1440) / 60)}:${String(mins % 60).padStart(2, '0')}`;
  return days ? `${days} day${days === 1 ? '' : 's'}, ${hm}` : hm;
}

function showUsers(ctx: CommandContext): void {
  const d = ctx.cli.device;
  const now = d.clock.now();
  const users = d.loggedIn();
  ctx.write(`${clockTime(now)}  up ${uptime(now - d.bootTime)}, ${users.length} user${users.length === 1 ? '' : 's'}, load averages: 0.00, 0.00, 0.00\n`);
  ctx.write('USER     TTY      FROM                              LOGIN@  IDLE WHAT\n');
  for (const u of users) {
    ctx.write(`${u.user.padEnd(8)} ${u.terminal.padEnd(8)} ${u.from.padEnd(33)} ${clockTime(u.since).padStart(7)}      - ${u.editing ? '-cli (cli) configure' : '-cli (cli)'}\n`);
  }
}

function showHistory(ctx: CommandContext): void {
  for (const h of ctx.io.terminal.history) {
    ctx.write(`${formatUtc(h.at).slice(11, 19)} -- ${h.line}\n`);
  }
}

function showConfiguration(ctx: CommandContext): Outcome {
  const device = ctx.cli.device;
  const words = ctx.words.slice(2);
  const at = showConfigurationPath(ctx, device.store.openPrivate(), [], words, 2);
  if (!at) return 'error';
  const compare = ctx.pipe('compare');
  if (compare) {
    const n = compare[0] === 'rollback' ? Number(compare[1]) : 0;
    if (!Number.isInteger(n) || n < 0 || n > 49) return ctx.errorAt(ctx.words.length, 'syntax error, expecting <command>.');
    const r = device.store.compare(device.store.openPrivate(), n);
    ctx.write(r.output);
    return r.ok ? 'continue' : 'error';
  }
  const text = displayConfig(ctx, device, at.node, at.path);
  if (text === undefined) return ctx.errorAt(ctx.words.length, 'syntax error, expecting <command>.');
  if (words.length === 0 && !ctx.pipe('display')) {
    const last = device.store.history()[0];
    if (last) ctx.write(`## Last commit: ${formatUtc(last.time)} by ${last.user}\n`);
  }
  ctx.write(text);
  return 'continue';
}

const rescue: Node = {
  name: 'rescue', help: 'Request operation on the rescue configuration',
  children: [
    { name: 'save', help: 'Save current configuration as the rescue configuration', run: (ctx) => ctx.cli.device.store.saveRescue() },
    { name: 'delete', help: 'Delete the rescue configuration', run: (ctx) => ctx.cli.device.store.deleteRescue() },
  ],
};

/** `ssh [user@]ADDRESS`: a session on the lab device owning ADDRESS, as the same user. */
function ssh(ctx: CommandContext, args: Map<string, string[]>): Outcome {
  const target = args.get('host')![0]!;
  const at = target.lastIndexOf('@');
  const user = at >= 0 ? target.slice(0, at) : ctx.cli.login.user;
  const address = target.slice(at + 1);
  const device = ctx.cli.device.neighbours(address);
  if (!device) return ctx.error(`ssh: connect to host ${address} port 22: No route to host`);
  const cls = device.userClass(user);
  if (!cls) return ctx.error(`Permission denied (publickey,password,keyboard-interactive).`);
  // The login comes from the address of the interface the connection leaves by.
  const route = lookup(ctx.cli.device.network.routes, address);
  const egress = ctx.cli.device.network.interfaces.find((i) => i.name === route?.via);
  ctx.cli.nested = { cli: JunosCli.open(device, user, cls, egress?.addresses[0]?.address ?? 'lab'), address };
  return 'continue';
}

/** `show route [PREFIX] [detail]`, in either order. */
function showRoute(ctx: CommandContext, args: Map<string, string[]>): Outcome {
  const words = args.get('destination') ?? [];
  const detail = words.some((w) => w.length > 1 && 'detail'.startsWith(w));
  const rest = words.filter((w) => !(w.length > 1 && 'detail'.startsWith(w)));
  if (rest.length > 1 || (rest[0] !== undefined && !/^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(rest[0]))) return ctx.errorAt(ctx.words.length - 1, 'syntax error.');
  ctx.write(formatRoutes(ctx.cli.device, rest[0], detail));
  return 'continue';
}

const leave = (name: string): Node => ({ name, help: 'Exit the management session', run: (): Outcome => 'exit' });

export const operationalCommands: Node[] = [
  { name: 'clear', help: 'Clear information in the system', children: [clearSecurity] },
  {
    name: 'configure', help: 'Manipulate software configuration information',
    run: (ctx) => enterConfiguration(ctx, 'shared'),
    children: [
      { name: 'exclusive', help: 'Obtain exclusive lock (other users cannot make changes)', run: (ctx) => enterConfiguration(ctx, 'exclusive') },
      { name: 'private', help: 'Work in private database (other users cannot make changes)', run: (ctx) => enterConfiguration(ctx, 'private') },
    ],
  },
  leave('exit'),
  fileCommands,
  {
    name: 'monitor', help: 'Show real-time debugging information',
    children: [{ name: 'traffic', help: 'Show real-time network traffic information', arg: { name: 'options', help: 'Options (interface, count, size, write-file, no-resolve)', optional: true, rest: true, values: () => MONITOR_TRAFFIC_OPTIONS }, run: monitorTraffic }],
  },
  { name: 'ping', help: 'Ping remote target', arg: { name: 'host', help: 'Hostname or IP address of remote host', rest: true }, run: ping },
  leave('quit'),
  {
    name: 'request', help: 'Make system-level requests',
    children: [{ name: 'system', help: 'Perform system-level operations', children: [{ name: 'configuration', help: 'Request operation on system configuration', children: [rescue] }] }],
  },
  { name: 'set', help: 'Set CLI properties, date/time, craft interface message', children: [cliSettings] },
  { name: 'ssh', help: 'Start secure shell on another host', arg: { name: 'host', help: 'Hostname or address of remote host' }, run: ssh },
  {
    name: 'show', help: 'Show system information',
    children: [
      { name: 'cli', help: 'Show command-line interface settings', children: [{ name: 'history', help: 'Show previous commands', run: showHistory }] },
      { name: 'configuration', help: 'Show current configuration', arg: { name: 'statement', help: 'Statement path', optional: true, rest: true }, run: showConfiguration },
      {
        name: 'system', help: 'Show system information',
        children: [
          { name: 'commit', help: 'Show pending commit and commit history', run: (ctx) => ctx.write(formatCommitHistory(ctx.cli.device.store.history(), ctx.cli.device.clock.now())) },
          { name: 'uptime', help: 'Show time since system and processes started', run: (ctx) => ctx.write(`Current time: ${formatUtc(ctx.cli.device.clock.now())}\nSystem booted: ${formatUtc(ctx.cli.device.bootTime)}\n`) },
          { name: 'users', help: 'Show user login information', run: showUsers },
        ],
      },
      {
        // `show interfaces [NAME] [terse|detail|extensive]`, the two in either order.
        name: 'interfaces', help: 'Show interface information',
        arg: {
          name: 'interface-name', help: 'Name of physical or logical interface', optional: true, rest: true,
          values: (device) => [
            ...INTERFACE_LEVELS.map(([name, help]) => ({ name, help })),
            ...[...new Set(device.network.interfaces.flatMap((i) => [i.device, i.name]))].map((name) => ({ name, help: 'Interface name' })),
          ],
        },
        run: showInterfaces,
      },
      { name: 'log', help: 'Show contents of log file', arg: { name: 'filename', help: 'Name of log file', values: logNames }, run: showLog },
      {
        name: 'route', help: 'Show routing table information',
        arg: { name: 'destination', help: 'IP address and optional prefix length of destination, or detail', optional: true, rest: true, values: () => [{ name: 'detail', help: 'Display detailed output' }] },
        run: showRoute,
      },
      showSecurity,
      { name: 'version', help: 'Show software process revision levels', run: showVersion },
    ],
  },
];

const INTERFACE_LEVELS = [['detail', 'Display detailed output'], ['extensive', 'Display extensive output'], ['terse', 'Display terse output']] as const;

function showInterfaces(ctx: CommandContext, args: Map<string, string[]>): Outcome {
  const words = args.get('interface-name') ?? [];
  const start = ctx.words.length - words.length;
  let level: string | undefined;
  let name: string | undefined;
  for (const [k, w] of words.entries()) {
    const hits = INTERFACE_LEVELS.filter(([l]) => l.startsWith(w));
    const exact = INTERFACE_LEVELS.find(([l]) => l === w);
    if (!level && (exact || (hits.length === 1 && !/[/.]/.test(w)))) level = (exact ?? hits[0]!)[0];
    else if (!name && !exact) name = w;
    else return ctx.errorAt(start + k, 'syntax error.');
  }
  if (level === 'terse') {
    ctx.write(formatInterfacesTerse(ctx.cli.device, name));
    return 'continue';
  }
  const text = formatInterfaces(ctx.cli.device, level === 'detail' || level === 'extensive' ? level : 'brief', name);
  if (text === undefined) return ctx.error(`error: device ${name} not found`);
  ctx.write(text);
  return 'continue';
}
