// Value types shared by several parts of the hierarchy.
import { enumOf, str, type ValueType } from './types.ts';

/** Object names: what Junos accepts for proposals, policies, gateways, zones... */
export const objectName = (max = 63): ValueType =>
  str({
    pattern: new RegExp(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,${max - 1}}$`),
    patternMessage: `Must be a string beginning with a letter or number, and consisting of no more than ${max} total letters, numbers, dashes and underscores.`,
  });

export const interfaceUnit: ValueType = { kind: 'interface-unit' };
export const ipv4Address: ValueType = { kind: 'ipv4-address' };
export const hostname: ValueType = str({
  pattern: /^[A-Za-z0-9][A-Za-z0-9.-]{0,254}$/,
  patternMessage: 'Must be a valid hostname',
});
export const secret9: ValueType = { kind: 'secret', encoding: 'junos9' };
export const dhGroup = enumOf(
  ['group1', 'Diffie-Hellman Group 1'],
  ['group2', 'Diffie-Hellman Group 2'],
  ['group5', 'Diffie-Hellman Group 5'],
  ['group14', 'Diffie-Hellman Group 14'],
  ['group19', 'Diffie-Hellman Group 19'],
  ['group20', 'Diffie-Hellman Group 20'],
  ['group24', 'Diffie-Hellman Group 24'],
);
export const cbcCipher: [string, string][] = [
  ['des-cbc', 'DES-CBC encryption algorithm'],
  ['3des-cbc', '3DES-CBC encryption algorithm'],
  ['aes-128-cbc', 'AES-CBC 128-bit encryption algorithm'],
  ['aes-192-cbc', 'AES-CBC 192-bit encryption algorithm'],
  ['aes-256-cbc', 'AES-CBC 256-bit encryption algorithm'],
];
