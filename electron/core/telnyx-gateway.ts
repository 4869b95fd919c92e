/**
 * The only door to Telnyx: one official SDK client built from the current config, and one
 * `call` wrapper that turns every SDK failure into a contract error with Telnyx's own title and
 * hands each command its `command_id`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import Telnyx from 'telnyx';
import { COMMAND_DEADLINE_MS, commandDeadlineMessage, type ConnectionTestResult } from '../contract';
import { CommandError, notConfigured, toSwitchboardError } from './errors';

export interface TelnyxConfig {
  apiKey?: string;
  /** Must end in `/v2`; the SDK appends paths to it. Default: Telnyx production. */
  baseURL?: string;
  /** SDK retries of connection errors, 408/409/429/5xx (default 2). */
  maxRetries?: number;
  /** Per-request timeout (default 15 s: an agent waiting a minute for a mute is worse than an error). */
  timeoutMs?: number;
  /** Overall deadline of one interactive request, retries included (default COMMAND_DEADLINE_MS; tests shorten it). */
  commandDeadlineMs?: number;
  /** Lets benchmarks observe the moment a request leaves; production leaves it unset. */
  fetch?: typeof fetch;
}

export interface TelnyxGateway {
  /**
   * Runs one SDK call; any failure is thrown as a CommandError carrying the contract error.
   * `commandId` is fresh for every call: pass it as `command_id` wherever the endpoint takes it.
   * The SDK retries this call (timeouts, 5xx…) with the same body, so Telnyx runs it once; the
   * agent pressing again is a new call with a new id, so it runs again.
   */
  call<T>(operation: string, fn: (client: Telnyx, commandId: string) => Promise<T>): Promise<T>;
  isConfigured(): boolean;
  /** Lists queues and conferences with the configured key: proves key and reachability. */
  testConnection(): Promise<ConnectionTestResult>;
}

/**
 * Marks the SDK calls an agent is waiting for: while `work` runs, every gateway call it makes gets
 * an overall deadline that spans the SDK's retries. A context rather than a parameter, so the
 * command modules' calls stay as they are and background work (reconcile, snapshots) is untouched.
 */
const interactive = new AsyncLocalStorage<true>();
/** The SDK's per-attempt timeout when the host sets none. */
const DEFAULT_TIMEOUT_MS = 15_000;

export function runInteractive<T>(work: () => Promise<T>): Promise<T> {
  return interactive.run(true, work);
}

/** Runs `fn` with a client whose requests abort at the deadline; answers TIMEOUT then. */
async function withinDeadline<T>(sdk: Telnyx, baseFetch: typeof fetch, deadlineMs: number, attemptTimeoutMs: number, fn: (client: Telnyx) => Promise<T>): Promise<T> {
  const deadline = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      deadline.abort();
      reject(new CommandError({ code: 'TIMEOUT', message: commandDeadlineMessage(deadlineMs) }));
    }, deadlineMs);
  });
  // Every attempt (retries too) shares the deadline's signal: after it fires nothing more is sent.
  const scoped = sdk.withOptions({
    timeout: Math.min(deadlineMs, attemptTimeoutMs),
    fetch: (url, init) => baseFetch(url, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, deadline.signal]) : deadline.signal }),
  });
  try {
    return await Promise.race([fn(scoped), expired]);
  } finally {
    clearTimeout(timer);
  }
}

export function createTelnyxGateway(getConfig: () => TelnyxConfig): TelnyxGateway {
  let cached: { fingerprint: string; client: Telnyx } | undefined;

  const client = (): Telnyx => {
    const config = getConfig();
    if (!config.apiKey) throw notConfigured('Add your Telnyx API key in Settings, or try the demo');
    const fingerprint = JSON.stringify([config.apiKey, config.baseURL, config.maxRetries, config.timeoutMs, Boolean(config.fetch)]);
    if (cached?.fingerprint !== fingerprint) {
      cached = {
        fingerprint,
        client: new Telnyx({
          apiKey: config.apiKey,
          ...(config.baseURL ? { baseURL: config.baseURL } : {}),
          maxRetries: config.maxRetries ?? 2,
          timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          ...(config.fetch ? { fetch: config.fetch } : {}),
          // The SDK's own logger could print request details; ours redacts, so keep it quiet.
          logLevel: 'off',
        }),
      };
    }
    return cached.client;
  };

  const call: TelnyxGateway['call'] = async (operation, fn) => {
    const sdk = client();
    const commandId = randomUUID();
    try {
      if (!interactive.getStore()) return await fn(sdk, commandId);
      const config = getConfig();
      const deadlineMs = config.commandDeadlineMs ?? COMMAND_DEADLINE_MS;
      return await withinDeadline(sdk, config.fetch ?? fetch, deadlineMs, config.timeoutMs ?? DEFAULT_TIMEOUT_MS, (scoped) => fn(scoped, commandId));
    } catch (e) {
      const error = toSwitchboardError(e);
      throw new CommandError(error.code === 'INTERNAL' ? { ...error, message: `${operation}: ${error.message}` } : error);
    }
  };

  return {
    call,
    isConfigured: () => Boolean(getConfig().apiKey),
    async testConnection() {
      const started = performance.now();
      const [queues, conferences] = await Promise.all([
        call('list queues', (c) => c.queues.list({ 'page[size]': 1 })),
        call('list conferences', (c) => c.conferences.list({ 'page[size]': 1, filter: { status: 'in_progress' } })),
      ]);
      const total = (page: unknown) => {
        const meta = (page as { meta?: { total_results?: number } } | undefined)?.meta;
        return meta?.total_results ?? ((page as { data?: unknown[] }).data?.length ?? 0);
      };
      return { queues: total(queues), conferences: total(conferences), latencyMs: Math.round(performance.now() - started) };
    },
  };
}
