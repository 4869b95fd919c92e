/** The contract between the main process and the renderer. Imported by both sides. */
export * from './errors';
export * from './domain';
export * from './settings';
export * from './methods';
export * from './events';
export * from './channels';
export * from './api';
export * from './updates';
