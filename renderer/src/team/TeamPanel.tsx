import type { AgentState, TeamAgent, TeamQueueKpis, TeamState } from '../../../electron/contract';
import { SuperviseButtons } from '../components/SuperviseButtons';
import { formatWait, secondsSince } from '../format';
import { useNow } from '../hooks/useNow';

/** How a presence state reads (the team view and the transfer picker). */
export const stateLabels: Record<TeamAgent['state'], string> = {
  available: 'Available',
  on_call: 'On call',
  wrap_up: 'Wrap-up',
  away: 'Away',
  offline: 'Offline',
};


/**
 * A supervisor's view of the team (supervisor relay token): every agent with state, reason and
 * time in state, the queues' live KPIs, and one click to listen to, whisper to or barge into an
 * agent's call.
 */
export function TeamPanel({ team, state }: { team: TeamState; state: AgentState }) {
  const now = useNow(1000);
  const tiles = team.kpis.filter((k) => k.window === '15m') // the relay also reports today;
  return (
    <section className="panel team-panel" aria-labelledby="team-heading" data-focus-scope="team">
      <header className="panel-header">
        <h2 id="team-heading">Team</h2>
      </header>
      {tiles.length > 0 ? (
        <div className="tiles" role="list" aria-label="Live KPIs, last 15 minutes">
          {tiles.map((k) => (
            <KpiTile key={k.queue} kpis={k} now={now} />
          ))}
        </div>
      ) : null}
      {team.agents.length === 0 ? <p className="empty">No agents connected.</p> : null}
      <table className="team-table" aria-label="Agents">
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">State</th>
            <th scope="col">Time in state</th>
            <th scope="col">Queues</th>
            <th scope="col">
              <span className="visually-hidden">Supervise</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {team.agents.map((agent) => (
            <AgentRow key={agent.agentId} agent={agent} me={team.me?.agentId} state={state} now={now} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function KpiTile({ kpis, now }: { kpis: TeamQueueKpis; now: number }) {
  const level = kpis.serviceLevel === null ? '—' : `${Math.round(kpis.serviceLevel * 100)}%`;
  const oldest = kpis.oldestWaitingSince === null ? undefined : new Date(kpis.oldestWaitingSince).toISOString();
  return (
    <div className="tile kpi-tile" role="listitem" data-queue={kpis.queue}>
      <span className="tile-label">{kpis.queue}</span>
      <span className="tile-value" title={`Answered within ${kpis.serviceLevelSecs} s`}>
        <span className="visually-hidden">Service level </span>
        {level}
      </span>
      <span className="tile-note">
        {kpis.waiting} waiting{oldest ? ` (longest ${formatWait(secondsSince(oldest, now))})` : ''} · {kpis.offered} offered · {kpis.answered} answered ·{' '}
        {kpis.abandoned} abandoned · avg wait {kpis.averageWaitSecs === null ? '—' : formatWait(kpis.averageWaitSecs)}
      </span>
    </div>
  );
}

function AgentRow({ agent, me, state, now }: { agent: TeamAgent; me: string | undefined; state: AgentState; now: number }) {
  const conferenceId = agent.conferenceId;
  const canSupervise = conferenceId !== null && agent.agentId !== me && agent.state === 'on_call' && agent.reason !== 'supervising';
  return (
    <tr data-agent={agent.agentId} data-state={agent.state}>
      <th scope="row">
        {agent.agentId}
        {agent.agentId === me ? <span className="chip">You</span> : null}
      </th>
      <td>
        <span className={`presence presence-${agent.state}`}>{stateLabels[agent.state]}</span>
        {agent.reason ? <span className="presence-reason"> · {agent.reason}</span> : null}
        {!agent.connected ? <span className="presence-reason"> · disconnected</span> : null}
      </td>
      <td>
        <time dateTime={`PT${Math.floor(secondsSince(agent.since, now))}S`}>{formatWait(secondsSince(agent.since, now))}</time>
      </td>
      <td>{agent.queues.join(', ')}</td>
      <td>
        {canSupervise ? (
          <SuperviseButtons state={state} conferenceId={conferenceId} name={agent.agentId} failuresNextToButtons />
        ) : null}
      </td>
    </tr>
  );
}
