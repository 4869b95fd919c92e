import type { AgentState, ConferenceSummary } from '../../../electron/contract';
import { formatWait, secondsSince } from '../format';
import { useNow } from '../hooks/useNow';
import { switchboard } from '../bridge';
import { failuresFor } from '../failures';
import { CommandButton, FailureNotes } from './CommandButton';
import { SuperviseButtons } from './SuperviseButtons';

/** Every live conference on the account; join as supervisor, then switch role live. */
export function SupervisorPanel({ state }: { state: AgentState }) {
  const now = useNow(1000);
  const live = state.conferences.filter((c) => c.status !== 'completed');
  return (
    <section className="panel supervisor-panel" aria-labelledby="supervisor-heading" data-focus-scope="supervisor">
      <header className="panel-header">
        <h2 id="supervisor-heading">Live conferences</h2>
        <CommandButton className="quiet small" onRun={() => switchboard().conference.list()}>
          Refresh
        </CommandButton>
      </header>
      {live.length === 0 ? <p className="empty">No live conferences.</p> : null}
      <ul aria-label="Live conferences" className="conference-list">
        {live.map((summary) => (
          <li key={summary.id} className="conference-row">
            <ConferenceRow state={state} summary={summary} now={now} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ConferenceRow({ state, summary, now }: { state: AgentState; summary: ConferenceSummary; now: number }) {
  const joined = state.conference?.id === summary.id ? state.conference : undefined;
  const asAgent = summary.isMine && (!joined || joined.myRole === 'agent');
  const failures = failuresFor(state, ['supervisor.join', 'supervisor.setRole'], [summary.id]);
  // conference.created carries no name; the conference we are in knows its own already.
  const name = joined?.name ?? summary.name;

  return (
    <>
      <span className="conference-who">
        <span className="conference-name">{name}</span>
        <span className="conference-meta">
          {summary.participantCount} {summary.participantCount === 1 ? 'participant' : 'participants'} ·{' '}
          {formatWait(secondsSince(summary.createdAt, now))}
        </span>
      </span>
      {asAgent ? (
        <span className="chip">Your call</span>
      ) : (
        <SuperviseButtons state={state} conferenceId={summary.id} name={name} />
      )}
      {failures.length > 0 ? <FailureRow failures={failures} /> : null}
    </>
  );
}

function FailureRow({ failures }: { failures: AgentState['failures'] }) {
  return (
    <span className="row-failures">
      <FailureNotes failures={failures} />
    </span>
  );
}
