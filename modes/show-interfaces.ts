// `show interfaces terse [NAME]`: physical and logical interfaces with admin/link state and
// addresses, in the Junos column layout.
import type { Device } from '../engine/device.ts';
import { FLOW_ERRORS } from '../engine/net/stack.ts';

const row = (name: string, admin: string, link: string, proto = '', local = '') =>
  `${name.padEnd(24)}${admin.padEnd(6)}${link.padEnd(5)}${proto.padEnd(9)}${local}`.trimEnd();

export function formatInterfacesTerse(device: Device, filter?: string): string {
  const lines = [row('Interface', 'Admin', 'Link', 'Proto', 'Local                 Remote')];
  const byDevice = new Map<string, typeof device.network.interfaces>();
  for (const i of device.network.interfaces) byDevice.set(i.device, [...(byDevice.get(i.device) ?? []), i]);
  for (const [ifd, units] of byDevice) {
    if (filter && !(ifd === filter || units.some((u) => u.name === filter) || ifd.startsWith(filter))) continue;
    const link = ifd.startsWith('st0') || ifd.startsWith('lo0') || device.network.hasPort(ifd) ? 'up' : 'down';
    if (!filter || filter === ifd || ifd.startsWith(filter)) lines.push(row(ifd, 'up', link));
    for (const u of units) {
      if (filter && filter !== ifd && filter !== u.name && !ifd.startsWith(filter)) continue;
      const admin = u.disabled ? 'down' : 'up';
      const [first, ...rest] = u.addresses;
      lines.push(row(u.name, admin, admin === 'up' ? link : 'down', 'inet', first ? `${first.address}/${first.prefixLength}` : ''));
      for (const a of rest) lines.push(row('', '', '', '', `${a.address}/${a.prefixLength}`));
    }
  }
  return lines.join('\n') + '\n';
}

// `show interfaces [NAME] [detail|extensive]`: the Junos physical/logical interface blocks.
//
// Numbers: interfaces are numbered by configuration order — physical interface n (1-based,
// in `interfaces` order) has Interface index 128+n, SNMP ifIndex 500+n, Generation 128+2n;
// logical unit m (1-based over all units, same order) has Index 64+m, SNMP ifIndex 540+m,
// Generation 180+m; its `Protocol inet` Generation 200+m and its k-th address (0-based) 220+m+k.
// Rates are always 0 (the lab has no traffic averaging). Physical traffic statistics are the
// sum of the units'. A physical interface is Enabled unless all its units are disabled.
//
// `extensive` is `detail` plus the physical interface's "Input errors:"/"Output errors:"
// lines with the errors the stack counts: Errors (undecodable frames), Drops (frames for no
// enabled logical interface; output: frames that could not be sent); the other fields are 0.

export type InterfacesLevel = 'brief' | 'detail' | 'extensive';

type Logical = Device['network']['interfaces'][number];

interface Physical {
  name: string;
  n: number;
  units: { unit: Logical; m: number }[];
}

function physicals(device: Device): Physical[] {
  const out: Physical[] = [];
  device.network.interfaces.forEach((unit, i) => {
    let p = out.find((x) => x.name === unit.device);
    if (!p) out.push((p = { name: unit.device, n: out.length + 1, units: [] }));
    p.units.push({ unit, m: i + 1 });
  });
  return out;
}

const ZERO = { inputPackets: 0, inputBytes: 0, outputPackets: 0, outputBytes: 0, localInputPackets: 0, localInputBytes: 0, localOutputPackets: 0, localOutputBytes: 0 };

/** Text for the command, or undefined when NAME names no interface. */
export function formatInterfaces(device: Device, level: InterfacesLevel, filter?: string): string | undefined {
  const all = physicals(device);
  let chosen: { phys: Physical; only?: Logical }[];
  if (!filter) chosen = all.map((phys) => ({ phys }));
  else {
    const phys = all.find((p) => p.name === filter);
    const owner = all.find((p) => p.units.some((u) => u.unit.name === filter));
    if (phys) chosen = [{ phys }];
    else if (owner) chosen = [{ phys: owner, only: owner.units.find((u) => u.unit.name === filter)!.unit }];
    else return undefined;
  }
  const blocks = chosen.map(({ phys, only }) =>
    only ? logicalBlock(device, phys.units.find((u) => u.unit === only)!, level, '  ') : physicalBlock(device, phys, level),
  );
  return blocks.join('\n');
}

const isTunnel = (name: string) => name.startsWith('st0');
const isLoopback = (name: string) => name.startsWith('lo0');

function physicalBlock(device: Device, p: Physical, level: InterfacesLevel): string {
  const net = device.network;
  const enabled = p.units.some((u) => !u.unit.disabled);
  const up = isTunnel(p.name) || isLoopback(p.name) || net.hasPort(p.name);
  const L: string[] = [];
  L.push(`Physical interface: ${p.name}, ${enabled ? 'Enabled' : 'Administratively down'}, Physical link is ${up ? 'Up' : 'Down'}`);
  L.push(`  Interface index: ${128 + p.n}, SNMP ifIndex: ${500 + p.n}${level === 'brief' ? '' : `, Generation: ${128 + 2 * p.n}`}`);
  if (isTunnel(p.name)) L.push('  Type: Secure-Tunnel, Link-level type: Secure-Tunnel, MTU: 9192,', '  Speed: Unspecified');
  else if (isLoopback(p.name)) L.push('  Type: Loopback, Link-level type: Unspecified, MTU: Unlimited,', '  Speed: Unspecified');
  else L.push('  Type: Ethernet, Link-level type: Ethernet, MTU: 1514,', '  Speed: 1000mbps');
  if (level !== 'brief') L.push('  Hold-times      : Up 0 ms, Down 0 ms');
  L.push(`  Device flags    : Present Running${up ? '' : ' Down'}`);
  L.push(`  Interface flags : ${isTunnel(p.name) ? 'Point-To-Point' : isLoopback(p.name) ? 'SNMP-Traps' : 'SNMP-Traps Internal: 0x4000'}`);
  if (level === 'brief') {
    L.push('  Input rate     : 0 bps (0 pps)', '  Output rate    : 0 bps (0 pps)');
  } else {
    const sum = { ...ZERO };
    for (const { unit } of p.units) {
      const c = net.counters.get(unit.name) ?? ZERO;
      sum.inputBytes += c.inputBytes;
      sum.outputBytes += c.outputBytes;
      sum.inputPackets += c.inputPackets;
      sum.outputPackets += c.outputPackets;
    }
    L.push('  Statistics last cleared: Never', '  Traffic statistics:');
    L.push(...trafficLines(sum.inputBytes, sum.outputBytes, sum.inputPackets, sum.outputPackets, '   ', true));
    if (level === 'extensive') {
      const e = net.physicalErrors.get(p.name) ?? { inputErrors: 0, inputDrops: 0, outputDrops: 0 };
      L.push('  Input errors:');
      L.push(`    Errors: ${e.inputErrors}, Drops: ${e.inputDrops}, Framing errors: 0, Runts: 0, Policed discards: 0, L3 incompletes: 0, L2 channel errors: 0,`);
      L.push('    L2 mismatch timeouts: 0, FIFO errors: 0, Resource errors: 0');
      L.push('  Output errors:');
      L.push(`    Carrier transitions: 0, Errors: 0, Drops: ${e.outputDrops}, Collisions: 0, Aged packets: 0, FIFO errors: 0,`);
      L.push('    HS link CRC errors: 0, MTU errors: 0, Resource errors: 0');
    }
  }
  const text = L.join('\n') + '\n';
  return text + p.units.map((u) => '\n' + logicalBlock(device, u, level, '  ')).join('');
}

/** Junos's "label : value" alignment: values end at column 26, at least one space after the label. */
const field = (label: string, value: number | string, width = 26) => {
  const v = String(value);
  return label + ' '.repeat(Math.max(1, width - label.length - v.length)) + v;
};

function trafficLines(inB: number, outB: number, inP: number, outP: number, indent: string, rates: boolean): string[] {
  const row = (label: string, v: number, unit: string) => `${indent}${label}:${String(v).padStart(12)}${rates ? `${'0'.padStart(11)} ${unit}` : ''}`;
  return [row('Input bytes   ', inB, 'bps'), row('Output bytes  ', outB, 'bps'), row('Input packets ', inP, 'pps'), row('Output packets', outP, 'pps')];
}

function logicalBlock(device: Device, { unit, m }: { unit: Logical; m: number }, level: InterfacesLevel, ind: string): string {
  const net = device.network;
  const tunnel = isTunnel(unit.device);
  const L: string[] = [];
  L.push(`${ind}Logical interface ${unit.name} (Index ${64 + m}) (SNMP ifIndex ${540 + m})${level === 'brief' ? '' : ` (Generation ${180 + m})`}`);
  const i2 = ind + '  ';
  L.push(`${i2}Flags: ${unit.disabled ? 'Down ' : ''}${tunnel ? 'Point-To-Point ' : ''}SNMP-Traps Encapsulation: ${tunnel ? 'Secure-Tunnel' : isLoopback(unit.device) ? 'Unspecified' : 'ENET2'}`);
  const c = net.counters.get(unit.name) ?? ZERO;
  if (level === 'brief') {
    L.push(`${i2}Input packets : ${c.inputPackets}`, `${i2}Output packets: ${c.outputPackets}`);
    L.push(`${i2}Security: Zone: ${unit.zone ?? 'Null'}`);
  } else {
    L.push(`${i2}Traffic statistics:`, ...trafficLines(c.inputBytes, c.outputBytes, c.inputPackets, c.outputPackets, i2 + ' ', false));
    L.push(`${i2}Local statistics:`, ...trafficLines(c.localInputBytes, c.localOutputBytes, c.localInputPackets, c.localOutputPackets, i2 + ' ', false));
    L.push(
      `${i2}Transit statistics:`,
      ...trafficLines(c.inputBytes - c.localInputBytes, c.outputBytes - c.localOutputBytes, c.inputPackets - c.localInputPackets, c.outputPackets - c.localOutputPackets, i2 + ' ', true),
    );
    L.push(`${i2}Security: Zone: ${unit.zone ?? 'Null'}`);
    const f = net.flow.get(unit.name);
    const i3 = i2 + '  ';
    L.push(`${i2}Flow Statistics :`, `${i2}Flow Input statistics :`);
    L.push(
      ...[
        field('Self packets :', f?.selfPackets ?? 0),
        field('ICMP packets :', f?.icmpPackets ?? 0),
        field('VPN packets :', f?.vpnPackets ?? 0),
        field('Multicast packets :', f?.multicastPackets ?? 0),
        field('Bytes permitted by policy :', f?.bytesPermitted ?? 0),
        field('Connections established :', f?.connections ?? 0),
      ].map((l) => i3 + l),
    );
    L.push(`${i2}Flow Output statistics:`);
    L.push(i3 + field('Multicast packets :', f?.outputMulticastPackets ?? 0), i3 + field('Bytes permitted by policy :', f?.outputBytesPermitted ?? 0));
    L.push(`${i2}Flow error statistics (Packets dropped due to):`);
    for (const [key, label] of FLOW_ERRORS) L.push(i3 + field(label, f?.errors[key] ?? 0));
  }
  const mtu = tunnel ? '9192' : isLoopback(unit.device) ? 'Unlimited' : '1500';
  L.push(`${i2}Protocol inet, MTU: ${mtu}${level === 'brief' ? '' : `, Generation: ${200 + m}, Route table: 0`}`);
  L.push(`${i2}  Flags: None`);
  unit.addresses.forEach((a, k) => {
    const host = a.prefixLength === 32;
    L.push(`${i2}  Addresses, Flags: ${host ? '' : 'Is-Preferred '}${k === 0 ? 'Is-Primary' : ''}`.trimEnd());
    const dest = host ? 'Unspecified' : `${networkOf(a.address, a.prefixLength)}/${a.prefixLength}`;
    const bcast = host ? 'Unspecified' : broadcastOf(a.address, a.prefixLength);
    L.push(`${i2}    Destination: ${dest}, Local: ${a.address}, Broadcast: ${bcast}${level === 'brief' ? '' : ','}`);
    if (level !== 'brief') L.push(`${i2}    Generation: ${220 + m + k}`);
  });
  return L.join('\n') + '\n';
}

function octets(address: string): number {
  return address.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

function dotted(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

/** Junos writes the destination network without trailing zero octets (10.1.10/24). */
function networkOf(address: string, len: number): string {
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  const parts = dotted((octets(address) & mask) >>> 0).split('.');
  while (parts.length > 1 && parts[parts.length - 1] === '0') parts.pop();
  return parts.join('.');
}

function broadcastOf(address: string, len: number): string {
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  return dotted((octets(address) | ~mask) >>> 0);
}
