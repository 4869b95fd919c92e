/**
 * The contract between the main process and the renderer, zod-free: types, names, and the
 * small pure helpers both sides run (errorTitle, accelerator syntax, the address pattern).
 * The renderer and the preload may import it at runtime. The schemas main validates with are
 * in ./schemas (types from there are re-exported here as types only).
 */
export * from './errors';
export * from './domain';
export * from './settings';
export * from './shortcuts';
export * from './accelerator';
export * from './addresses';
export * from './relay-url';
export * from './names';
export * from './methods';
export * from './events';
export * from './channels';
export * from './api';
export * from './updates';
export * from './softphone';
export * from './softphone-audio';
export * from './history';
export * from './agent-states';
export * from './screen-pop';
export * from './transfer';
export * from './outbound';
export * from './team';
export type { MethodParams, ParsedParams } from './schemas/methods';
