// How typed values become stored values: secrets are never kept in clear. A `$9$` value that
// decodes is kept as given (so configurations copied from a real SRX render unchanged);
// anything else is taken as the clear text and encoded, as Junos does.
import type { ValueEncoder } from './ops.ts';
import type { Random } from '../runtime/random.ts';
import { encodeJunos9, isJunos9 } from './secret/junos9.ts';
import { isCryptHash } from './secret/sha512-crypt.ts';

export function secretEncoder(random: Random): ValueEncoder {
  return (decl, value) => {
    if (decl.kind !== 'leaf' || decl.type.kind !== 'secret') return { ok: true, value };
    if (decl.type.encoding === 'crypt') {
      return isCryptHash(value) ? { ok: true, value } : { ok: false, message: `error: invalid encrypted-password: must be a crypt(3) hash ("$6$..." or "$1$...")` };
    }
    if (isJunos9(value)) return { ok: true, value };
    if (decl.name === 'hexadecimal' && !/^(0x)?([0-9a-fA-F]{2})+$/.test(value)) return { ok: false, message: 'error: invalid hexadecimal key' };
    return { ok: true, value: encodeJunos9(value, random) };
  };
}
