// The device's logical interfaces with their IPv4 addresses and zones, read from the
// committed configuration's typed view.
import { object, objects, type ConfigObject } from '../config/view.ts';
import { parseIpv4 } from '../config/value-type.ts';

export interface InterfaceAddress {
  address: string;
  prefixLength: number;
}

export interface LogicalInterface {
  /** `ge-1/0/1.0`, `st0.0`. */
  name: string;
  /** The physical interface the wire attaches to (`ge-1/0/1`). */
  device: string;
  addresses: InterfaceAddress[];
  zone?: string;
  disabled: boolean;
}


export function interfaceTable(config: ConfigObject): LogicalInterface[] {
  const zoneOf = new Map<string, string>();
  for (const zone of objects(object(object(config.security).zones)['security-zone'])) {
    for (const i of objects(zone.interfaces)) zoneOf.set(String(i.name), String(zone.name));
  }
  const out: LogicalInterface[] = [];
  for (const ifd of objects(object(config.interfaces).interface)) {
    for (const unit of objects(ifd.unit)) {
      const name = `${ifd.name}.${unit.name}`;
      const inet = object(object(unit.family).inet);
      const addresses = objects(inet.address).map((a) => {
        const [address, len] = String(a.name).split('/');
        return { address: address!, prefixLength: Number(len) };
      });
      const zone = zoneOf.get(name);
      out.push({ name, device: String(ifd.name), addresses, disabled: ifd.disable === true || unit.disable === true, ...(zone ? { zone } : {}) });
    }
  }
  return out;
}

export function maskOf(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
}

export function inSubnet(address: string, network: string, prefixLength: number): boolean {
  const a = parseIpv4(address);
  const n = parseIpv4(network);
  if (a === undefined || n === undefined) return false;
  const m = maskOf(prefixLength);
  return ((a & m) >>> 0) === ((n & m) >>> 0);
}
