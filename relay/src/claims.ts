import type { Redis as RedisClient } from 'ioredis';
import type { Clock } from './clock';

export type ClaimOutcome = { granted: true; expiresAt: number } | { granted: false; by: string; expiresAt: number };

/**
 * Exactly-one claims on calls: a lease per call_control_id, taken in the relay's store before a
 * console acts on Telnyx, so two agents (on one relay or several) never both answer one call.
 * The holder may renew its own lease; anyone else is told who holds it until when.
 */
export interface ClaimStore {
  claim(callControlId: string, agentId: string, leaseMs: number): Promise<ClaimOutcome>;
  /** Gives the claim back if `agentId` holds it; returns whether it did. */
  release(callControlId: string, agentId: string): Promise<boolean>;
  close(): Promise<void>;
}

/** One relay on its own. Each operation is synchronous inside, so two claims cannot interleave. */
export class MemoryClaimStore implements ClaimStore {
  private readonly leases = new Map<string, { agentId: string; expiresAt: number }>();

  constructor(private readonly clock: Clock) {}

  claim(callControlId: string, agentId: string, leaseMs: number): Promise<ClaimOutcome> {
    const now = this.clock.now();
    const held = this.leases.get(callControlId);
    if (held && held.expiresAt > now && held.agentId !== agentId) return Promise.resolve({ granted: false, by: held.agentId, expiresAt: held.expiresAt });
    const expiresAt = now + leaseMs;
    this.leases.set(callControlId, { agentId, expiresAt });
    this.sweep(now);
    return Promise.resolve({ granted: true, expiresAt });
  }

  release(callControlId: string, agentId: string): Promise<boolean> {
    const held = this.leases.get(callControlId);
    if (!held || held.agentId !== agentId || held.expiresAt <= this.clock.now()) return Promise.resolve(false);
    this.leases.delete(callControlId);
    return Promise.resolve(true);
  }

  close(): Promise<void> {
    this.leases.clear();
    return Promise.resolve();
  }

  /** Expired leases are dropped now and then, so the map stays as small as the live claims. */
  private sweep(now: number): void {
    if (this.leases.size < 1024) return;
    for (const [call, lease] of this.leases) if (lease.expiresAt <= now) this.leases.delete(call);
  }
}

// Grant (or renew for the same holder) with SET PX, atomically with the check: never two holders.
const CLAIM_SCRIPT = `
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return {1, ARGV[1], tonumber(ARGV[2])}
end
return {0, holder, redis.call('PTTL', KEYS[1])}`;

const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

interface ClaimCommands {
  callClaim(key: string, agentId: string, leaseMs: number): Promise<[number, string, number]>;
  callRelease(key: string, agentId: string): Promise<number>;
}

/** Claims shared by every relay on one Redis: one key per call, expiring with its lease (PX). */
export class RedisClaimStore implements ClaimStore {
  static async open(url: string, clock: Clock, prefix = 'switchboard:relay'): Promise<RedisClaimStore> {
    const { Redis } = await import('ioredis');
    const client = new Redis(url, { lazyConnect: true, protocol: 2, maxRetriesPerRequest: 2, connectionName: 'switchboard-relay-claims' });
    await client.connect();
    client.defineCommand('callClaim', { numberOfKeys: 1, lua: CLAIM_SCRIPT });
    client.defineCommand('callRelease', { numberOfKeys: 1, lua: RELEASE_SCRIPT });
    return new RedisClaimStore(client, clock, prefix);
  }

  private constructor(
    private readonly client: RedisClient,
    private readonly clock: Clock,
    private readonly prefix: string,
  ) {}

  async claim(callControlId: string, agentId: string, leaseMs: number): Promise<ClaimOutcome> {
    const [granted, holder, ttl] = await (this.client as unknown as ClaimCommands).callClaim(this.key(callControlId), agentId, leaseMs);
    // Redis keeps the lease by its own clock; the answer is translated to this relay's.
    const expiresAt = this.clock.now() + Math.max(0, Number(ttl));
    return granted === 1 ? { granted: true, expiresAt } : { granted: false, by: holder, expiresAt };
  }

  async release(callControlId: string, agentId: string): Promise<boolean> {
    return (await (this.client as unknown as ClaimCommands).callRelease(this.key(callControlId), agentId)) === 1;
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => {});
  }

  private key(callControlId: string): string {
    return `${this.prefix}:claim:${callControlId}`;
  }
}
