import type { Redis as RedisClient } from 'ioredis';
import type { AgentPresence } from './protocol';
import { offlineRecord, publicPresence, type PresenceRecord, type PresenceRegistry } from './presence-registry';

// Store and announce in one step, so no relay can read a record nobody was told about.
const PUT_SCRIPT = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PUBLISH', KEYS[2], ARGV[2])
return 1`;

// Compare-and-set on the exact stored JSON: the offline record replaces only the record the
// owner read; if the agent published again meanwhile (through any relay) nothing changes.
const CAS_SCRIPT = `
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('PUBLISH', KEYS[2], ARGV[3])
return 1`;

interface PresenceCommands {
  presencePut(hashKey: string, channel: string, agentId: string, json: string): Promise<number>;
  presenceCas(hashKey: string, channel: string, agentId: string, expected: string, json: string): Promise<number>;
}

/**
 * Presence shared by every relay on one Redis: a hash (agent id → record JSON) for snapshots and
 * a pub/sub channel for changes. Pub/sub is enough here: a relay that misses a message (reconnect)
 * still serves the hash to the next supervisor, and presence is a state, not a log.
 */
export class RedisPresenceRegistry implements PresenceRegistry {
  private readonly listeners = new Set<(presence: AgentPresence) => void>();
  private readonly hashKey: string;
  private readonly channel: string;

  static async open(url: string, prefix = 'switchboard:relay'): Promise<RedisPresenceRegistry> {
    const { Redis } = await import('ioredis');
    const commands = new Redis(url, { lazyConnect: true, protocol: 2, maxRetriesPerRequest: 2, connectionName: 'switchboard-relay-presence' });
    const subscriber = new Redis(url, { lazyConnect: true, protocol: 2, maxRetriesPerRequest: null, connectionName: 'switchboard-relay-presence-sub' });
    await commands.connect();
    await subscriber.connect();
    commands.defineCommand('presencePut', { numberOfKeys: 2, lua: PUT_SCRIPT });
    commands.defineCommand('presenceCas', { numberOfKeys: 2, lua: CAS_SCRIPT });
    const registry = new RedisPresenceRegistry(commands, subscriber, prefix);
    await subscriber.subscribe(registry.channel);
    return registry;
  }

  private constructor(
    private readonly commands: RedisClient,
    private readonly subscriber: RedisClient,
    prefix: string,
  ) {
    this.hashKey = `${prefix}:presence`;
    this.channel = `${prefix}:presence:changes`;
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      const record = parseRecord(message);
      if (!record) return;
      const presence = publicPresence(record);
      for (const listener of this.listeners) listener(presence);
    });
  }

  async put(record: PresenceRecord): Promise<void> {
    await (this.commands as unknown as PresenceCommands).presencePut(this.hashKey, this.channel, record.agent_id, JSON.stringify(record));
  }

  async markOffline(agentId: string, owner: string, now: number): Promise<boolean> {
    const stored = await this.commands.hget(this.hashKey, agentId);
    const record = stored === null ? undefined : parseRecord(stored);
    if (!record || record.owner !== owner || !record.connected) return false;
    const offline = JSON.stringify(offlineRecord(record, now));
    return (await (this.commands as unknown as PresenceCommands).presenceCas(this.hashKey, this.channel, agentId, stored!, offline)) === 1;
  }

  async snapshot(): Promise<AgentPresence[]> {
    const all = await this.commands.hvals(this.hashKey);
    return all.map(parseRecord).filter((r): r is PresenceRecord => r !== undefined).map(publicPresence);
  }

  onChange(listener: (presence: AgentPresence) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await Promise.allSettled([this.subscriber.quit(), this.commands.quit()]);
  }
}

/** Records come from our own writes; anything unreadable is skipped rather than trusted. */
function parseRecord(json: string): PresenceRecord | undefined {
  try {
    const value = JSON.parse(json) as PresenceRecord;
    return typeof value.agent_id === 'string' && typeof value.owner === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
