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
//
// An endpoint is `DEVICE:INTERFACE` (a physical interface), `host:NAME` or `real:ADDRESS`
// (real UDP sockets on that host address, ports 500 and 4500: the door to strongSwan and
// other real peers; live labs only). A host joins its `segment`; listing it in that
// segment's endpoints as well is allowed.
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

export interface LabSpec {
  name: string;
  /** Absolute path of the lab file. */
  file: string;
  seed?: number | string;
  clock?: 'virtual' | 'real';
  devices: DeviceSpec[];
  segments: SegmentSpec[];
  hosts: HostSpec[];
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
const REAL_PREFIX = 'real';

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

  const top = fields(root, ['name', 'seed', 'clock', 'devices', 'segments', 'links', 'hosts'], 'the lab');
  const lab: LabSpec = { name: '', file: resolve(file), devices: [], segments: [], hosts: [] };
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
      if (devName === HOST_PREFIX || devName === REAL_PREFIX) {
        report(f.get('name'), `"${devName}" is reserved for ${devName === HOST_PREFIX ? 'end-host' : 'real-network'} endpoints`);
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
        const n = isScalar(port) ? port.value : undefined;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65535) {
          report(port, 'ssh-port must be an integer from 1 to 65535');
        } else if (sshPorts.has(n)) {
          report(port, `ssh-port ${n} is already used by device "${sshPorts.get(n)}"`);
        } else {
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
      const cidr = str(f.get('address'), 'address');
      const parsed = cidr === undefined ? undefined : parsePrefix(cidr);
      if (cidr !== undefined && !parsed) report(f.get('address'), `address "${cidr}" is not an IPv4 address/length such as 10.1.10.5/24`);
      if (parsed) [host.address, host.prefixLength] = parsed;
    }
    if (f.has('gateway')) {
      const gw = str(f.get('gateway'), 'gateway');
      if (gw !== undefined && ipv4ToInt(gw) === undefined) report(f.get('gateway'), `gateway "${gw}" is not an IPv4 address`);
      else if (gw !== undefined && host.address && !sameSubnet(gw, host.address, host.prefixLength)) {
        report(f.get('gateway'), `gateway ${gw} is not in ${host.address}/${host.prefixLength}`);
      } else if (gw !== undefined) host.gateway = gw;
    }
    const segNode = f.get('segment');
    const segment = f.has('segment') ? name(segNode, 'segment') : undefined;
    hostSegment.set(hostName, { node: f.has('segment') ? segNode : item, ...(segment === undefined ? {} : { segment }) });
    lab.hosts.push(host);
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
      const ref = parseEndpoint(ep);
      if (typeof ref === 'string') {
        report(epNode, ref);
        continue;
      }
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
      const wireName = ref.kind === 'host' ? `${HOST_PREFIX}:${ref.host}` : ref.kind === 'real' ? `${REAL_PREFIX}:${ref.address}` : `${ref.device}:${ref.interface}`;
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

function parseEndpoint(s: string): EndpointRef | string {
  const colon = s.indexOf(':');
  const owner = s.slice(0, colon);
  const rest = s.slice(colon + 1);
  if (colon <= 0 || rest === '') return `endpoint "${s}" must be DEVICE:INTERFACE, ${HOST_PREFIX}:NAME or ${REAL_PREFIX}:ADDRESS`;
  if (owner === HOST_PREFIX) return NAME.test(rest) ? { kind: 'host', host: rest } : `bad host name in endpoint "${s}"`;
  if (owner === REAL_PREFIX) return ipv4ToInt(rest) !== undefined ? { kind: 'real', address: rest } : `endpoint "${s}": "${rest}" is not an IPv4 address`;
  if (!PHYSICAL_INTERFACE.test(rest)) return `endpoint "${s}": "${rest}" is not a physical interface such as ge-1/0/1`;
  return { kind: 'device', device: owner, interface: rest };
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
