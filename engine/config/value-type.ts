// Parsing and checking of one leaf value against its declared type.
import type { ValueType } from './schema/types.ts';

export type ValueResult = { ok: true; value: string } | { ok: false; message: string };

const IFD = /^(?:(?:ge|fe|xe|et)-\d{1,2}\/\d{1,2}\/\d{1,2}|st0|lo0|fxp0)$/;

export function parseIpv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
}

export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Enum lookup: an exact match wins, otherwise a unique prefix. */
export function matchEnum(names: readonly string[], word: string): string | undefined {
  if (names.includes(word)) return word;
  const hits = names.filter((n) => n.startsWith(word));
  return hits.length === 1 ? hits[0] : undefined;
}

/** Checks `text` and returns the value as Junos stores it. Secrets are checked by the caller. */
export function parseValue(t: ValueType, text: string): ValueResult {
  switch (t.kind) {
    case 'string':
      if (/[\r\n]/.test(text)) return { ok: false, message: 'Line breaks are not allowed' };
      if (t.maxLength !== undefined && text.length > t.maxLength) return { ok: false, message: `Must be a string of ${t.maxLength} characters or less` };
      if (t.pattern && !t.pattern.test(text)) return { ok: false, message: t.patternMessage ?? 'invalid value' };
      return { ok: true, value: text };
    case 'enum': {
      const hit = matchEnum(t.values.map((v) => v.name), text);
      return hit ? { ok: true, value: hit } : { ok: false, message: `syntax error, expecting ${t.values.length === 1 ? `'${t.values[0]!.name}'` : 'one of: ' + t.values.map((v) => v.name).join(' ')}` };
    }
    case 'uint': {
      if (!/^\d+$/.test(text)) return { ok: false, message: `invalid numeric value: '${text}'` };
      const n = Number(text);
      if (n < t.min || n > t.max) return { ok: false, message: `Value ${n} is not within range (${t.min}..${t.max})` };
      return { ok: true, value: String(n) };
    }
    case 'ipv4-address':
      return parseIpv4(text) === undefined ? { ok: false, message: `invalid ip address or hostname: ${text}` } : { ok: true, value: text };
    case 'ipv4-prefix': {
      const [addr, len, extra] = text.split('/');
      const ip = addr === undefined ? undefined : parseIpv4(addr);
      if (ip === undefined || extra !== undefined) return { ok: false, message: `invalid prefix: ${text}` };
      if (len === undefined) return { ok: true, value: `${addr}/32` };
      if (!/^\d{1,2}$/.test(len) || Number(len) > 32) return { ok: false, message: `invalid prefix length: ${text}` };
      if (t.host === 'forbidden') {
        const mask = Number(len) === 0 ? 0 : (0xffffffff << (32 - Number(len))) >>> 0;
        return { ok: true, value: `${formatIpv4((ip & mask) >>> 0)}/${Number(len)}` };
      }
      return { ok: true, value: `${addr}/${Number(len)}` };
    }
    case 'interface-device':
      return IFD.test(text) ? { ok: true, value: text } : { ok: false, message: `invalid interface type in '${text}'` };
    case 'interface-unit': {
      const [dev, unit, extra] = text.split('.');
      if (dev === undefined || !IFD.test(dev) || extra !== undefined) return { ok: false, message: `invalid interface type in '${text}'` };
      if (unit === undefined) return { ok: true, value: `${dev}.0` };
      if (!/^\d+$/.test(unit) || Number(unit) > 16385) return { ok: false, message: `invalid logical unit number in '${text}'` };
      return { ok: true, value: `${dev}.${Number(unit)}` };
    }
    case 'secret':
      return { ok: true, value: text };
    case 'union': {
      for (const member of t.of) {
        const r = parseValue(member, text);
        if (r.ok) return r;
      }
      return { ok: false, message: `invalid value '${text}': expecting ${t.description}` };
    }
  }
}
