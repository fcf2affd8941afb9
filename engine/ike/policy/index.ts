export type * from './types.ts';
export * from './proposal-sets.ts';
