// `show interfaces terse [NAME]`: physical and logical interfaces with admin/link state and
// addresses, in the Junos column layout.
import type { Device } from '../engine/device.ts';

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
