// Per-zone address books: `security zones security-zone Z address-book` entries (`address NAME
// PREFIX`), address sets (which may name further sets), and the implicit `any`.
import { object, objects, type ConfigObject } from '../config/view.ts';
import { parseIpv4 } from '../config/value-type.ts';

export interface AddressPrefix {
  /** The address-book entry this prefix comes from (`any` for the implicit one). */
  name: string;
  /** The prefix as configured (`10.1.10.0/24`). */
  text: string;
  /** Network address with host bits cleared, as an unsigned 32-bit number. */
  network: number;
  length: number;
}

export const ANY_ADDRESS = 'any';
const ANY_NAMES = new Set([ANY_ADDRESS, 'any-ipv4']);

export function prefixMask(length: number): number {
  return length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
}

/** `10.1.10.0/24` or `10.1.10.1` (a host); undefined when not an IPv4 prefix. */
export function parsePrefix(name: string, text: string): AddressPrefix | undefined {
  const [addr, len, extra] = text.split('/');
  const ip = addr === undefined ? undefined : parseIpv4(addr);
  if (ip === undefined || extra !== undefined) return undefined;
  const length = len === undefined ? 32 : /^\d{1,2}$/.test(len) ? Number(len) : NaN;
  if (!(length >= 0 && length <= 32)) return undefined;
  return { name, text: len === undefined ? `${addr}/32` : text, network: (ip & prefixMask(length)) >>> 0, length };
}

export function prefixContains(p: AddressPrefix, address: number): boolean {
  return ((address & prefixMask(p.length)) >>> 0) === p.network;
}


interface AddressSetDef {
  addresses: string[];
  sets: string[];
}

/** One zone's address book. */
export class AddressBook {
  private readonly addresses = new Map<string, AddressPrefix>();
  private readonly sets = new Map<string, AddressSetDef>();
  private readonly resolved = new Map<string, AddressPrefix[] | undefined>();

  constructor(readonly zone: string, book: ConfigObject = {}) {
    for (const a of objects(book.address)) {
      const p = a['ip-prefix'] === undefined ? undefined : parsePrefix(String(a.name), String(a['ip-prefix']));
      if (p) this.addresses.set(p.name, p);
    }
    for (const s of objects(book['address-set'])) {
      this.sets.set(String(s.name), { addresses: objects(s.address).map((m) => String(m.name)), sets: objects(s['address-set']).map((m) => String(m.name)) });
    }
  }

  /** Whether a policy may name this address in this zone. */
  has(name: string): boolean {
    return ANY_NAMES.has(name) || this.addresses.has(name) || this.sets.has(name);
  }

  isSet(name: string): boolean {
    return this.sets.has(name) && !this.addresses.has(name);
  }

  /**
   * The prefixes a name stands for, address sets flattened (nested sets included, each entry
   * once, in configuration order); undefined for a name this zone does not define.
   */
  resolve(name: string): AddressPrefix[] | undefined {
    if (this.resolved.has(name)) return this.resolved.get(name);
    let out: AddressPrefix[] | undefined;
    if (ANY_NAMES.has(name)) out = [{ name, text: '0.0.0.0/0', network: 0, length: 0 }];
    else if (this.addresses.has(name)) out = [this.addresses.get(name)!];
    else if (this.sets.has(name)) {
      out = [];
      const seenSets = new Set<string>();
      const seen = new Set<string>();
      const walk = (setName: string) => {
        if (seenSets.has(setName)) return;
        seenSets.add(setName);
        const def = this.sets.get(setName);
        if (!def) return;
        for (const a of def.addresses) {
          const p = this.addresses.get(a);
          if (p && !seen.has(a)) {
            seen.add(a);
            out!.push(p);
          }
        }
        for (const s of def.sets) walk(s);
      };
      walk(name);
    }
    this.resolved.set(name, out);
    return out;
  }

  /** Whether an address (dotted quad) falls in what a name stands for. */
  contains(name: string, address: string): boolean {
    const a = parseIpv4(address);
    return a !== undefined && (this.resolve(name) ?? []).some((p) => prefixContains(p, a));
  }
}

/** Every zone's address book, by zone name. A zone without one still resolves `any`. */
export class AddressBooks {
  private readonly books = new Map<string, AddressBook>();
  private readonly undefinedZones = new Map<string, AddressBook>();

  static fromConfig(config: ConfigObject): AddressBooks {
    const books = new AddressBooks();
    for (const zone of objects(object(object(config.security).zones)['security-zone'])) {
      const name = String(zone.name);
      books.books.set(name, new AddressBook(name, object(zone['address-book'])));
    }
    return books;
  }

  zones(): string[] {
    return [...this.books.keys()];
  }

  hasZone(zone: string): boolean {
    return this.books.has(zone);
  }

  /** The zone's address book (an empty one, resolving only `any`, for an unknown zone). */
  book(zone: string): AddressBook {
    let b = this.books.get(zone) ?? this.undefinedZones.get(zone);
    if (!b) {
      b = new AddressBook(zone);
      this.undefinedZones.set(zone, b);
    }
    return b;
  }

  resolve(zone: string, name: string): AddressPrefix[] | undefined {
    return this.book(zone).resolve(name);
  }
}
