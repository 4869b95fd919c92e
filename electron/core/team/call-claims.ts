/**
 * Exactly one agent gets a caller: before the console acts on Telnyx to take a call it claims
 * the call through the relay (a lease in the relay's store, relay/src/claims.ts). Granted → the
 * console keeps renewing the lease while the take is in flight; taken → nothing happens to the
 * caller and the agent is told who has it. A static token (or no relay) names no agent: claims
 * are off and the console takes as before (one console per account, README).
 */
import { randomUUID } from 'node:crypto';
import type { ClaimResultFrame } from '@switchboard/relay/protocol';
import { CommandError } from '../errors';
import type { Logger } from '../log';
import type { RelayClientFrame, TeamFrame } from '../relay/relay-client';

/** A lease outlives the take by one period, so consoles still listing the caller see it taken. */
export const CLAIM_LEASE_MS = 15_000;
/** The relay answers a claim within this, or the take is refused (never taken unclaimed). */
export const CLAIM_ANSWER_TIMEOUT_MS = 5_000;
/** The shortest lease the relay grants: what a probe (holder) asks for. */
const MIN_PROBE_LEASE_MS = 1_000;

export interface ClaimLink {
  send(frame: RelayClientFrame): boolean;
  onTeam(cb: (frame: TeamFrame) => void): () => void;
}

/** The call is another agent's: the take is refused with the words the agent sees. */
export class CallTakenError extends CommandError {
  constructor(readonly by: string) {
    super({ code: 'INVALID_STATE', message: `Taken by ${by}` });
  }
}

/** A granted claim. */
export interface CallLease {
  /** The take failed: give the call back now so another agent can take it. */
  release(): Promise<void>;
  /** The take succeeded: stop renewing; the lease runs out on its own. */
  keep(): void;
}

export interface CallClaims {
  /** Whether takes are claimed (a per-agent token on a configured relay). */
  enabled(): boolean;
  /** Claims the call; undefined when claims are off. Throws "Taken by <agent>" or why it could not claim. */
  acquire(callControlId: string): Promise<CallLease | undefined>;
  /** Who holds the call's claim, if another agent does (a probe: a claim granted to us is given back at once). */
  holder(callControlId: string): Promise<string | undefined>;
  /** Gives back the claim this console holds on a call it sent on (a transfer to a queue), so another agent can take it at once. */
  release(callControlId: string): Promise<void>;
  /** Drops every pending answer and renewal (the engine stops). */
  reset(): void;
}

export function createCallClaims(link: ClaimLink, enabled: () => boolean, log: Logger): CallClaims {
  const waiting = new Map<string, (answer: ClaimResultFrame) => void>();
  const renewals = new Set<NodeJS.Timeout>();

  link.onTeam((frame) => {
    if (frame.type === 'claim_result') waiting.get(frame.request_id)?.(frame);
    else if (frame.type === 'error' && frame.request_id) {
      const resolve = waiting.get(frame.request_id);
      resolve?.({ type: 'claim_result', request_id: frame.request_id, call_control_id: '', outcome: 'refused', reason: frame.error });
    }
  });

  const ask = (frame: { type: 'claim'; call_control_id: string; lease_ms: number } | { type: 'release'; call_control_id: string }): Promise<ClaimResultFrame> => {
    const request_id = randomUUID();
    return new Promise((resolve) => {
      const done = (answer: ClaimResultFrame) => {
        clearTimeout(timer);
        waiting.delete(request_id);
        resolve(answer);
      };
      const refused = (reason: string) => done({ type: 'claim_result', request_id, call_control_id: frame.call_control_id, outcome: 'refused', reason });
      const timer = setTimeout(() => refused('the relay did not answer'), CLAIM_ANSWER_TIMEOUT_MS);
      waiting.set(request_id, done);
      if (!link.send({ ...frame, request_id })) refused('the relay is not connected');
    });
  };

  return {
    enabled,
    async acquire(callControlId) {
      if (!enabled()) return undefined;
      const answer = await ask({ type: 'claim', call_control_id: callControlId, lease_ms: CLAIM_LEASE_MS });
      if (answer.outcome === 'taken') throw new CallTakenError(answer.by ?? 'another agent');
      if (answer.outcome !== 'granted') {
        throw new CommandError({ code: 'INVALID_STATE', message: `Could not claim the call through the relay (${answer.reason ?? answer.outcome}), so it was not taken` });
      }
      // Renewed at a third of the lease, so one lost renewal still leaves time for the next.
      const renewal = setInterval(() => {
        void ask({ type: 'claim', call_control_id: callControlId, lease_ms: CLAIM_LEASE_MS }).then((renewed) => {
          if (renewed.outcome !== 'granted') log.warn('claim renewal not granted', { callControlId, outcome: renewed.outcome, by: renewed.by });
        });
      }, CLAIM_LEASE_MS / 3);
      renewals.add(renewal);
      const stop = () => {
        clearInterval(renewal);
        renewals.delete(renewal);
      };
      return {
        keep: stop,
        async release() {
          stop();
          const released = await ask({ type: 'release', call_control_id: callControlId });
          if (released.outcome !== 'released') log.warn('claim not released', { callControlId, outcome: released.outcome, reason: released.reason });
        },
      };
    },
    async holder(callControlId) {
      if (!enabled()) return undefined;
      const answer = await ask({ type: 'claim', call_control_id: callControlId, lease_ms: MIN_PROBE_LEASE_MS });
      if (answer.outcome === 'granted') await ask({ type: 'release', call_control_id: callControlId });
      return answer.outcome === 'taken' ? answer.by : undefined;
    },
    async release(callControlId) {
      if (!enabled()) return;
      const released = await ask({ type: 'release', call_control_id: callControlId });
      if (released.outcome !== 'released') log.warn('claim not released', { callControlId, outcome: released.outcome, reason: released.reason });
    },
    reset() {
      for (const renewal of renewals) clearInterval(renewal);
      renewals.clear();
    },
  };
}
