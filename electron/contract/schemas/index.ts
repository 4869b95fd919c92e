/**
 * The contract's zod schemas: main (and core) validate with them. Not for the renderer or the
 * preload at runtime (lint enforces it): their bundles stay free of zod.
 */
export * from './settings';
export * from './methods';
export * from './softphone';
export * from './softphone-audio';
export * from './history';
export * from './agent-states';
export * from './transfer';
export * from './outbound';
