import type { EventStore, RetentionPolicy, StoreHooks } from './types';

export type { EventStore, IncomingEvent, StoredEvent, AppendResult, RetentionPolicy, StoreHooks } from './types';

/**
 * Opens the store named by a `store` option: 'memory' | 'file:<dir>' | 'sqlite:<path>' |
 * 'redis://host:port[/db]'. The file and sqlite specs take a query:
 *   file:<dir>[?sync=full|normal][&commit_window_ms=N][&segment_bytes=N]
 *   sqlite:<path>[?synchronous=full|normal][&commit_window_ms=N]
 */
export async function openStore(spec: string, retention: RetentionPolicy, hooks: StoreHooks = {}): Promise<EventStore> {
  if (spec === 'memory') {
    const { MemoryStore } = await import('./memory');
    return new MemoryStore(retention);
  }
  if (spec.startsWith('file:')) {
    const { path: dir, params } = pathAndQuery(spec.slice('file:'.length));
    const sync = oneOf(params, 'sync', ['full', 'normal'] as const, 'file');
    const commitWindowMs = commitWindow(params, 'file');
    const segment = params.get('segment_bytes');
    const segmentBytes = segment === null ? undefined : Number(segment);
    if (segmentBytes !== undefined && !(Number.isInteger(segmentBytes) && segmentBytes >= 4096)) throw new Error('file segment_bytes must be a whole number of bytes, at least 4096');
    if (!dir) throw new Error('file store needs a directory: file:<dir>');
    const { FileStore } = await import('./file');
    return FileStore.open({ dir, retention, ...hooks, ...(sync ? { sync } : {}), ...(commitWindowMs !== undefined ? { commitWindowMs } : {}), ...(segmentBytes !== undefined ? { segmentBytes } : {}) });
  }
  if (spec.startsWith('sqlite:')) {
    const { path, params } = pathAndQuery(spec.slice('sqlite:'.length));
    const synchronous = oneOf(params, 'synchronous', ['full', 'normal'] as const, 'sqlite');
    const commitWindowMs = commitWindow(params, 'sqlite');
    const { SqliteStore } = await import('./sqlite');
    return SqliteStore.open({ path, retention, ...hooks, ...(synchronous ? { synchronous } : {}), ...(commitWindowMs !== undefined ? { commitWindowMs } : {}) });
  }
  if (spec.startsWith('redis://') || spec.startsWith('rediss://')) {
    const { RedisStore } = await import('./redis');
    return RedisStore.open({ url: spec, retention, ...hooks });
  }
  throw new Error(`Unknown store "${describeStore(spec)}": use memory, file:<dir>, sqlite:<path> or redis://host:port[/db]`);
}

function pathAndQuery(rest: string): { path: string; params: URLSearchParams } {
  const [path = '', query = ''] = rest.split('?');
  return { path, params: new URLSearchParams(query) };
}

function oneOf<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[], store: string): T | undefined {
  const value = params.get(name);
  if (value === null) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`${store} ${name} must be ${allowed.join(' or ')}`);
  return value as T;
}

function commitWindow(params: URLSearchParams, store: string): number | undefined {
  const window = params.get('commit_window_ms');
  if (window === null) return undefined;
  const ms = Number(window);
  if (!(Number.isFinite(ms) && ms >= 0 && ms <= 1000)) throw new Error(`${store} commit_window_ms must be a number of milliseconds from 0 to 1000`);
  return ms;
}

/** The store spec with any password removed, for logs. */
export function describeStore(spec: string): string {
  return spec.replace(/\/\/[^@/]*@/, '//***@');
}
