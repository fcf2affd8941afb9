// Lab files: YAML, in the spirit of containerlab topologies. Parsing never throws on bad
// input; every problem comes back with the file, line and column it was found at.
//
//   name: default
//   seed: 1                      # optional: seeds the lab's Random
//   clock: virtual               # optional: virtual | real
//   devices:
//     - { name: Edge, config: default/Edge.conf, ssh-port: 2201 }
//   segments:                    # or `links:`; same shape
//     - name: edge-remote
//       endpoints: ["Edge:ge-1/0/1", "Remote:ge-1/0/1"]
//   hosts:
//     - { name: edge-lan-host, address: 10.1.10.5/24, gateway: 10.1.10.1, segment: edge-lan }
//   nats:                        # source-NAT routers (engine/lab/nat-router.ts)
//     - name: nat-gw
//       inside: { segment: edge-nat, address: 192.168.1.1/24 }
//       outside: { segment: nat-remote, address: 1.1.70.2/28, gateway: 1.1.70.1 }
//       first-port: 1024         # optional: the first outside port handed out
//       idle-timeout: 300        # optional: seconds a mapping lives unused
//
// An endpoint is `DEVICE:INTERFACE` (a physical interface), `host:NAME`, `nat:NAME` or
// `real:ADDRESS` (real UDP sockets on that host address, ports 500 and 4500: the door to
// strongSwan and other real peers; live labs only). A host joins its `segment`, a NAT its
// inside and outside segments; listing them in those segments' endpoints as well is allowed.
import { access, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';

export interface DeviceSpec {
  name: string;
  /** Absolute path of the initial configuration (curly or set form). */
  config: string;
  sshPort?: number;
}

export type EndpointRef =
  | { kind: 'device'; device: string; interface: string }
  | { kind: 'host'; host: string }
  | { kind: 'nat'; nat: string; side: NatSide }
  /** The real network through UDP sockets on this host address (engine/lab/real-network.ts). */
  | { kind: 'real'; address: string };

export interface SegmentSpec {
  name: string;
  /** Each endpoint's wire name (`Edge:ge-1/0/1`, `host:edge-lan-host`) and what it refers to. */
  endpoints: { name: string; ref: EndpointRef }[];
}

export interface HostSpec {
  name: string;
  address: string;
  prefixLength: number;
  gateway?: string;
  segment: string;
}

export type NatSide = 'inside' | 'outside';

export interface NatSpec {
  name: string;
  inside: { segment: string; address: string; prefixLength: number };
  /** Without a gateway the router reaches only the outside subnet. */
  outside: { segment: string; address: string; prefixLength: number; gateway?: string };
  firstPort: number;
  idleTimeoutSeconds: number;
}

export interface LabSpec {
  name: string;
  /** Absolute path of the lab file. */
  file: string;
  seed?: number | string;
  clock?: 'virtual' | 'real';
  devices: DeviceSpec[];
  segments: SegmentSpec[];
  hosts: HostSpec[];
  nats: NatSpec[];
}

export interface LabFileIssue {
  file: string;
  /** 1-based; 0 when the problem is not tied to a place in the file. */
  line: number;
  col: number;
  message: string;
}

export type LabFileResult = { ok: true; lab: LabSpec } | { ok: false; issues: LabFileIssue[] };

export function formatIssue(i: LabFileIssue): string {
  return i.line > 0 ? `${i.file}:${i.line}:${i.col}: ${i.message}` : `${i.file}: ${i.message}`;
}

const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,62}$/;
const PHYSICAL_INTERFACE = /^[a-z]{2,3}-\d{1,2}\/\d{1,2}\/\d{1,3}$/;
const HOST_PREFIX = 'host';
const NAT_PREFIX = 'nat';
const REAL_PREFIX = 'real';
/** Where Linux starts when a NAT cannot keep the inside port. */
const NAT_FIRST_PORT = 1024;
/** RFC 4787 REQ-5's recommended UDP mapping timeout. */
const NAT_IDLE_TIMEOUT = 300;
const NAT_SIDES: readonly NatSide[] = ['inside', 'outside'];
/** Device names that would read as another kind of endpoint. */
const RESERVED_FOR = new Map([[HOST_PREFIX, 'end-host'], [NAT_PREFIX, 'NAT'], [REAL_PREFIX, 'real-network']]);

/** The wire name of one side of a NAT router (`nat:nat-gw:inside`). */
export function natPortName(nat: string, side: NatSide): string {
  return `${NAT_PREFIX}:${nat}:${side}`;
}

/** Parse lab-file text; `file` names the lab file for messages and relative config paths. */
export function parseLabFile(text: string, file: string): LabFileResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const issues: LabFileIssue[] = [];
  const at = (offset: number | undefined, message: string): void => {
    const { line, col } = offset === undefined ? { line: 0, col: 0 } : lines.linePos(offset);
    issues.push({ file, line, col, message });
  };
  const report = (node: Node | null | undefined, message: string): void => at(node?.range?.[0], message);

  for (const e of [...doc.errors, ...doc.warnings]) at(e.pos[0], e.message);
  if (issues.length > 0) return { ok: false, issues };

  const root = doc.contents;
  if (!isMap(root)) {
    report(root, 'a lab file is a mapping with name, devices and segments');
    return { ok: false, issues };
  }

  // Field access that reports unknown keys and wrong types at the offending node.
  const fields = (map: YAMLMap, allowed: string[], what: string): Map<string, Node | null> => {
    const out = new Map<string, Node | null>();
    for (const pair of map.items) {
      const key = pair.key as Node | null;
      const name = isScalar(key) ? String(key.value) : undefined;
      if (name === undefined || !allowed.includes(name)) {
        report(key, `unknown key ${name === undefined ? '' : `"${name}" `}in ${what} (expected one of: ${allowed.join(', ')})`);
        continue;
      }
      out.set(name, pair.value as Node | null);
    }
    return out;
  };
  const str = (node: Node | null | undefined, what: string): string | undefined => {
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') && String(node.value) !== '') {
      return String(node.value);
    }
    report(node, `${what} must be a non-empty string`);
    return undefined;
  };
  const name = (node: Node | null | undefined, what: string): string | undefined => {
    const s = str(node, what);
    if (s !== undefined && !NAME.test(s)) {
      report(node, `${what} "${s}" must start with a letter and use only letters, digits, "_", "." and "-"`);
      return undefined;
    }
    return s;
  };
  const list = (node: Node | null | undefined, what: string): Node[] => {
    if (node === undefined) return [];
    if (isSeq(node)) return node.items as Node[];
    report(node, `${what} must be a list`);
    return [];
  };
  const required = (map: YAMLMap, f: Map<string, Node | null>, key: string, what: string): boolean => {
    if (f.has(key)) return true;
    report(map, `${what} is missing "${key}"`);
    return false;
  };
  const integer = (node: Node | null | undefined, what: string, min: number, max: number): number | undefined => {
    const n = isScalar(node) ? node.value : undefined;
    if (typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max) return n;
    report(node, `${what} must be an integer from ${min} to ${max}`);
    return undefined;
  };
  const prefix = (node: Node | null | undefined): [string, number] | undefined => {
    const cidr = str(node, 'address');
    const parsed = cidr === undefined ? undefined : parsePrefix(cidr);
    if (cidr !== undefined && !parsed) report(node, `address "${cidr}" is not an IPv4 address/length such as 10.1.10.5/24`);
    return parsed;
  };
  /** A gateway on the subnet of `address` (when that parsed). */
  const gateway = (node: Node | null | undefined, address: string, prefixLength: number): string | undefined => {
    const gw = str(node, 'gateway');
    if (gw === undefined) return undefined;
    if (ipv4ToInt(gw) === undefined) report(node, `gateway "${gw}" is not an IPv4 address`);
    else if (address && !sameSubnet(gw, address, prefixLength)) report(node, `gateway ${gw} is not in ${address}/${prefixLength}`);
    else return gw;
    return undefined;
  };

  const top = fields(root, ['name', 'seed', 'clock', 'devices', 'segments', 'links', 'hosts', 'nats'], 'the lab');
  const lab: LabSpec = { name: '', file: resolve(file), devices: [], segments: [], hosts: [], nats: [] };
  if (required(root, top, 'name', 'the lab')) lab.name = name(top.get('name'), 'lab name') ?? '';

  if (top.has('seed')) {
    const seed = top.get('seed');
    if (isScalar(seed) && (Number.isSafeInteger(seed.value) || (typeof seed.value === 'string' && seed.value !== ''))) {
      lab.seed = seed.value as number | string;
    } else report(seed, 'seed must be an integer or a string');
  }
  if (top.has('clock')) {
    const clock = top.get('clock');
    if (isScalar(clock) && (clock.value === 'virtual' || clock.value === 'real')) lab.clock = clock.value;
    else report(clock, 'clock must be "virtual" or "real"');
  }

  const labDir = dirname(resolve(file));
  const deviceNodes = new Map<string, Node>();
  const sshPorts = new Map<number, string>();
  if (required(root, top, 'devices', 'the lab')) {
    const items = list(top.get('devices'), 'devices');
    if (items.length === 0) report(top.get('devices') ?? root, 'a lab needs at least one device');
    for (const item of items) {
      if (!isMap(item)) {
        report(item, 'a device is a mapping with name and config');
        continue;
      }
      const f = fields(item, ['name', 'config', 'ssh-port'], 'a device');
      if (!required(item, f, 'name', 'a device')) continue;
      const devName = name(f.get('name'), 'device name');
      if (devName === undefined) continue;
      const reservedFor = RESERVED_FOR.get(devName);
      if (reservedFor !== undefined) {
        report(f.get('name'), `"${devName}" is reserved for ${reservedFor} endpoints`);
        continue;
      }
      if (deviceNodes.has(devName)) {
        report(f.get('name'), `device "${devName}" is defined twice`);
        continue;
      }
      deviceNodes.set(devName, item);
      const dev: DeviceSpec = { name: devName, config: '' };
      if (required(item, f, 'config', `device "${devName}"`)) {
        const config = str(f.get('config'), 'config');
        if (config !== undefined) dev.config = resolve(labDir, config);
      }
      if (f.has('ssh-port')) {
        const port = f.get('ssh-port');
        const n = integer(port, 'ssh-port', 1, 65535);
        if (n !== undefined && sshPorts.has(n)) report(port, `ssh-port ${n} is already used by device "${sshPorts.get(n)}"`);
        else if (n !== undefined) {
          sshPorts.set(n, devName);
          dev.sshPort = n;
        }
      }
      lab.devices.push(dev);
    }
  }

  // Hosts before segments, so that endpoints can name them.
  const hostSegment = new Map<string, { node: Node | null | undefined; segment?: string }>();
  for (const item of list(top.get('hosts'), 'hosts')) {
    if (!isMap(item)) {
      report(item, 'a host is a mapping with name, address, gateway and segment');
      continue;
    }
    const f = fields(item, ['name', 'address', 'gateway', 'segment'], 'a host');
    if (!required(item, f, 'name', 'a host')) continue;
    const hostName = name(f.get('name'), 'host name');
    if (hostName === undefined) continue;
    if (hostSegment.has(hostName)) {
      report(f.get('name'), `host "${hostName}" is defined twice`);
      continue;
    }
    const host: HostSpec = { name: hostName, address: '', prefixLength: 0, segment: '' };
    if (required(item, f, 'address', `host "${hostName}"`)) {
      const parsed = prefix(f.get('address'));
      if (parsed) [host.address, host.prefixLength] = parsed;
    }
    if (f.has('gateway')) {
      const gw = gateway(f.get('gateway'), host.address, host.prefixLength);
      if (gw !== undefined) host.gateway = gw;
    }
    const segNode = f.get('segment');
    const segment = f.has('segment') ? name(segNode, 'segment') : undefined;
    hostSegment.set(hostName, { node: f.has('segment') ? segNode : item, ...(segment === undefined ? {} : { segment }) });
    lab.hosts.push(host);
  }

  // NATs before segments too. Each side names its segment; the node is kept for messages.
  const natSegmentNodes = new Map<string, Record<NatSide, Node | null | undefined>>();
  for (const item of list(top.get('nats'), 'nats')) {
    if (!isMap(item)) {
      report(item, 'a NAT is a mapping with name, inside and outside');
      continue;
    }
    const f = fields(item, ['name', 'inside', 'outside', 'first-port', 'idle-timeout'], 'a NAT');
    if (!required(item, f, 'name', 'a NAT')) continue;
    const natName = name(f.get('name'), 'NAT name');
    if (natName === undefined) continue;
    if (natSegmentNodes.has(natName)) {
      report(f.get('name'), `NAT "${natName}" is defined twice`);
      continue;
    }
    const nat: NatSpec = {
      name: natName,
      inside: { segment: '', address: '', prefixLength: 0 },
      outside: { segment: '', address: '', prefixLength: 0 },
      firstPort: NAT_FIRST_PORT,
      idleTimeoutSeconds: NAT_IDLE_TIMEOUT,
    };
    const segmentNodes: Record<NatSide, Node | null | undefined> = { inside: undefined, outside: undefined };
    for (const side of NAT_SIDES) {
      const what = `NAT "${natName}" ${side}`;
      if (!required(item, f, side, `NAT "${natName}"`)) continue;
      const sideNode = f.get(side);
      if (!isMap(sideNode)) {
        report(sideNode, `${what} is a mapping with segment and address${side === 'outside' ? ' (and gateway)' : ''}`);
        continue;
      }
      const sf = fields(sideNode, side === 'outside' ? ['segment', 'address', 'gateway'] : ['segment', 'address'], what);
      if (required(sideNode, sf, 'segment', what)) {
        const segment = name(sf.get('segment'), 'segment');
        if (segment !== undefined) [nat[side].segment, segmentNodes[side]] = [segment, sf.get('segment')];
      }
      if (required(sideNode, sf, 'address', what)) {
        const parsed = prefix(sf.get('address'));
        if (parsed) [nat[side].address, nat[side].prefixLength] = parsed;
      }
      if (sf.has('gateway')) {
        const gw = gateway(sf.get('gateway'), nat.outside.address, nat.outside.prefixLength);
        if (gw !== undefined) nat.outside.gateway = gw;
      }
    }
    const { inside, outside } = nat;
    if (inside.segment && inside.segment === outside.segment) report(segmentNodes.outside, `NAT "${natName}" has its inside and outside on the same segment "${inside.segment}"`);
    if (inside.address && outside.address && sameSubnet(inside.address, outside.address, Math.min(inside.prefixLength, outside.prefixLength))) {
      report(item, `NAT "${natName}": inside ${inside.address}/${inside.prefixLength} and outside ${outside.address}/${outside.prefixLength} overlap`);
    }
    if (f.has('first-port')) nat.firstPort = integer(f.get('first-port'), 'first-port', 1, 65535) ?? nat.firstPort;
    if (f.has('idle-timeout')) nat.idleTimeoutSeconds = integer(f.get('idle-timeout'), 'idle-timeout', 1, 86400) ?? nat.idleTimeoutSeconds;
    natSegmentNodes.set(natName, segmentNodes);
    lab.nats.push(nat);
  }

  if (top.has('segments') && top.has('links')) report(top.get('links'), 'use either "segments" or "links", not both');
  const segKey = top.has('links') ? 'links' : 'segments';
  const usedEndpoints = new Map<string, string>();
  const segmentNames = new Set<string>();
  for (const item of list(top.get(segKey), segKey)) {
    if (!isMap(item)) {
      report(item, 'a segment is a mapping with name and endpoints');
      continue;
    }
    const f = fields(item, ['name', 'endpoints'], 'a segment');
    const endpointNodes = list(f.get('endpoints'), 'endpoints');
    const segName = f.has('name') ? name(f.get('name'), 'segment name') : defaultSegmentName(endpointNodes);
    if (segName === undefined) {
      if (!f.has('name')) report(item, 'a segment needs a name (or endpoints to name it after)');
      continue;
    }
    if (segmentNames.has(segName)) {
      report(f.get('name') ?? item, `segment "${segName}" is defined twice`);
      continue;
    }
    segmentNames.add(segName);
    const seg: SegmentSpec = { name: segName, endpoints: [] };
    for (const epNode of endpointNodes) {
      const ep = str(epNode, 'endpoint');
      if (ep === undefined) continue;
      const parsed = parseEndpoint(ep);
      if (typeof parsed === 'string') {
        report(epNode, parsed);
        continue;
      }
      let ref: EndpointRef;
      if (parsed.kind === 'nat') {
        const nat = lab.nats.find((n) => n.name === parsed.nat);
        if (!nat) {
          report(epNode, `endpoint "${ep}" names NAT "${parsed.nat}", which is not in nats`);
          continue;
        }
        const side = NAT_SIDES.find((s) => nat[s].segment === segName);
        if (!side) {
          report(epNode, `NAT "${nat.name}" has its inside on segment "${nat.inside.segment}" and its outside on "${nat.outside.segment}", not "${segName}"`);
          continue;
        }
        ref = { kind: 'nat', nat: nat.name, side };
      } else ref = parsed;
      if (ref.kind === 'device' && !deviceNodes.has(ref.device)) {
        report(epNode, `endpoint "${ep}" names device "${ref.device}", which is not in devices`);
        continue;
      }
      if (ref.kind === 'host') {
        const h = hostSegment.get(ref.host);
        if (!h) {
          report(epNode, `endpoint "${ep}" names host "${ref.host}", which is not in hosts`);
          continue;
        }
        if (h.segment !== undefined && h.segment !== segName) {
          report(epNode, `host "${ref.host}" is on segment "${h.segment}", not "${segName}"`);
          continue;
        }
        h.segment = segName;
      }
      const wireName = wireNameOf(ref);
      const prior = usedEndpoints.get(wireName);
      if (prior !== undefined) {
        report(epNode, `endpoint "${wireName}" is already attached to segment "${prior}"`);
        continue;
      }
      usedEndpoints.set(wireName, segName);
      seg.endpoints.push({ name: wireName, ref });
    }
    lab.segments.push(seg);
  }

  // Attach each host to its segment, adding it to the endpoint list where only `segment:` named it.
  for (const host of lab.hosts) {
    const h = hostSegment.get(host.name)!;
    const seg = lab.segments.find((s) => s.name === h.segment);
    if (!seg) {
      report(h.node, h.segment === undefined ? `host "${host.name}" is on no segment` : `host "${host.name}" names unknown segment "${h.segment}"`);
      continue;
    }
    host.segment = seg.name;
    const wireName = `${HOST_PREFIX}:${host.name}`;
    if (!seg.endpoints.some((e) => e.name === wireName)) seg.endpoints.push({ name: wireName, ref: { kind: 'host', host: host.name } });
  }

  // Attach each NAT's sides to their segments in the same way.
  for (const nat of lab.nats) {
    for (const side of NAT_SIDES) {
      const segment = nat[side].segment;
      const seg = lab.segments.find((s) => s.name === segment);
      if (!seg) {
        if (segment !== '') report(natSegmentNodes.get(nat.name)![side], `NAT "${nat.name}" ${side} names unknown segment "${segment}"`);
        continue;
      }
      const ref: EndpointRef = { kind: 'nat', nat: nat.name, side };
      if (!seg.endpoints.some((e) => e.name === wireNameOf(ref))) seg.endpoints.push({ name: wireNameOf(ref), ref });
    }
  }

  return issues.length > 0 ? { ok: false, issues } : { ok: true, lab };
}

/** Read and parse a lab file, and check that every device's configuration file exists. */
export async function loadLabFile(file: string): Promise<LabFileResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return { ok: false, issues: [{ file, line: 0, col: 0, message: `cannot read lab file: ${(err as Error).message}` }] };
  }
  const result = parseLabFile(text, file);
  if (!result.ok) return result;
  const issues: LabFileIssue[] = [];
  for (const dev of result.lab.devices) {
    try {
      await access(dev.config);
    } catch {
      issues.push({ file, line: 0, col: 0, message: `device "${dev.name}": configuration file ${dev.config} does not exist` });
    }
  }
  return issues.length > 0 ? { ok: false, issues } : result;
}

/** What an endpoint string names; a NAT's side follows from the segment it is listed on. */
function parseEndpoint(s: string): Exclude<EndpointRef, { kind: 'nat' }> | { kind: 'nat'; nat: string } | string {
  const colon = s.indexOf(':');
  const owner = s.slice(0, colon);
  const rest = s.slice(colon + 1);
  if (colon <= 0 || rest === '') return `endpoint "${s}" must be DEVICE:INTERFACE, ${HOST_PREFIX}:NAME, ${NAT_PREFIX}:NAME or ${REAL_PREFIX}:ADDRESS`;
  if (owner === HOST_PREFIX) return NAME.test(rest) ? { kind: 'host', host: rest } : `bad host name in endpoint "${s}"`;
  if (owner === NAT_PREFIX) return NAME.test(rest) ? { kind: 'nat', nat: rest } : `bad NAT name in endpoint "${s}"`;
  if (owner === REAL_PREFIX) return ipv4ToInt(rest) !== undefined ? { kind: 'real', address: rest } : `endpoint "${s}": "${rest}" is not an IPv4 address`;
  if (!PHYSICAL_INTERFACE.test(rest)) return `endpoint "${s}": "${rest}" is not a physical interface such as ge-1/0/1`;
  return { kind: 'device', device: owner, interface: rest };
}

function wireNameOf(ref: EndpointRef): string {
  if (ref.kind === 'host') return `${HOST_PREFIX}:${ref.host}`;
  if (ref.kind === 'nat') return natPortName(ref.nat, ref.side);
  if (ref.kind === 'real') return `${REAL_PREFIX}:${ref.address}`;
  return `${ref.device}:${ref.interface}`;
}

/** containerlab links have no names; name them after their endpoints. */
function defaultSegmentName(endpoints: Node[]): string | undefined {
  const names = endpoints.map((n) => (isScalar(n) ? String(n.value) : '')).filter((s) => s !== '');
  return names.length > 0 ? names.join('--') : undefined;
}

function ipv4ToInt(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

function parsePrefix(s: string): [string, number] | undefined {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(s);
  if (!m || ipv4ToInt(m[1]!) === undefined) return undefined;
  const len = Number(m[2]);
  return len >= 1 && len <= 32 ? [m[1]!, len] : undefined;
}

function sameSubnet(a: string, b: string, len: number): boolean {
  const size = 2 ** (32 - len);
  return Math.floor(ipv4ToInt(a)! / size) === Math.floor(ipv4ToInt(b)! / size);
}
