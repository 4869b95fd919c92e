import type { Redis as RedisClient } from 'ioredis';
import type { Clock } from './clock';
import type { OfferTransfer } from './protocol';

/** `renewed`: the agent already held the claim (its own renewal), so no new holder. */
export type ClaimOutcome = { granted: true; renewed: boolean; expiresAt: number } | { granted: false; by: string; expiresAt: number };

/** An offer as the store keeps it while it is open (the `offer` frame's fields plus the agent). */
export interface OfferRecord {
  offer_id: string;
  agent_id: string;
  call_control_id: string;
  queue: string;
  from: string;
  to: string;
  enqueued_at: string;
  expires_at: number;
  /** A teammate's transfer (not a queue offer): who sends the caller, from where, how. */
  transfer?: OfferTransfer;
}

export type OfferKey = Pick<OfferRecord, 'offer_id' | 'agent_id' | 'call_control_id'>;

/** `busy`: the agent already has an open offer; `claimed`: someone holds the call's claim. */
export type OfferOutcome = { offered: true } | { offered: false; why: 'busy' | 'claimed'; by?: string };

/**
 * Exactly-one claims on calls: a lease per call_control_id, taken in the relay's store before a
 * console acts on Telnyx, so two agents (on one relay or several) never both answer one call.
 * The holder may renew its own lease; anyone else is told who holds it until when.
 */
export interface ClaimStore {
  claim(callControlId: string, agentId: string, leaseMs: number): Promise<ClaimOutcome>;
  /** Gives the claim back if `agentId` holds it; returns whether it did. */
  release(callControlId: string, agentId: string): Promise<boolean>;
  /**
   * Opens an offer in one atomic step: the call's claim (only if nobody holds it — never a renewal),
   * the agent's one-open-offer lock and the offer record, all for `leaseMs`. Two relays deciding
   * the same caller: one opens it, the other is told `claimed`. `heldBy`: a transfer — the claim
   * may already be this agent's (the one sending its caller on), and passes to the target.
   */
  offer(record: OfferRecord, leaseMs: number, heldBy?: string): Promise<OfferOutcome>;
  /**
   * Closes the open offer `offerId` of a call (false when it is not open any more). Accepted: the
   * claim stays the agent's as a lease of `leaseMs`; otherwise the claim is released.
   */
  endOffer(offer: OfferKey, accepted: boolean, leaseMs: number): Promise<boolean>;
  /** The open offer on a call, if any (a relay the agent moved to delivers it again). */
  openOffer(callControlId: string): Promise<OfferRecord | null>;
  close(): Promise<void>;
}

/** One relay on its own. Each operation is synchronous inside, so two claims cannot interleave. */
export class MemoryClaimStore implements ClaimStore {
  private readonly leases = new Map<string, { agentId: string; expiresAt: number }>();
  private readonly offers = new Map<string, OfferRecord>();
  private readonly busyAgents = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  claim(callControlId: string, agentId: string, leaseMs: number): Promise<ClaimOutcome> {
    const now = this.clock.now();
    const held = this.leases.get(callControlId);
    if (held && held.expiresAt > now && held.agentId !== agentId) return Promise.resolve({ granted: false, by: held.agentId, expiresAt: held.expiresAt });
    const renewed = held !== undefined && held.expiresAt > now;
    const expiresAt = now + leaseMs;
    this.leases.set(callControlId, { agentId, expiresAt });
    this.sweep(now);
    return Promise.resolve({ granted: true, renewed, expiresAt });
  }

  release(callControlId: string, agentId: string): Promise<boolean> {
    const held = this.leases.get(callControlId);
    if (!held || held.agentId !== agentId || held.expiresAt <= this.clock.now()) return Promise.resolve(false);
    this.leases.delete(callControlId);
    return Promise.resolve(true);
  }

  offer(record: OfferRecord, leaseMs: number, heldBy?: string): Promise<OfferOutcome> {
    const now = this.clock.now();
    const held = this.leases.get(record.call_control_id);
    if (held && held.expiresAt > now && held.agentId !== heldBy) return Promise.resolve({ offered: false, why: 'claimed', by: held.agentId });
    if ((this.busyAgents.get(record.agent_id) ?? 0) > now) return Promise.resolve({ offered: false, why: 'busy' });
    const expiresAt = now + leaseMs;
    this.leases.set(record.call_control_id, { agentId: record.agent_id, expiresAt });
    this.busyAgents.set(record.agent_id, expiresAt);
    this.offers.set(record.call_control_id, record);
    return Promise.resolve({ offered: true });
  }

  endOffer({ call_control_id: callControlId, offer_id: offerId }: OfferKey, accepted: boolean, leaseMs: number): Promise<boolean> {
    const now = this.clock.now();
    const open = this.offers.get(callControlId);
    const held = this.leases.get(callControlId);
    if (!open || open.offer_id !== offerId || !held || held.expiresAt <= now || held.agentId !== open.agent_id) return Promise.resolve(false);
    this.offers.delete(callControlId);
    this.busyAgents.delete(open.agent_id);
    if (accepted) this.leases.set(callControlId, { agentId: open.agent_id, expiresAt: now + leaseMs });
    else this.leases.delete(callControlId);
    return Promise.resolve(true);
  }

  openOffer(callControlId: string): Promise<OfferRecord | null> {
    const open = this.offers.get(callControlId);
    const held = this.leases.get(callControlId);
    const live = open && held && held.agentId === open.agent_id && held.expiresAt > this.clock.now() && (this.busyAgents.get(open.agent_id) ?? 0) > this.clock.now();
    return Promise.resolve(live ? open : null);
  }

  close(): Promise<void> {
    this.leases.clear();
    this.offers.clear();
    this.busyAgents.clear();
    return Promise.resolve();
  }

  /** Expired leases are dropped now and then, so the map stays as small as the live claims. */
  private sweep(now: number): void {
    if (this.leases.size < 1024) return;
    for (const [call, lease] of this.leases) {
      if (lease.expiresAt > now) continue;
      this.leases.delete(call);
      this.offers.delete(call);
    }
  }
}

// Grant (1) or renew for the same holder (2) with SET PX, atomically with the check: never two holders.
const CLAIM_SCRIPT = `
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  if holder == false then return {1, ARGV[1], tonumber(ARGV[2])} end
  return {2, ARGV[1], tonumber(ARGV[2])}
end
return {0, holder, redis.call('PTTL', KEYS[1])}`;

const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

// KEYS: the call's claim, the agent's open-offer lock, the call's offer record. NX semantics only:
// an offer never renews a claim, so of two relays offering one caller exactly one succeeds. ARGV[5]:
// for a transfer, the sending agent, whose own claim may pass to the target ('' otherwise: no agent id is empty).
const OFFER_SCRIPT = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[5] then return {0, 'claimed', holder} end
if redis.call('EXISTS', KEYS[2]) == 1 then return {0, 'busy', ''} end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[2])
redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[2])
return {1, 'offered', ARGV[1]}`;

// Closes offer ARGV[2] if it is still the open one: the claim becomes a lease (accepted) or goes.
const END_OFFER_SCRIPT = `
local json = redis.call('GET', KEYS[3])
if not json then return 0 end
local offer = cjson.decode(json)
if offer.offer_id ~= ARGV[2] or redis.call('GET', KEYS[1]) ~= offer.agent_id then return 0 end
redis.call('DEL', KEYS[3])
if redis.call('GET', KEYS[2]) == offer.call_control_id then redis.call('DEL', KEYS[2]) end
if ARGV[3] == '1' then redis.call('SET', KEYS[1], offer.agent_id, 'PX', ARGV[4]) else redis.call('DEL', KEYS[1]) end
return 1`;

interface ClaimCommands {
  callClaim(key: string, agentId: string, leaseMs: number): Promise<[number, string, number]>;
  callRelease(key: string, agentId: string): Promise<number>;
  callOffer(claimKey: string, agentKey: string, offerKey: string, agentId: string, leaseMs: number, json: string, callControlId: string, heldBy: string): Promise<[number, string, string]>;
  callEndOffer(claimKey: string, agentKey: string, offerKey: string, agentId: string, offerId: string, accepted: string, leaseMs: number): Promise<number>;
}

/** Claims shared by every relay on one Redis: one key per call, expiring with its lease (PX). */
export class RedisClaimStore implements ClaimStore {
  static async open(url: string, clock: Clock, prefix = 'switchboard:relay'): Promise<RedisClaimStore> {
    const { Redis } = await import('ioredis');
    const client = new Redis(url, { lazyConnect: true, protocol: 2, maxRetriesPerRequest: 2, connectionName: 'switchboard-relay-claims' });
    await client.connect();
    client.defineCommand('callClaim', { numberOfKeys: 1, lua: CLAIM_SCRIPT });
    client.defineCommand('callRelease', { numberOfKeys: 1, lua: RELEASE_SCRIPT });
    client.defineCommand('callOffer', { numberOfKeys: 3, lua: OFFER_SCRIPT });
    client.defineCommand('callEndOffer', { numberOfKeys: 3, lua: END_OFFER_SCRIPT });
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
    return granted === 0 ? { granted: false, by: holder, expiresAt } : { granted: true, renewed: granted === 2, expiresAt };
  }

  async release(callControlId: string, agentId: string): Promise<boolean> {
    return (await (this.client as unknown as ClaimCommands).callRelease(this.key(callControlId), agentId)) === 1;
  }

  async offer(record: OfferRecord, leaseMs: number, heldBy?: string): Promise<OfferOutcome> {
    const call = record.call_control_id;
    const [offered, why, by] = await this.commands.callOffer(this.key(call), this.agentKey(record.agent_id), this.offerKey(call), record.agent_id, leaseMs, JSON.stringify(record), call, heldBy ?? '');
    if (offered === 1) return { offered: true };
    return why === 'claimed' ? { offered: false, why, by } : { offered: false, why: 'busy' };
  }

  async endOffer(offer: OfferKey, accepted: boolean, leaseMs: number): Promise<boolean> {
    const call = offer.call_control_id;
    const ended = await this.commands.callEndOffer(this.key(call), this.agentKey(offer.agent_id), this.offerKey(call), offer.agent_id, offer.offer_id, accepted ? '1' : '0', leaseMs);
    return ended === 1;
  }

  async openOffer(callControlId: string): Promise<OfferRecord | null> {
    const json = await this.client.get(this.offerKey(callControlId));
    if (json === null) return null;
    try {
      return JSON.parse(json) as OfferRecord;
    } catch {
      return null;
    }
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => {});
  }

  private get commands(): ClaimCommands {
    return this.client as unknown as ClaimCommands;
  }

  private agentKey(agentId: string): string {
    return `${this.prefix}:offer-agent:${agentId}`;
  }

  private offerKey(callControlId: string): string {
    return `${this.prefix}:offer:${callControlId}`;
  }

  private key(callControlId: string): string {
    return `${this.prefix}:claim:${callControlId}`;
  }
}
