/**
 * Transfers in the history database. Out: a call the agent left while its transfer was completing
 * (blind, consult completed, or re-enqueued to a queue) is marked `transferred-out` with where
 * it went, through the history port (core/history/port.ts).
 */
import { describeDestination, type AgentState, type TeamState } from '../contract';
import type { HistoryPort } from './history/port';
import type { TransferLegs } from './history/transfer-legs';

export function recordTransfersOut(engine: { onState(cb: (s: AgentState) => void): () => void }, history: Pick<HistoryPort, 'markTransfer'>): () => void {
  let completing: { conferenceId: string; to: string } | undefined;
  return engine.onState((state) => {
    const t = state.transfer;
    if (t?.phase === 'completing') completing = { conferenceId: t.conferenceId, to: describeDestination(t.destination) };
    if (completing && state.conference?.id !== completing.conferenceId) {
      history.markTransfer(completing.conferenceId, { direction: 'out', to: completing.to });
      completing = undefined;
    }
  });
}

/**
 * A teammate's transfer accepted by this agent (an offer through the relay): once this console is
 * in that conference, its history row is marked `transferred-in` from the sending agent. The offer
 * is remembered from the moment Accept runs (it stops ringing before the join completes).
 */
export function recordTeammateTransfersIn(
  engine: { onState(cb: (s: AgentState) => void): () => void; team: { onChange(cb: (t: TeamState) => void): () => void } },
  history: Pick<HistoryPort, 'markTransfer'>,
): () => void {
  let accepted: { conferenceId: string; from: string } | undefined;
  const stopTeam = engine.team.onChange((team) => {
    const t = team.offer?.transfer;
    if (t && team.offer?.accepting) accepted = { conferenceId: t.conferenceId, from: t.fromAgent };
  });
  const stopState = engine.onState((state) => {
    if (!accepted || state.conference?.id !== accepted.conferenceId) return;
    if (history.markTransfer(accepted.conferenceId, { direction: 'in', from: accepted.from })) accepted = undefined;
  });
  return () => {
    stopTeam();
    stopState();
  };
}

/**
 * The target legs the console dialled and that have not joined yet are remembered (durably)
 * while they ring, so a crash mid-ring is cleaned up at the next start (history/transfer-legs.ts).
 */
export function rememberRingingTargets(
  engine: { onState(cb: (s: AgentState) => void): () => void },
  legs: Pick<TransferLegs, 'dialled' | 'settled'>,
  now: () => number,
): () => void {
  let ringing: string | undefined;
  return engine.onState((state) => {
    const t = state.transfer;
    // A teammate's leg is its own line (it accepted an offer): never ours to hang up after a crash.
    const leg = t && t.destination.type !== 'teammate' && (t.phase === 'ringing' || t.phase === 'answered') ? t.targetCallControlId : undefined;
    if (leg === ringing) return;
    try {
      if (ringing) legs.settled(ringing);
      if (leg && t) legs.dialled(leg, t.conferenceId, now());
      ringing = leg;
    } catch {
      // The database is closed (the app stopping) or the disk full: the transfer itself goes on.
    }
  });
}
