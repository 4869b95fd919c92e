import type { EventStore, RetentionPolicy, StoreHooks } from './types';

export type { EventStore, IncomingEvent, StoredEvent, AppendResult, RetentionPolicy, StoreHooks } from './types';

/** Opens the store named by a `store` option: 'memory' | 'sqlite:<path>' | 'redis://host:port[/db]'. */
export async function openStore(spec: string, retention: RetentionPolicy, hooks: StoreHooks = {}): Promise<EventStore> {
  if (spec === 'memory') {
    const { MemoryStore } = await import('./memory');
    return new MemoryStore(retention);
  }
  if (spec.startsWith('sqlite:')) {
    // sqlite:<path>[?synchronous=full|normal]
    const [path = '', query = ''] = spec.slice('sqlite:'.length).split('?');
    const synchronous = new URLSearchParams(query).get('synchronous');
    if (synchronous !== null && synchronous !== 'full' && synchronous !== 'normal') throw new Error('sqlite synchronous must be full or normal');
    const { SqliteStore } = await import('./sqlite');
    return SqliteStore.open({ path, retention, ...hooks, ...(synchronous ? { synchronous } : {}) });
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
