/**
 * Transfers out in the call history: a call the agent left while its transfer was completing
 * (blind, consult completed, or re-enqueued to a queue) is marked `transferred-out` with where
 * it went, through the history port (core/history/port.ts).
 */
import { describeDestination, type AgentState } from '../contract';
import type { HistoryPort } from './history/port';

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
