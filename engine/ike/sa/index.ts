export { IkeEngine, type IkeEngineOptions } from './engine.ts';
export type { IkeEvent, IkeLogEntry, Peer, Role, DeleteCause } from './events.ts';
export { formatEvent } from './events.ts';
export type { IkeSaSnapshot, TrafficCounters } from './ike-sa.ts';
export type { IpsecSaSnapshot } from './ipsec-sa.ts';
export type { IkeStatistics } from './statistics.ts';
