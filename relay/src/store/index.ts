import type { EventStore, RetentionPolicy, StoreHooks } from './types';

export type { EventStore, IncomingEvent, StoredEvent, AppendResult, RetentionPolicy, StoreHooks } from './types';

/** Opens the store named by a `store` option: 'memory' | 'sqlite:<path>' | 'redis://host:port[/db]'. */
export async function openStore(spec: string, retention: RetentionPolicy, hooks: StoreHooks = {}): Promise<EventStore> {
  if (spec === 'memory') {
    const { MemoryStore } = await import('./memory');
    return new MemoryStore(retention);
  }
  if (spec.startsWith('sqlite:')) {
    // sqlite:<path>[?synchronous=full|normal][&commit_window_ms=N]
    const [path = '', query = ''] = spec.slice('sqlite:'.length).split('?');
    const params = new URLSearchParams(query);
    const synchronous = params.get('synchronous');
    if (synchronous !== null && synchronous !== 'full' && synchronous !== 'normal') throw new Error('sqlite synchronous must be full or normal');
    const window = params.get('commit_window_ms');
    const commitWindowMs = window === null ? undefined : Number(window);
    if (commitWindowMs !== undefined && !(Number.isFinite(commitWindowMs) && commitWindowMs >= 0 && commitWindowMs <= 1000)) {
      throw new Error('sqlite commit_window_ms must be a number of milliseconds from 0 to 1000');
    }
    const { SqliteStore } = await import('./sqlite');
    return SqliteStore.open({ path, retention, ...hooks, ...(synchronous ? { synchronous } : {}), ...(commitWindowMs !== undefined ? { commitWindowMs } : {}) });
  }
  if (spec.startsWith('redis://') || spec.startsWith('rediss://')) {
    const { RedisStore } = await import('./redis');
    return RedisStore.open({ url: spec, retention, ...hooks });
  }
  throw new Error(`Unknown store "${describeStore(spec)}": use memory, sqlite:<path> or redis://host:port[/db]`);
}

/** The store spec with any password removed, for logs. */
export function describeStore(spec: string): string {
  return spec.replace(/\/\/[^@/]*@/, '//***@');
}
