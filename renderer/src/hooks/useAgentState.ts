import { useEffect, useState } from 'react';
import type { AgentState, SwitchboardError } from '../../../electron/contract';
import { switchboard } from '../bridge';

export interface AgentStateView {
  state?: AgentState;
  /** Set when the first `agent.getState()` failed and no snapshot has arrived since. */
  loadError?: SwitchboardError;
  reload(): void;
}

/**
 * The one subscription to the agent store: the `state` event plus an initial `agent.getState()`.
 * Snapshots can cross (the initial fetch may resolve after a newer event), so any snapshot whose
 * `revision` is not newer than the one shown is dropped.
 */
export function useAgentState(): AgentStateView {
  const [state, setState] = useState<AgentState>();
  const [loadError, setLoadError] = useState<SwitchboardError>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    let shownRevision = -Infinity;
    const accept = (next: AgentState) => {
      if (!active || next.revision <= shownRevision) return;
      shownRevision = next.revision;
      setLoadError(undefined);
      setState(next);
    };
    const unsubscribe = switchboard().on('state', accept);
    void switchboard()
      .agent.getState()
      .then((outcome) => {
        if (outcome.ok) accept(outcome.value);
        else if (active && shownRevision === -Infinity) setLoadError(outcome.error);
      });
    return () => {
      active = false;
      unsubscribe();
    };
  }, [attempt]);

  return { state, loadError, reload: () => setAttempt((n) => n + 1) };
}
