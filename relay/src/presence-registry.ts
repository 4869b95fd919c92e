import type { AgentPresence } from './protocol';

/** A presence record as stored: the public fields plus the relay instance that wrote it. */
export interface PresenceRecord extends AgentPresence {
  /** Instance id of the relay holding the agent's socket; only that relay may mark it offline. */
  owner: string;
}

/**
 * The team's presence, keyed by agent id. One registry per relay (memory) or shared by every relay
 * on one Redis (presence-redis.ts): either way each relay hears every change through `onChange`.
 */
export interface PresenceRegistry {
  /** Stores the record and tells every relay. */
  put(record: PresenceRecord): Promise<void>;
  /**
   * Marks the agent offline, only if the relay `owner` still owns its record (the agent has not
   * since published through another relay). Returns whether it did.
   */
  markOffline(agentId: string, owner: string, now: number): Promise<boolean>;
  snapshot(): Promise<AgentPresence[]>;
  onChange(listener: (presence: AgentPresence) => void): () => void;
  close(): Promise<void>;
}

/** The public part of a record (what supervisors see). */
export function publicPresence(record: PresenceRecord): AgentPresence {
  const { owner: _owner, ...presence } = record;
  return presence;
}

/** The record an owner writes when the agent's sockets have been gone past the grace period. */
export function offlineRecord(record: PresenceRecord, now: number): PresenceRecord {
  return { ...record, state: 'offline', reason: 'disconnected', since: new Date(now).toISOString(), softphone_registered: false, connected: false, updated_at: now };
}

/** One relay on its own: a Map. */
export class MemoryPresenceRegistry implements PresenceRegistry {
  private readonly records = new Map<string, PresenceRecord>();
  private readonly listeners = new Set<(presence: AgentPresence) => void>();

  put(record: PresenceRecord): Promise<void> {
    this.records.set(record.agent_id, record);
    this.emit(record);
    return Promise.resolve();
  }

  markOffline(agentId: string, owner: string, now: number): Promise<boolean> {
    const record = this.records.get(agentId);
    if (!record || record.owner !== owner || !record.connected) return Promise.resolve(false);
    const offline = offlineRecord(record, now);
    this.records.set(agentId, offline);
    this.emit(offline);
    return Promise.resolve(true);
  }

  snapshot(): Promise<AgentPresence[]> {
    return Promise.resolve([...this.records.values()].map(publicPresence));
  }

  onChange(listener: (presence: AgentPresence) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): Promise<void> {
    this.listeners.clear();
    return Promise.resolve();
  }

  private emit(record: PresenceRecord): void {
    const presence = publicPresence(record);
    for (const listener of this.listeners) listener(presence);
  }
}
