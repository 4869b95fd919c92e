import type { AgentState } from '../../../electron/contract';
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

const statusLabels: Record<AgentState['agent']['status'], string> = {
  offline: 'Offline',
  connecting: 'Connecting',
  available: 'Available',
  away: 'Away',
  'wrap-up': 'Wrap-up',
};

function tone(state: string): 'good' | 'bad' | 'neutral' {
  if (state === 'ok' || state === 'live') return 'good';
  if (state === 'error' || state === 'disconnected') return 'bad';
  return 'neutral';
}

/** API and relay health, last event age, demo badge and the agent's status control. */
export function StatusBar({ state }: { state: AgentState }) {
  const now = useNow(1000);
  const { api, relay } = state.connection;
  const status = state.agent.status;
  // The agent stays "available" to Telnyx while talking; say what they are actually doing.
  const onCall = status === 'available' && state.conference?.myRole === 'agent';
  const statusFailures = failuresFor(state, ['agent.setStatus', 'agent.finishWrapUp']);
  const lastEventAge = relay.lastEventAt ? formatAge(secondsSince(relay.lastEventAt, now)) : 'none yet';

  return (
    <div className="status-bar">
      <div className="agent-status" data-focus-scope="agent-status">
        <span className={`status-pill status-${onCall ? 'on-call' : status}`}>
          <span className="visually-hidden">Agent status: </span>
          {onCall ? 'On a call' : statusLabels[status]}
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
        {status === 'available' || status === 'connecting' || status === 'wrap-up' ? (
          <CommandButton
            onRun={() => switchboard().agent.setStatus({ status: 'away' })}
            failures={status === 'wrap-up' ? [] : statusFailures}
          >
            Go away
          </CommandButton>
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
