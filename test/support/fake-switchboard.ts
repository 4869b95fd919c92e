/**
 * An in-memory `window.switchboard` for renderer component tests: the contract's own
 * `createSwitchboardApi` over a transport that validates params with the contract's zod schemas
 * (as main does), answers from a small in-memory model, and records every call. This is the only
 * fake of main in the repo; the real path (core ↔ harness ↔ renderer) is covered by Playwright.
 */
import {
  createSwitchboardApi,
  defaultSettings,
  shortcutActionLabels,
  shortcutActions,
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
  type SecretsStatus,
  type Settings,
  type ShortcutAction,
  type ShortcutStatus,
  type SwitchboardApi,
  type SwitchboardError,
  type SwitchboardTransport,
  type UpdateStatus,
} from '../../electron/contract';
import { methodParams } from '../../electron/contract/schemas';

export type Handler<M extends MethodName> = (
  params: ParsedParams<M>,
) => Outcome<MethodResult<M>> | Promise<Outcome<MethodResult<M>>>;

export interface RecordedCall {
  method: MethodName;
  params: unknown;
}

export interface FakeSwitchboard {
  api: SwitchboardApi;
  /** Every call that passed validation, in order. */
  calls: RecordedCall[];
  callsTo<M extends MethodName>(method: M): Array<ParsedParams<M>>;
  /** Replace the answer of one method. */
  handle<M extends MethodName>(method: M, handler: Handler<M>): void;
  /** Make one method fail with this error. */
  fail(method: MethodName, error: SwitchboardError): void;
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void;
  /** The store's current snapshot (what `agent.getState` answers). */
  readonly state: AgentState;
  /** Apply a change, bump the revision and push the new snapshot as the `state` event. */
  pushState(change: (state: AgentState) => AgentState): AgentState;
  settings: Settings;
  secrets: SecretsStatus;
  /** Per-action shortcut state reported by `shortcuts.status` (default 'in-app'). */
  shortcutStates: Partial<Record<ShortcutAction, ShortcutStatus['state']>>;
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
    agent: { status: 'available', leg: { callControlId: 'agent-leg', state: 'parked', since: new Date().toISOString() }, endpoint: 'sip:agent@demo' },
    queues: [{ name: 'support', calls: [], averageWaitSecs: 0 }],
    conferences: [],
    history: [],
    connection: {
      api: { state: 'ok' },
      relay: { state: 'live', attempt: 0, lastEventAt: new Date().toISOString() },
    },
    pending: [],
    failures: [],
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

export function createFakeSwitchboard(initial: AgentState = makeAgentState()): FakeSwitchboard {
  let state = structuredClone(initial);
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const handlers = new Map<MethodName, Handler<MethodName>>();
  const calls: RecordedCall[] = [];

  const fake: FakeSwitchboard = {
    api: undefined as unknown as SwitchboardApi,
    calls,
    callsTo: <M extends MethodName>(method: M) =>
      calls.filter((call) => call.method === method).map((call) => call.params as ParsedParams<M>),
    handle: (method, handler) => handlers.set(method, handler as unknown as Handler<MethodName>),
    fail: (method, error) => handlers.set(method, () => ({ ok: false, error })),
    emit: (event, payload) => {
      for (const listener of listeners.get(event) ?? []) listener(structuredClone(payload));
    },
    get state() {
      return state;
    },
    pushState: (change) => {
      state = { ...change(structuredClone(state)), revision: state.revision + 1 };
      fake.emit('state', state);
      return state;
    },
    settings: structuredClone(defaultSettings),
    secrets: {
      apiKey: { configured: false },
      relayToken: { configured: false },
      storage: { available: true, backend: 'gnome_libsecret', weak: false, weakAccepted: false },
    },
    shortcutStates: {},
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
  };

  const shortcutStatuses = (): ShortcutStatus[] =>
    shortcutActions.map((action) => ({
      action,
      label: shortcutActionLabels[action],
      accelerator: fake.settings.shortcuts[action],
      state: fake.shortcutStates[action] ?? 'in-app',
    }));

  const updateStatus: UpdateStatus = { state: 'idle', channel: 'stable', currentVersion: '0.1.0' };

  /** What main would answer when a test did not say otherwise. */
  const answer = (method: MethodName, params: Record<string, unknown>): Outcome<unknown> => {
    switch (method) {
      case 'app.getInfo':
        return ok({ version: '0.1.0', platform: 'linux', mode: state.mode, demoAvailable: true });
      case 'agent.getState':
        return ok(state);
      case 'settings.get':
        return ok(fake.settings);
      case 'settings.set':
        fake.settings = { ...fake.settings, ...(params as Partial<Settings>) };
        return ok(fake.settings);
      case 'secrets.status':
        return ok(fake.secrets);
      case 'secrets.set': {
        const name = params.name as 'apiKey' | 'relayToken';
        const value = String(params.value);
        fake.secrets = { ...fake.secrets, [name]: name === 'apiKey' ? { configured: true, last4: value.slice(-4) } : { configured: true } };
        return ok(fake.secrets);
      }
      case 'secrets.clear':
        fake.secrets = { ...fake.secrets, [params.name as string]: { configured: false } };
        return ok(fake.secrets);
      case 'secrets.acceptWeakStorage':
        fake.secrets = { ...fake.secrets, storage: { ...fake.secrets.storage, weakAccepted: params.accept === true } };
        return ok(fake.secrets);
      case 'shortcuts.status':
        return ok(shortcutStatuses());
      case 'shortcuts.set':
        fake.settings.shortcuts = { ...fake.settings.shortcuts, [params.action as ShortcutAction]: String(params.accelerator) };
        return ok(shortcutStatuses());
      case 'shortcuts.reset':
        fake.settings.shortcuts = { ...defaultSettings.shortcuts };
        return ok(shortcutStatuses());
      case 'failures.dismiss':
        fake.pushState((s) => ({ ...s, failures: s.failures.filter((f) => f.id !== params.id) }));
        return ok(null);
      case 'updates.getStatus':
      case 'updates.check':
        return ok(updateStatus);
      case 'queue.takeNext':
      case 'queue.takeCall':
        return ok({ conferenceId: 'conf-1' });
      case 'conference.list':
        return ok(state.conferences);
      case 'telnyx.testConnection':
        return ok({ queues: 2, conferences: 1, latencyMs: 42 });
      case 'demo.start':
      case 'demo.stop':
        return ok({ version: '0.1.0', platform: 'linux', mode: state.mode, demoAvailable: true });
      default:
        return ok(null);
    }
  };

  const transport: SwitchboardTransport = {
    async invoke(method, rawParams) {
      const parsed = methodParams[method].safeParse(rawParams);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return { ok: false, error: { code: 'VALIDATION', message: issue?.message ?? 'invalid params', field: issue?.path.join('.') } };
      }
      calls.push({ method, params: parsed.data });
      const handler = handlers.get(method);
      const outcome = handler ? await handler(parsed.data as never) : answer(method, parsed.data as Record<string, unknown>);
      // Everything crosses IPC by structured clone: never hand the renderer our own objects.
      return structuredClone(outcome);
    },
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  };
  fake.api = createSwitchboardApi(transport);
  return fake;
}

/** Installs the fake as `window.switchboard`; returns it. */
export function installFakeSwitchboard(initial?: AgentState): FakeSwitchboard {
  const fake = createFakeSwitchboard(initial);
  (window as unknown as { switchboard: SwitchboardApi }).switchboard = fake.api;
  return fake;
}
