import type { ReactNode } from 'react';
import type { CallHistoryEntry } from '../../../electron/contract';
import { formatClock, formatWait } from '../format';
import { switchboard } from '../bridge';
import { CommandButton } from './CommandButton';

function duration(entry: CallHistoryEntry): string {
  if (!entry.endedAt) return 'in progress';
  return formatWait((Date.parse(entry.endedAt) - Date.parse(entry.startedAt)) / 1000);
}

/** This session's calls, newest first; saved recordings open in the system browser. */
export function CallHistory({ history, action }: { history: CallHistoryEntry[]; /** A per-row action, e.g. Call back. */ action?(entry: CallHistoryEntry): ReactNode }) {
  const entries = [...history].reverse();
  return (
    <section className="panel history-panel" aria-labelledby="history-heading" data-focus-scope="history">
      <h2 id="history-heading" tabIndex={-1}>
        Call history
      </h2>
      {entries.length === 0 ? <p className="empty">No calls yet this session.</p> : null}
      <ul aria-label="Call history" className="history-list">
        {entries.map((entry) => (
          <li key={entry.conferenceId} className="history-row">
            <span className="history-who">
              <span className="caller">{entry.caller}</span>
              <span className="history-meta">
                {entry.queue ? `${entry.queue} · ` : ''}
                {formatClock(entry.startedAt)} · {duration(entry)}
              </span>
            </span>
            <span className="history-recordings">
              {entry.recordings.map((recording, index) => {
                const url = recording.mp3 ?? recording.wav;
                if (!url) return null;
                const name = `Recording ${index + 1}`;
                return (
                  <CommandButton
                    key={recording.recordingId}
                    className="small link"
                    label={`Open ${name} of ${entry.caller}`}
                    onRun={() => switchboard().app.openExternal({ url })}
                  >
                    Open {name}
                  </CommandButton>
                );
              })}
            </span>
            {action?.(entry)}
          </li>
        ))}
      </ul>
    </section>
  );
}
