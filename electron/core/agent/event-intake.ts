/**
 * Events in: what the relay link hands over is held for a few ms and applied to the store in
 * `occurred_at` order (Telnyx does not promise delivery order). An applied event is also noted
 * for a reconcile in flight, and may need a follow-up: a name for a new conference, a native
 * notification for a new caller in a watched queue.
 */
import { toSwitchboardError } from '../errors';
import type { Logger } from '../log';
import type { TelnyxGateway } from '../telnyx-gateway';
import { now } from './commands/context';
import { applyEvent, setConnection } from './reducer';
import type { AgentModel } from './model';
import type { Reconciler } from './reconciler';
import type { AgentStore } from './store';
import type { TelnyxEvent, TelnyxEventOf } from './telnyx-event';

export interface EventIntake {
  /** One verified event from the relay; applied at the end of the reorder window. */
  receive(ev: TelnyxEvent): void;
  /** Applies whatever is held now (the engine stops). */
  drain(): void;
}

export interface EventIntakeDeps {
  store: AgentStore;
  gateway: TelnyxGateway;
  reconciler: Pick<Reconciler, 'noteApplied'>;
  log: Logger;
  reorderWindowMs: number;
  notify?(n: { title: string; body: string }): void;
  /** An event was applied; `before` is the model it was applied to. */
  applied?(ev: TelnyxEvent, before: AgentModel): void;
}

export function createEventIntake(deps: EventIntakeDeps): EventIntake {
  const { store } = deps;
  let held: TelnyxEvent[] = [];
  let timer: NodeJS.Timeout | undefined;

  const apply = (ev: TelnyxEvent) => {
    let applied = false;
    const before = store.model();
    store.update((m) => {
      const r = applyEvent(m, ev);
      applied = r.applied;
      return r.model;
    });
    if (!applied) return;
    deps.reconciler.noteApplied(ev);
    deps.applied?.(ev, before);
    if (!ev.known) return;
    if (ev.eventType === 'conference.created') void nameConference(deps, ev);
    if (ev.eventType === 'call.enqueued') notifyNewCaller(deps, ev);
  };

  const flush = () => {
    timer = undefined;
    const batch = held.sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
    held = [];
    for (const ev of batch) apply(ev);
    store.update((m) => setConnection(m, { relay: { ...m.connection.relay, lastEventAt: now() } }));
  };

  return {
    receive(ev) {
      held.push(ev);
      timer ??= setTimeout(flush, deps.reorderWindowMs);
    },
    drain() {
      if (!timer) return;
      clearTimeout(timer);
      flush();
    },
  };
}

/** `conference.created` carries no name; the supervisor list should not show a UUID until the next reconcile. */
async function nameConference({ store, gateway, log }: EventIntakeDeps, ev: TelnyxEventOf<'conference.created'>): Promise<void> {
  const id = ev.payload.conference_id;
  if (store.model().conferences.find((c) => c.id === id)?.name !== id) return;
  try {
    const { data } = await gateway.call('retrieve conference', (client) => client.conferences.retrieve(id));
    if (!data?.name) return;
    store.update((m) => ({ ...m, conferences: m.conferences.map((c) => (c.id === id ? { ...c, name: data.name } : c)) }));
  } catch (e) {
    log.debug('could not name a new conference', { id, code: toSwitchboardError(e).code });
  }
}

/** A caller joined one of the agent's queues: the host shows it while its window is unfocused. */
function notifyNewCaller({ store, notify }: EventIntakeDeps, ev: TelnyxEventOf<'call.enqueued'>): void {
  if (!notify) return;
  const { queue: queueName, call_control_id: ccid } = ev.payload;
  const m = store.model();
  if (!m.queues.some((q) => q.name === queueName)) return;
  const from = m.calls.get(ccid)?.from;
  notify({ title: `New caller in ${queueName}`, body: from ? `${from} is waiting` : 'A caller is waiting' });
}
