// Applications a security policy matches on: the junos-defaults applications every SRX knows,
// plus `applications application` and `application-set` from the committed configuration.
import { object, objects, type ConfigObject } from '../config/view.ts';
import { PREDEFINED_APPLICATIONS } from '../config/schema/predefined-applications.ts';
import { IP_PROTOCOL, defaultInactivityTimeout, type FlowTuple } from './tuple.ts';

export interface PortRange {
  low: number;
  high: number;
}

export interface Application {
  name: string;
  /** A junos-defaults application rather than one from `applications application`. */
  predefined: boolean;
  /** IP protocol number; undefined matches every protocol (`any`, or no `protocol` statement). */
  protocol?: number;
  /** TCP/UDP port ranges; undefined matches any port. */
  sourcePorts?: PortRange;
  destinationPorts?: PortRange;
  /** ICMP type and code; undefined matches any. */
  icmpType?: number;
  icmpCode?: number;
  /** The application-layer gateway Junos attaches (`ftp`, `dns`, `tftp`). */
  alg?: string;
  /** Configured session inactivity timeout in seconds; undefined means the protocol default. */
  inactivityTimeout?: number;
  /** Why this application can match nothing (an unknown port name); undefined when usable. */
  unresolved?: string;
}

export interface ApplicationSet {
  name: string;
  members: string[];
}

export type ApplicationMatcher = (tuple: FlowTuple) => boolean;

const ALL_PORTS = undefined;
const port = (n: number): PortRange => ({ low: n, high: n });

function predefined(name: string, protocol: number | undefined, rest: Partial<Application> = {}): Application {
  const app: Application = { name, predefined: true, ...rest };
  if (protocol !== undefined) {
    app.protocol = protocol;
    app.inactivityTimeout = rest.inactivityTimeout ?? defaultInactivityTimeout(protocol);
  }
  return app;
}

const { tcp, udp, icmp, gre, ospf } = IP_PROTOCOL;

/** The junos-defaults applications, by name (every name the schema accepts as a builtin). */
export const PREDEFINED: ReadonlyMap<string, Application> = new Map(
  [
    predefined('any', undefined),
    predefined('junos-icmp-all', icmp),
    predefined('junos-icmp-ping', icmp, { icmpType: 8 }),
    // What a 12.x device shows for junos-ping: `ICMP Information: type=255` (any type).
    predefined('junos-ping', icmp),
    predefined('junos-http', tcp, { destinationPorts: port(80) }),
    predefined('junos-https', tcp, { destinationPorts: port(443) }),
    predefined('junos-ssh', tcp, { destinationPorts: port(22) }),
    predefined('junos-telnet', tcp, { destinationPorts: port(23) }),
    predefined('junos-ftp', tcp, { destinationPorts: port(21), alg: 'ftp' }),
    predefined('junos-dns-udp', udp, { destinationPorts: port(53), alg: 'dns' }),
    predefined('junos-dns-tcp', tcp, { destinationPorts: port(53), alg: 'dns' }),
    predefined('junos-ike', udp, { destinationPorts: port(500) }),
    predefined('junos-ike-nat', udp, { destinationPorts: port(4500) }),
    predefined('junos-ntp', udp, { destinationPorts: port(123) }),
    predefined('junos-smtp', tcp, { destinationPorts: port(25) }),
    predefined('junos-snmp-agentx', tcp, { destinationPorts: port(705) }),
    predefined('junos-syslog', udp, { destinationPorts: port(514) }),
    predefined('junos-tftp', udp, { destinationPorts: port(69), alg: 'tftp' }),
    predefined('junos-traceroute', udp, { destinationPorts: { low: 33435, high: 33690 } }),
    predefined('junos-bgp', tcp, { destinationPorts: port(179) }),
    predefined('junos-ospf', ospf),
    predefined('junos-gre', gre),
  ].map((a) => [a.name, a]),
);

// Every builtin the schema lets a policy name must be defined here.
for (const name of PREDEFINED_APPLICATIONS) if (!PREDEFINED.has(name)) throw new Error(`predefined application ${name} has no definition`);

/** Port names Junos accepts in `source-port` / `destination-port`. */
export const PORT_NAMES: ReadonlyMap<string, number> = new Map([
  ['ftp-data', 20], ['ftp', 21], ['ssh', 22], ['telnet', 23], ['smtp', 25], ['domain', 53], ['bootps', 67], ['bootpc', 68],
  ['tftp', 69], ['http', 80], ['kerberos-sec', 88], ['pop3', 110], ['sunrpc', 111], ['ntp', 123], ['netbios-ns', 137],
  ['netbios-dgm', 138], ['netbios-ssn', 139], ['imap', 143], ['snmp', 161], ['snmptrap', 162], ['bgp', 179], ['ldap', 389],
  ['https', 443], ['ike', 500], ['syslog', 514], ['ldp', 646], ['telnets', 992], ['imaps', 993], ['pop3s', 995],
  ['radius', 1812], ['radacct', 1813],
]);

const PROTOCOL_NAMES: ReadonlyMap<string, number> = new Map(Object.entries(IP_PROTOCOL));

/** `80`, `1024-65535` or a port name; undefined when it names no port. */
export function parsePortRange(text: string): PortRange | undefined {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (m) {
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (a > 65535 || b > 65535) return undefined;
    return { low: Math.min(a, b), high: Math.max(a, b) };
  }
  const named = PORT_NAMES.get(text);
  return named === undefined ? undefined : port(named);
}

const inRange = (r: PortRange | undefined, p: number | undefined) => r === ALL_PORTS || (p !== undefined && p >= r.low && p <= r.high);

/** Whether one (non-set) application matches a packet. */
export function applicationMatches(app: Application, t: FlowTuple): boolean {
  if (app.unresolved !== undefined) return false;
  if (app.protocol === undefined) return true;
  if (app.protocol !== t.protocol) return false;
  if (app.protocol === tcp || app.protocol === udp) return inRange(app.sourcePorts, t.sourcePort) && inRange(app.destinationPorts, t.destinationPort);
  if (app.protocol === icmp) return (app.icmpType === undefined || app.icmpType === t.icmpType) && (app.icmpCode === undefined || app.icmpCode === t.icmpCode);
  return true;
}


function userApplication(o: ConfigObject): Application {
  const app: Application = { name: String(o.name), predefined: false };
  const problems: string[] = [];
  if (o.protocol !== undefined) {
    const p = String(o.protocol);
    const n = PROTOCOL_NAMES.get(p) ?? (/^\d+$/.test(p) ? Number(p) : undefined);
    if (n === undefined || n > 255) problems.push(`protocol ${p}`);
    else app.protocol = n;
  }
  for (const [leaf, field] of [['source-port', 'sourcePorts'], ['destination-port', 'destinationPorts']] as const) {
    if (o[leaf] === undefined) continue;
    const r = parsePortRange(String(o[leaf]));
    if (r) app[field] = r;
    else problems.push(`${leaf} ${String(o[leaf])}`);
  }
  if (o['icmp-type'] !== undefined) app.icmpType = Number(o['icmp-type']);
  if (o['inactivity-timeout'] !== undefined) app.inactivityTimeout = Number(o['inactivity-timeout']);
  else if (app.protocol !== undefined) app.inactivityTimeout = defaultInactivityTimeout(app.protocol);
  if (problems.length) app.unresolved = `unknown ${problems.join(', ')}`;
  return app;
}

/** The applications and application sets a policy may name. */
export class ApplicationCatalog {
  private readonly applications = new Map<string, Application>(PREDEFINED);
  private readonly sets = new Map<string, ApplicationSet>();
  private readonly expanded = new Map<string, Application[]>();
  private readonly matchers = new Map<string, ApplicationMatcher>();

  /** Reads `applications` from a committed configuration view (inactive statements are already gone). */
  static fromConfig(config: ConfigObject): ApplicationCatalog {
    const catalog = new ApplicationCatalog();
    const apps = object(config.applications);
    for (const o of objects(apps.application)) catalog.applications.set(String(o.name), userApplication(o));
    for (const o of objects(apps['application-set'])) {
      catalog.sets.set(String(o.name), { name: String(o.name), members: objects(o.application).map((m) => String(m.name)) });
    }
    return catalog;
  }

  /** Whether a name is an application or an application set. */
  has(name: string): boolean {
    return this.applications.has(name) || this.sets.has(name);
  }

  application(name: string): Application | undefined {
    return this.applications.get(name);
  }

  set(name: string): ApplicationSet | undefined {
    return this.sets.get(name);
  }

  /** The applications a name stands for, sets flattened in member order; [] for an unknown name. */
  expand(name: string): Application[] {
    let hit = this.expanded.get(name);
    if (!hit) {
      const out: Application[] = [];
      const seen = new Set<string>();
      const walk = (n: string) => {
        if (seen.has(n)) return;
        seen.add(n);
        const set = this.sets.get(n);
        if (set) {
          for (const m of set.members) walk(m);
          return;
        }
        const app = this.applications.get(n);
        if (app) out.push(app);
      };
      walk(name);
      hit = out;
      this.expanded.set(name, hit);
    }
    return hit;
  }

  /** A predicate matching the packets an application (or set) names. */
  matcher(name: string): ApplicationMatcher {
    let m = this.matchers.get(name);
    if (!m) {
      const apps = this.expand(name);
      m = (t) => apps.some((a) => applicationMatches(a, t));
      this.matchers.set(name, m);
    }
    return m;
  }

  /** The first application, in the order the names are given, that matches a packet. */
  match(names: readonly string[], t: FlowTuple): Application | undefined {
    for (const n of names) {
      for (const a of this.expand(n)) if (applicationMatches(a, t)) return a;
    }
    return undefined;
  }

  /** The session inactivity timeout for a packet that matched a policy naming these applications. */
  inactivityTimeout(names: readonly string[], t: FlowTuple): number {
    return this.match(names, t)?.inactivityTimeout ?? defaultInactivityTimeout(t.protocol);
  }
}
