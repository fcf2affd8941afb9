// Raw address bytes <-> text for ID and NAT-OA payloads. Formatting is canonical
// (dotted quad; RFC 5952 for IPv6) so that decode -> encode reproduces the wire bytes.

import { isIPv4, isIPv6 } from 'node:net';

export function formatIpv4(bytes: Buffer): string {
  return [...bytes.subarray(0, 4)].join('.');
}

export function formatIpv6(bytes: Buffer): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i));
  // RFC 5952 4.2: compress the longest run (first if tied) of two or more zero groups.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

export function parseIpv4(text: string): Buffer {
  if (!isIPv4(text)) throw new RangeError(`not an IPv4 address: ${text}`);
  return Buffer.from(text.split('.').map(Number));
}

export function parseIpv6(text: string): Buffer {
  if (!isIPv6(text) || text.includes('%')) throw new RangeError(`not an IPv6 address: ${text}`);
  let groupsText = text;
  // An embedded dotted quad (::ffff:1.2.3.4) becomes two hex groups.
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const v4 = parseIpv4(quad[1]);
    groupsText = `${text.slice(0, quad.index)}${v4.readUInt16BE(0).toString(16)}:${v4.readUInt16BE(2).toString(16)}`;
  }
  const [head, tail] = groupsText.split('::') as [string, string | undefined];
  const toGroups = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const before = toGroups(head);
  const after = toGroups(tail);
  const groups = tail === undefined ? before : [...before, ...new Array<number>(8 - before.length - after.length).fill(0), ...after];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  return out;
}
