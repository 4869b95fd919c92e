import type { AgentState } from '../../../electron/contract';
import { formatClock, formatWait } from '../format';
import { CallBackButton } from './CallBackButton';

/** Callers who hung up while waiting in a watched queue, newest first, each with Call back. */
export function MissedCalls({ state }: { state: AgentState }) {
  const { missed } = state.outbound;
  const busy = Boolean(state.conference || state.outbound.dialing);
  return (
    <section className="panel missed-panel" aria-labelledby="missed-heading" data-focus-scope="missed">
      <h2 id="missed-heading">Missed callers</h2>
      {missed.length === 0 ? <p className="empty">Nobody gave up waiting.</p> : null}
      <ul aria-label="Missed callers" className="history-list">
        {missed.map((call) => (
          <li key={call.callControlId} className="history-row">
            <span className="history-who">
              <span className="caller">{call.from}</span>
              <span className="history-meta">
                {call.queue} · {formatClock(call.at)}
                {call.waitSecs !== undefined ? ` · waited ${formatWait(call.waitSecs)}` : ''}
              </span>
            </span>
            <CallBackButton number={call.from} queue={call.queue} missedCallControlId={call.callControlId} disabled={busy} />
          </li>
        ))}
      </ul>
    </section>
  );
}
