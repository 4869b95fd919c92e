/**
 * What every command module gets: the gateway (every SDK call goes through it, so errors carry
 * Telnyx's own title), the store, and `run`, which gives a command its pending entry and turns a
 * failure into a CommandFailure next to its control, with the optimistic change rolled back.
 * That CommandFailure is the one place the UI shows the error: the error `run` rethrows names
 * it (`failureId`), so the outcome the caller gets back is not shown a second time.
 */
import { randomUUID } from 'node:crypto';
import type { MethodName, Settings } from '../../../contract';
import type { CoreClock } from '../../clock';
import { CommandError, toSwitchboardError } from '../../errors';
import type { Logger } from '../../log';
import type { CallClaims } from '../../team/call-claims';
import type { TeammateTransfers } from '../../team/teammate-transfers';
import { runInteractive, type TelnyxGateway } from '../../telnyx-gateway';
import type { AgentModel } from '../model';
import { beginPending, failCommand, settlePending } from '../reducer';
import type { AgentStore } from '../store';

export interface AgentLegTarget {
  to: string;
  customHeaders?: Array<{ name: string; value: string }>;
}

export interface CommandTiming {
  /** How long a command waits for its confirming event before a REST reconcile settles it. */
  pendingTimeoutMs: number;
  /** How long a dialled leg may ring before we give up (Telnyx's own dial timeout is 30 s). */
  answerTimeoutMs: number;
}

export interface RunOptions {
  /** Undo the optimistic change when the command fails. */
  rollback?: (m: AgentModel) => AgentModel;
}

export interface CommandContext {
  gateway: TelnyxGateway;
  store: AgentStore;
  settings(): Settings;
  /** Where going available dials: the softphone's credential (marked with a nonce) or the external endpoint. */
  agentLegTarget(): Promise<AgentLegTarget>;
  log: Logger;
  /** Core's clock: the wrap-up timer and its checks (tests drive it). */
  clock: CoreClock;
  timing: CommandTiming;
  /** Runs one user command with a pending entry; failure → CommandFailure in state, then rethrown naming it. */
  run<T>(method: MethodName, target: string | undefined, work: () => Promise<T>, opts?: RunOptions): Promise<T>;
  /** Resolves true as soon as the model satisfies `predicate`, false after `timeoutMs`. */
  waitFor(predicate: (m: AgentModel) => boolean, timeoutMs: number): Promise<boolean>;
  /** Waits for the confirming event; without it a REST reconcile decides (nothing stays pending). */
  confirm(predicate: (m: AgentModel) => boolean, reason: string): Promise<void>;
  reconcile(reason: string): Promise<void>;
  /** A reconcile the user asked for: rejects with Telnyx's error when the read failed. */
  refresh(reason: string): Promise<void>;
  /** Re-reads a conference's participants (the truth for muted / on hold, which emit no webhook). */
  refreshParticipants(conferenceId: string, confirm?: ReadonlyArray<'muted' | 'onHold'>): Promise<void>;
  /**
   * Marks work that moves our leg in or out of a conference across several API calls (create,
   * then join): a reconcile that runs meanwhile must not mistake the half-done move for truth.
   */
  inTransition<T>(work: () => Promise<T>): Promise<T>;
  /** Exactly one agent gets a caller: a take claims the call through the relay first (core/team/). */
  claims: Pick<CallClaims, 'acquire' | 'holder' | 'release'>;
  /** A transfer to a teammate is an offer through the relay (core/team/teammate-transfers.ts). */
  teammates: Pick<TeammateTransfers, 'offer' | 'withdraw'>;
}

export function now(): string {
  return new Date().toISOString();
}

export function createRun(store: AgentStore, log: Logger): CommandContext['run'] {
  return async (method, target, work, opts = {}) => {
    const op = { id: randomUUID(), method, ...(target ? { target } : {}), startedAt: now() };
    store.update((m) => beginPending(m, op));
    try {
      // The agent is waiting: each Telnyx request of this command answers within the command deadline.
      const result = await runInteractive(work);
      store.update((m) => settlePending(m, op.id));
      return result;
    } catch (e) {
      // A nested command's failure is recorded again here, as this command's: not under its id.
      const { failureId: _nested, ...error } = toSwitchboardError(e);
      log.warn('command failed', { method, code: error.code, title: error.telnyx?.title, message: error.message });
      const failure = { id: randomUUID(), method, ...(target ? { target } : {}), error, at: now() };
      store.update((m) => failCommand(opts.rollback ? opts.rollback(m) : m, failure, op.id));
      throw new CommandError({ ...error, failureId: failure.id });
    }
  };
}
