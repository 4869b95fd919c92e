import { memo } from 'react';
import { formatClock, formatWait } from '../format';
import { useCallHistory } from '../history/useCallHistory';
import { CallBackButton } from './CallBackButton';

/** History's filter for callers who hung up while waiting in a watched queue (`call.dequeued` reason `hangup`). */
const MISSED = { outcome: 'missed' } as const;

/**
 * Callers who gave up waiting, newest first (from call history, so they outlast a restart), each
 * with Call back, disabled while the agent is `busy` (on a call or dialling). Memoised: it needs
 * one boolean of the agent's state, not a render per state push.
 */
export const MissedCalls = memo(function MissedCalls({ busy }: { busy: boolean }) {
  const missed = useCallHistory(MISSED);
  return (
    <section className="panel missed-panel" aria-labelledby="missed-heading" data-focus-scope="missed">
      <h2 id="missed-heading">Missed callers</h2>
      {missed.error ? <p role="alert">{missed.error}</p> : null}
      {!missed.loading && missed.calls.length === 0 ? <p className="empty">Nobody gave up waiting.</p> : null}
      <ul aria-label="Missed callers" className="history-list">
        {missed.calls.map((call) => (
          <li key={call.id} className="history-row">
            <span className="history-who">
              <span className="caller">{call.number || 'Unknown caller'}</span>
              <span className="history-meta">
                {call.queue ? `${call.queue} · ` : ''}
                {formatClock(call.endedAt ?? call.startedAt)}
                {call.waitingSecs !== undefined ? ` · waited ${formatWait(call.waitingSecs)}` : ''}
              </span>
            </span>
            <CallBackButton number={call.number} {...(call.queue ? { queue: call.queue } : {})} disabled={busy} />
          </li>
        ))}
      </ul>
      {missed.hasMore ? (
        <button type="button" className="button small" onClick={missed.loadMore}>
          Show older missed callers
        </button>
      ) : null}
    </section>
  );
});
