/**
 * Call history, assembled: the database in the host's folder, the store, the recorder that
 * follows the agent engine, the port other features write through, the contract's `history.*`
 * methods, and retention (calls older than the setting are deleted at start and once a day).
 * Every change is announced (`onChange`) only after its commit.
 */
import { open } from 'node:fs/promises';
import type { HistoryCall, HistoryMethodResults, HistoryQuery, Settings } from '../../contract';
import type { AgentEngine } from '../agent';
import type { Handlers } from '../dispatch';
import { CommandError, invalidState } from '../errors';
import type { Logger } from '../log';
import { csvHeader, csvRow } from './csv';
import { openHistoryDatabase } from './database';
import { HistoryStore } from './history-store';
import type { HistoryPort } from './port';
import { systemClock, type CoreClock } from '../clock';
import { createHistoryRecorder } from './recorder';
import { closeCallsEndedOffline } from './offline-ends';
import { createTransferLegs, type TransferLegs } from './transfer-legs';
import type { TelnyxGateway } from '../telnyx-gateway';

export type HistoryMethods = keyof HistoryMethodResults;


/** What the host gives history: a folder for the database, and where an export goes. */
export interface HistoryHost {
  /** The app's user-data folder (the harness: a temp dir). Absent = in memory only. */
  dir?: string;
  /** The file to write an export to (a save dialog, Downloads, a temp dir); undefined = cancelled. */
  exportPath?(suggestedName: string): Promise<string | undefined>;
}

export interface HistoryService extends HistoryPort {
  handlers: Pick<Handlers, HistoryMethods>;
  /** Follows the engine: calls taken, ended, recordings, missed callers. */
  attach(engine: Pick<AgentEngine, 'observe'>): () => void;
  /** After each committed change; `revision` counts them. */
  onChange(listener: (revision: number) => void): () => void;
  /** The call of a conference, as History shows it (undefined when none was recorded). */
  callOf(conferenceId: string): HistoryCall | undefined;
  /**
   * Closes the rows left "in progress" by an earlier run whose call Telnyx says is over
   * (outcome `ended-offline`): run once at start-up. Returns how many it closed; never throws.
   */
  closeCallsEndedOffline(gateway: TelnyxGateway): Promise<number>;
  /** Transfer target legs not joined yet, kept so a crash mid-ring is cleaned up at the next start. */
  transferLegs: TransferLegs;
  /** Deletes calls older than the retention setting now; returns how many. Never throws. */
  prune(): number;
  close(): void;
}

export const DAY_MS = 86_400_000;

export function createHistoryService(deps: {
  host: HistoryHost;
  settings(): Settings['history'];
  /** The dispositions Settings offers at wrap-up (the disposition filter lists them first). */
  configuredDispositions?(): readonly string[];
  log: Logger;
  /** Core's clock (retention's daily run); default: the system clock. */
  clock?: CoreClock;
}): HistoryService {
  const clock = deps.clock ?? systemClock;
  const { log } = deps;
  const db = openHistoryDatabase(deps.host.dir);
  const store = new HistoryStore(db);
  // Rows left open by an earlier run (taken now, so a call this run starts is never among them).
  let leftOpen = store.openCalls();
  const listeners = new Set<(revision: number) => void>();
  let revision = 0;
  let closed = false;
  const changed = () => {
    revision += 1;
    for (const listener of listeners) listener(revision);
  };
  const wrote = <T>(result: T, didChange: (r: T) => boolean) => {
    if (didChange(result)) changed();
    return result;
  };

  const prune = (): number => {
    if (closed) return 0;
    try {
      const cutoff = clock.now() - deps.settings().retentionDays * DAY_MS;
      const removed = store.prune(cutoff);
      if (removed > 0) {
        log.info('old calls removed from history', { removed });
        changed();
      }
      return removed;
    } catch (e) {
      log.error('history retention failed', { cause: String(e) });
      return 0;
    }
  };
  let cancelDaily = () => {};
  const daily = () => {
    prune();
    if (!closed) cancelDaily = clock.schedule(daily, DAY_MS);
  };
  daily();

  const exportCsv = async (query: HistoryQuery | undefined): Promise<HistoryMethodResults['history.exportCsv']> => {
    if (!deps.host.exportPath) throw invalidState('Exporting history is not available here');
    const stamp = new Date(clock.now()).toISOString().slice(0, 10);
    const file = await deps.host.exportPath(`switchboard-history-${stamp}.csv`);
    if (!file) return { saved: false };
    const handle = await open(file, 'w');
    let rows = 0;
    try {
      let chunk = csvHeader;
      for (const call of store.each(query)) {
        chunk += csvRow(call);
        rows += 1;
        if (chunk.length < 64_000) continue;
        await handle.write(chunk);
        chunk = '';
      }
      await handle.write(chunk);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { saved: true, path: file, rows };
  };

  return {
    annotate: (conferenceId, annotation) => wrote(store.annotate(conferenceId, annotation), Boolean),
    recordQuality: (conferenceId, quality) => wrote(store.recordQuality(conferenceId, quality), Boolean),
    markTransfer: (conferenceId, transfer) => wrote(store.markTransfer(conferenceId, transfer), Boolean),
    recordOutbound: (call) => wrote(store.recordOutbound(call, clock.now()), () => true),
    recordUnanswered: (call) => wrote(store.recordUnanswered(call), () => true),
    handlers: {
      'history.list': async ({ cursor, limit, query }) => store.list(query, limit, cursor),
      'history.get': async ({ id }) => {
        const call = store.get(id);
        if (!call) throw new CommandError({ code: 'INVALID_STATE', message: 'That call is no longer in history' });
        return call;
      },
      'history.exportCsv': async ({ query }) => exportCsv(query),
      'history.dispositions': async () => {
        const configured = deps.configuredDispositions?.() ?? [];
        const found = store.dispositions().filter((d) => !configured.includes(d));
        return { dispositions: [...configured, ...found] };
      },
    },
    attach: (engine) => engine.observe(createHistoryRecorder({ store, now: () => clock.now(), changed })),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    callOf: (conferenceId) => store.byConferenceId(conferenceId),
    transferLegs: createTransferLegs(db),
    async closeCallsEndedOffline(gateway) {
      const open = leftOpen;
      leftOpen = [];
      if (open.length === 0 || closed) return 0;
      const n = await closeCallsEndedOffline({ store, open, gateway, now: () => clock.now(), log }).catch(() => 0);
      if (n > 0) {
        log.info('calls that ended while the app was closed are marked so in history', { closed: n });
        changed();
      }
      return n;
    },
    prune,
    close() {
      if (closed) return;
      closed = true;
      cancelDaily();
      db.close();
    },
  };
}
