/**
 * `window.switchboard` for renderer component tests: the contract's own `createSwitchboardApi`
 * over core's own dispatcher (the contract's validation and error shapes, exactly as main
 * answers) and core's own handlers, with the real settings, secrets and shortcut services on a
 * memory store. Only what needs a machine is faked: the OS keyring (an AES vault whose backend a
 * test chooses), the OS global-shortcut registrar (it refuses the accelerators a test names) and
 * the agent engine (a snapshot the test pushes, plus canned answers for Telnyx commands). The
 * real path (core ↔ harness ↔ renderer) is covered by Playwright.
 */
import {
  createSwitchboardApi,
  methodNames,
  normaliseAccelerator,
  type AgentState,
  type Conference,
  type EventName,
  type EventPayloads,
  type MethodName,
  type MethodResult,
  type Outcome,
  type ParsedParams,
  type Participant,
  type QueueCall,
  type SwitchboardApi,
  type SwitchboardError,
  type SwitchboardTransport,
  type UpdateStatus,
} from '../../electron/contract';
import { createCoreHandlers } from '../../electron/core/core-handlers';
import { createDispatcher, type Handlers } from '../../electron/core/dispatch';
import { CommandError } from '../../electron/core/errors';
import { createLogger } from '../../electron/core/log';
import { createSecretsService, type SecretsService } from '../../electron/core/secrets-service';
import { createSettingsService, type SettingsService } from '../../electron/core/settings-service';
import { createShortcutService, type ShortcutService } from '../../electron/core/shortcut-registration';
import type { TelnyxGateway } from '../../electron/core/telnyx-gateway';
import { createAesVault, createMemoryStore } from '../harness/host-adapters';

export type Handler<M extends MethodName> = (
  params: ParsedParams<M>,
) => Outcome<MethodResult<M>> | Promise<Outcome<MethodResult<M>>>;

export interface RecordedCall {
  method: MethodName;
  params: unknown;
}

export interface FakeHostOptions {
  /** The keyring backend the fake vault reports ("basic_text" = weak storage). */
  secretBackend?: string;
  /** Accelerators the fake OS refuses to register globally (another app owns them). */
  refusedAccelerators?: string[];
}

export interface FakeSwitchboard {
  api: SwitchboardApi;
  /** Every call that passed validation, in order. */
  calls: RecordedCall[];
  callsTo<M extends MethodName>(method: M): Array<ParsedParams<M>>;
  /** Replace the answer of one method (after core's validation, as a handler would). */
  handle<M extends MethodName>(method: M, handler: Handler<M>): void;
  /** Make one method fail with this error. */
  fail(method: MethodName, error: SwitchboardError): void;
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void;
  /** The store's current snapshot (what `agent.getState` answers). */
  readonly state: AgentState;
  /** Apply a change, bump the revision and push the new snapshot as the `state` event. */
  pushState(change: (state: AgentState) => AgentState): AgentState;
  /** Core's own services, for a test to arrange what main would have stored. */
  settings: SettingsService;
  secrets: SecretsService;
  shortcuts: ShortcutService;
  listenerCount(event: EventName): number;
}

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });

export function telnyxError(title: string, status = 422, code = '90019', detail?: string): SwitchboardError {
  return { code: 'TELNYX', message: `Telnyx ${status}: ${title}`, telnyx: { status, code, title, ...(detail ? { detail } : {}) } };
}

export function makeAgentState(overrides: Partial<AgentState> = {}): AgentState {
  return {
    revision: 1,
    mode: 'demo',
    agent: { status: 'available', since: new Date().toISOString(), leg: { callControlId: 'agent-leg', state: 'parked', since: new Date().toISOString() }, endpoint: 'sip:agent@demo' },
    queues: [{ name: 'support', calls: [], averageWaitSecs: 0 }],
    conferences: [],
    connection: {
      api: { state: 'ok' },
      relay: { state: 'live', attempt: 0, lastEventAt: new Date().toISOString() },
    },
    pending: [],
    failures: [],
    outbound: {},
    ...overrides,
  };
}

/** A waiting call that has waited `waitSecs` seconds. */
export function makeQueueCall(index: number, waitSecs = 10, overrides: Partial<QueueCall> = {}): QueueCall {
  return {
    callControlId: `caller-${index}`,
    queue: 'support',
    position: index + 1,
    from: `+1555000${String(index).padStart(4, '0')}`,
    to: '+15559990000',
    enqueuedAt: new Date(Date.now() - waitSecs * 1000).toISOString(),
    isAlive: true,
    ...overrides,
  };
}

export function makeParticipant(overrides: Partial<Participant> & Pick<Participant, 'callControlId'>): Participant {
  return {
    kind: 'caller',
    label: overrides.callControlId,
    status: 'joined',
    muted: false,
    onHold: false,
    speaking: false,
    supervisorRole: 'none',
    whisperTargets: [],
    pending: [],
    ...overrides,
  };
}

/** The agent (leg "agent-leg", published as `me`) in a conference with one caller (leg "caller-leg"). */
export function makeConference(overrides: Partial<Conference> = {}): Conference {
  return {
    id: 'conf-1',
    name: 'support-call-1',
    status: 'in_progress',
    createdAt: new Date().toISOString(),
    isMine: true,
    myRole: 'agent',
    participants: [
      makeParticipant({ callControlId: 'caller-leg', kind: 'caller', label: '+15550001111' }),
      makeParticipant({ callControlId: 'agent-leg', kind: 'agent', label: 'sip:agent@demo' }),
    ],
    me: 'agent-leg',
    recording: { state: 'off' },
    media: { playing: false, speaking: false },
    ...overrides,
  };
}

export function createFakeSwitchboard(initial: AgentState = makeAgentState(), host: FakeHostOptions = {}): FakeSwitchboard {
  let state = structuredClone(initial);
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const overrides = new Map<MethodName, Handler<MethodName>>();
  const calls: RecordedCall[] = [];
  const log = createLogger({ level: 'error', sink: () => {} });

  const store = createMemoryStore();
  const settings = createSettingsService(store);
  const secrets = createSecretsService(store, createAesVault(host.secretBackend ? { backend: host.secretBackend } : {}));
  const refused = new Set((host.refusedAccelerators ?? []).map(normaliseAccelerator));
  const shortcuts = createShortcutService({
    settings,
    registrar: { register: (accelerator) => !refused.has(normaliseAccelerator(accelerator)), unregisterAll: () => {} },
    run: () => {},
    log,
  });
  shortcuts.apply();
  // As core does: a change to the shortcut settings re-registers them with the OS.
  settings.onChange((next, previous) => {
    if (JSON.stringify([next.shortcuts, next.globalShortcuts]) !== JSON.stringify([previous.shortcuts, previous.globalShortcuts])) shortcuts.apply();
  });

  const emit = (event: EventName, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(structuredClone(payload));
  };
  const updateStatus: UpdateStatus = { state: 'idle', channel: 'stable', currentVersion: '0.1.0' };
  const appInfo = () => ({ version: '0.1.0', platform: 'linux', mode: state.mode, demoAvailable: true });

  /**
   * Core's own handlers (app, settings, secrets, shortcuts) over the real services; only their
   * links to Telnyx and to demo mode are canned. The agent engine's and updates' are canned too.
   */
  const core = createCoreHandlers({
    appInfo,
    openExternal: async () => {},
    settings,
    secrets,
    shortcuts,
    // Only testConnection is reached from these handlers.
    gateway: { testConnection: async () => ({ queues: 2, conferences: 1, latencyMs: 42 }) } as unknown as TelnyxGateway,
    demoMode: { start: async () => {}, stop: async () => {} },
    runShortcut: async () => {},
  });
  const real: Partial<Record<MethodName, (params: never) => unknown>> = {
    ...core,
    'agent.getState': () => state,
    'failures.dismiss': ({ id }: ParsedParams<'failures.dismiss'>) => {
      fake.pushState((s) => ({ ...s, failures: s.failures.filter((f) => f.id !== id) }));
      return null;
    },
    'updates.getStatus': () => updateStatus,
    'updates.check': () => updateStatus,
    'queue.takeNext': () => ({ conferenceId: 'conf-1' }),
    'queue.takeCall': () => ({ conferenceId: 'conf-1' }),
    'conference.list': () => state.conferences,
    // An empty history; a test hands its own page with `handle('history.list', …)`.
    'history.list': () => ({ calls: [] }),
    'history.dispositions': () => ({ dispositions: [] }),
  };

  const handlers = Object.fromEntries(
    methodNames.map((method) => [
      method,
      async (params: unknown) => {
        calls.push({ method, params });
        const override = overrides.get(method);
        if (override) {
          const outcome = await override(params as never);
          if (!outcome.ok) throw new CommandError(outcome.error);
          return outcome.value;
        }
        return (await real[method]?.(params as never)) ?? null;
      },
    ]),
  ) as unknown as Handlers;
  const dispatch = createDispatcher(handlers, log);

  const fake: FakeSwitchboard = {
    api: undefined as unknown as SwitchboardApi,
    calls,
    callsTo: <M extends MethodName>(method: M) =>
      calls.filter((call) => call.method === method).map((call) => call.params as ParsedParams<M>),
    handle: (method, handler) => overrides.set(method, handler as unknown as Handler<MethodName>),
    fail: (method, error) => overrides.set(method, () => ({ ok: false, error })),
    emit: (event, payload) => emit(event, payload),
    get state() {
      return state;
    },
    pushState: (change) => {
      state = { ...change(structuredClone(state)), revision: state.revision + 1 };
      emit('state', state);
      return state;
    },
    settings,
    secrets,
    shortcuts,
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
  };

  const transport: SwitchboardTransport = {
    // Everything crosses IPC by structured clone: never hand the renderer core's own objects.
    invoke: async (method, rawParams) => structuredClone(await dispatch(method, rawParams)) as never,
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
  fake.api = createSwitchboardApi(transport);
  return fake;
}

/** Installs the fake as `window.switchboard`; returns it. */
export function installFakeSwitchboard(initial?: AgentState, host?: FakeHostOptions): FakeSwitchboard {
  const fake = createFakeSwitchboard(initial, host);
  (window as unknown as { switchboard: SwitchboardApi }).switchboard = fake.api;
  return fake;
}
