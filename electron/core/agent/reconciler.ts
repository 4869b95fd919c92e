/**
 * Reconcile from REST: the truth about queues and conferences, fetched (rest-snapshot.ts) and
 * installed over the model. Single flight: a request during a run causes exactly one more run.
 * Events applied while a snapshot is being taken are replayed on top of it, so the snapshot
 * never rewinds them.
 */
import { toSwitchboardError } from '../errors';
import type { Logger } from '../log';
import type { TelnyxGateway } from '../telnyx-gateway';
import { fetchSnapshot } from './rest-snapshot';
import { applyEvent, applySnapshot, setConnection, type RestSnapshot } from './reducer';
import type { AgentStore } from './store';
import type { TelnyxEvent } from './telnyx-event';
import type { Transitions } from './transitions';

export interface Reconciler {
  /** Resolves when the run that covers this request has finished (never rejects). */
  reconcile(reason: string): Promise<void>;
  /** A reconcile someone asked for (Refresh): rejects with Telnyx's error when its read failed. */
  refresh(reason: string): Promise<void>;
  /** An event the intake applied: replayed over a snapshot being taken right now. */
  noteApplied(ev: TelnyxEvent): void;
  /** The engine stopped or restarted: a snapshot already on its way is thrown away. */
  invalidate(): void;
}

export interface ReconcilerDeps {
  gateway: TelnyxGateway;
  store: AgentStore;
  transitions: Transitions;
  log: Logger;
}

export function createReconciler({ gateway, store, transitions, log }: ReconcilerDeps): Reconciler {
  let generation = 0;
  let running: Promise<void> | undefined;
  let again = false;
  let arrivals: TelnyxEvent[] | undefined;
  /** Why the last run failed (undefined when it installed its snapshot or was thrown away). */
  let failure: unknown;

  const once = async (reason: string) => {
    const gen = generation;
    const before = store.model();
    const epoch = transitions.epoch();
    const legs = { agent: before.agent.leg?.callControlId, supervisor: before.supervisorLeg };
    arrivals = [];
    failure = undefined;
    try {
      let snap: RestSnapshot = await fetchSnapshot(gateway, before);
      if (gen !== generation) return;
      const m = store.model();
      // Drop the parts of the snapshot that our own in-flight commands have made stale.
      if (transitions.busy() || transitions.epoch() !== epoch) {
        const { myConference: _mc, ...rest } = snap;
        snap = rest;
      }
      if (m.agent.leg?.callControlId !== legs.agent) {
        const { agentLegAlive: _a, ...rest } = snap;
        snap = rest;
      }
      if (m.supervisorLeg !== legs.supervisor) {
        const { supervisorLegAlive: _s, ...rest } = snap;
        snap = rest;
      }
      const replay = arrivals;
      const installed = snap;
      store.update((x) => {
        let next = applySnapshot(x, installed);
        for (const ev of replay) next = applyEvent(next, ev, { force: true }).model;
        return setConnection(next, { api: { state: 'ok', checkedAt: installed.takenAt } });
      });
      log.debug('reconciled', { reason, queues: snap.queues.length, conferences: snap.conferences.length });
    } catch (e) {
      failure = e;
      log.warn('reconcile failed', { reason, code: toSwitchboardError(e).code });
    } finally {
      arrivals = undefined;
    }
  };

  const reconcile = (reason: string): Promise<void> => {
    if (!gateway.isConfigured()) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let why = reason;
      do {
        again = false;
        await once(why);
        why = `${reason} (again)`;
      } while (again);
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  return {
    reconcile,
    async refresh(reason) {
      // Without a key the gateway throws its own "not configured" error before any request.
      if (!gateway.isConfigured()) return gateway.call('refresh', () => Promise.resolve());
      await reconcile(reason);
      if (failure !== undefined) throw failure;
    },
    noteApplied(ev) {
      arrivals?.push(ev);
    },
    invalidate() {
      generation += 1;
    },
  };
}
