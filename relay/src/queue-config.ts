/**
 * Per-queue policy from the relay's configuration: how calls reach agents (`offer`: the relay
 * offers each waiting caller to the longest-idle Available agent; `pull`: agents take calls
 * themselves, as before) and the service-level threshold the KPIs measure against.
 */
export type QueueMode = 'offer' | 'pull';

export interface QueuePolicy {
  mode: QueueMode;
  /** A call answered within this many seconds counts toward the service level. */
  serviceLevelSecs: number;
  /** How long an agent has to accept an offer before it goes to the next agent. */
  offerTimeoutMs: number;
}

export interface QueueConfig {
  /** Policy of queues not named in `queues`. */
  defaults: QueuePolicy;
  queues: Record<string, QueuePolicy>;
  /** An agent who lets this many offers in a row time out is set Away ("missed offers"); 0 = never. */
  maxMissedOffers: number;
}

export const QUEUE_DEFAULTS: QueuePolicy = { mode: 'pull', serviceLevelSecs: 20, offerTimeoutMs: 15_000 };
/**
 * Off by default: the console owns its agent's state and sets itself Away after its own setting
 * (Settings → Go away after missed offers), so a relay and a console never disagree about it.
 * Set it for desktops that do not (a relay-side backstop).
 */
export const DEFAULT_MAX_MISSED_OFFERS = 0;

/** The config file's shape (JSON): every field optional. */
export interface QueueConfigInput {
  defaults?: Partial<QueuePolicy>;
  queues?: Record<string, Partial<QueuePolicy>>;
  maxMissedOffers?: number;
}

/** Validates a config (from the API or a JSON file); throws naming the first bad field. */
export function readQueueConfig(input: QueueConfigInput = {}): QueueConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error('queue config must be an object');
  const extra = Object.keys(input).filter((k) => !['defaults', 'queues', 'maxMissedOffers'].includes(k));
  if (extra.length) throw new Error(`queue config: unknown field ${extra.join(', ')}`);
  const defaults = policy('defaults', input.defaults ?? {}, QUEUE_DEFAULTS);
  const queues: Record<string, QueuePolicy> = {};
  for (const [name, value] of Object.entries(input.queues ?? {})) {
    if (!name) throw new Error('queue config: a queue name is empty');
    queues[name] = policy(`queues.${name}`, value, defaults);
  }
  const maxMissedOffers = input.maxMissedOffers ?? DEFAULT_MAX_MISSED_OFFERS;
  if (!Number.isInteger(maxMissedOffers) || maxMissedOffers < 0) throw new Error('queue config: maxMissedOffers must be a non-negative integer');
  return { defaults, queues, maxMissedOffers };
}

export function policyOf(config: QueueConfig, queue: string): QueuePolicy {
  return config.queues[queue] ?? config.defaults;
}

function policy(where: string, value: Partial<QueuePolicy>, base: QueuePolicy): QueuePolicy {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`queue config: ${where} must be an object`);
  const extra = Object.keys(value).filter((k) => !['mode', 'serviceLevelSecs', 'offerTimeoutMs'].includes(k));
  if (extra.length) throw new Error(`queue config: ${where} has unknown field ${extra.join(', ')}`);
  const result = { ...base, ...value };
  if (result.mode !== 'offer' && result.mode !== 'pull') throw new Error(`queue config: ${where}.mode must be offer or pull`);
  if (!(Number.isFinite(result.serviceLevelSecs) && result.serviceLevelSecs >= 0)) throw new Error(`queue config: ${where}.serviceLevelSecs must be a number ≥ 0`);
  if (!(Number.isInteger(result.offerTimeoutMs) && result.offerTimeoutMs >= 1000 && result.offerTimeoutMs <= 300_000)) {
    throw new Error(`queue config: ${where}.offerTimeoutMs must be an integer from 1000 to 300000`);
  }
  return result;
}
