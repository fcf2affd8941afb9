// Formatters for `show security ike ...` / `show security ipsec ...`: engine snapshots in,
// Junos text or an XML element tree out. Pure; no device, no terminal.
export * from './xml.ts';
export * from './columns.ts';
export * from './ike-sa-view.ts';
export * from './ipsec-sa-view.ts';
export * from './ipsec-statistics-view.ts';
export * from './active-peer-view.ts';
export * from './profiles.ts';
export * from './names.ts';
