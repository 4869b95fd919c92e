/** Call history: a SQLite file in the app's user-data folder, written as calls happen (see history-service.ts). */
export { createHistoryService, type HistoryHost, type HistoryMethods, type HistoryService } from './history-service';
export type { CallAnnotation, CallQuality, CallTransfer, HistoryPort, OutboundCall } from './port';
