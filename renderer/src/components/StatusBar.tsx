import { useState } from 'react';
import { agentStateKind, agentStateLabel, formatTimeInState, type AgentState } from '../../../electron/contract';
import { formatAge, secondsSince } from '../format';
import { useNow } from '../hooks/useNow';
import { switchboard } from '../bridge';
import { failuresFor } from '../failures';
import { CommandButton } from './CommandButton';

const apiLabels: Record<AgentState['connection']['api']['state'], string> = {
  'not-configured': 'not configured',
  unknown: 'checking…',
  ok: 'connected',
  error: 'error',
};

const relayLabels: Record<AgentState['connection']['relay']['state'], string> = {
  'not-configured': 'not configured',
  disconnected: 'disconnected',
  connecting: 'connecting…',
  replaying: 'catching up…',
  live: 'live',
};

function tone(state: string): 'good' | 'bad' | 'neutral' {
  if (state === 'ok' || state === 'live') return 'good';
  if (state === 'error' || state === 'disconnected') return 'bad';
  return 'neutral';
}

/** API and relay health, last event age, demo badge and the agent's state (with time in state) and its controls. */
export function StatusBar({ state, awayReasons }: { state: AgentState; awayReasons: readonly string[] }) {
  const now = useNow(1000);
  const { api, relay } = state.connection;
  const status = state.agent.status;
  // "On a call" comes from the conference (the leg stays "available" to Telnyx while talking).
  const kind = agentStateKind(state);
  const statusFailures = failuresFor(state, ['agent.setStatus', 'agent.finishWrapUp']);
  const lastEventAge = relay.lastEventAt ? formatAge(secondsSince(relay.lastEventAt, now)) : 'none yet';
  const [chosenReason, setReason] = useState<string>();
  const reason = chosenReason !== undefined && awayReasons.includes(chosenReason) ? chosenReason : awayReasons[0];
  // Away from anywhere but a call or wrap-up (whose panel chooses "away after wrap-up"); away again = another reason.
  const canGoAway = status === 'offline' || status === 'available' || status === 'connecting' || (status === 'away' && awayReasons.length > 1);

  return (
    <div className="status-bar">
      <div className="agent-status" data-focus-scope="agent-status">
        <span className={`status-pill status-${kind}`}>
          <span className="visually-hidden">Agent status: </span>
          {agentStateLabel(kind, state.agent.reason)}
        </span>
        <span className="time-in-state" role="timer" aria-label="Time in state" title="Time in this state">
          {formatTimeInState(state.agent.since, now)}
        </span>
        {status === 'offline' || status === 'away' ? (
          <CommandButton
            className="primary"
            onRun={() => switchboard().agent.setStatus({ status: 'available' })}
            failures={statusFailures}
          >
            Go available
          </CommandButton>
        ) : null}
        {status === 'wrap-up' ? (
          <CommandButton className="primary" onRun={() => switchboard().agent.finishWrapUp()} failures={statusFailures}>
            Finish wrap-up
          </CommandButton>
        ) : null}
        {canGoAway ? (
          <>
            <CommandButton
              onRun={() => switchboard().agent.setStatus(reason ? { status: 'away', reason } : { status: 'away' })}
              failures={status === 'away' || status === 'offline' ? [] : statusFailures}
            >
              {status === 'away' ? 'Change reason' : 'Go away'}
            </CommandButton>
            {awayReasons.length > 0 ? (
              <select className="away-reason" aria-label="Away reason" value={reason} onChange={(e) => setReason(e.target.value)}>
                {awayReasons.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            ) : null}
          </>
        ) : null}
      </div>
      <dl className="health" aria-label="Connection">
        <div className={`health-item tone-${tone(api.state)}`}>
          <dt>API</dt>
          <dd>
            {apiLabels[api.state]}
            {api.state === 'error' && api.error ? `: ${api.error}` : ''}
          </dd>
        </div>
        <div className={`health-item tone-${relay.error ? 'bad' : tone(relay.state)}`}>
          <dt>Relay</dt>
          <dd>
            {relayLabels[relay.state]}
            {relay.state === 'connecting' && relay.attempt > 1 ? ` (attempt ${relay.attempt})` : ''}
            {(relay.state === 'disconnected' || relay.state === 'live') && relay.error ? `: ${relay.error}` : ''}
          </dd>
        </div>
        <div className="health-item">
          <dt>Last event</dt>
          <dd>{lastEventAge}</dd>
        </div>
      </dl>
      {state.mode === 'demo' ? <span className="badge demo-badge">Demo mode</span> : null}
    </div>
  );
}
