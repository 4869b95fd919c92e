import { Fragment, memo, useCallback, useState, type ReactNode } from 'react';
import type { HistoryCall, HistoryQuery } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { CommandButton } from '../components/CommandButton';
import { VirtualList } from '../components/VirtualList';
import { formatWait } from '../format';
import { HistoryFilters, outcomeLabel } from './HistoryFilters';
import { useCallHistory } from './useCallHistory';

const ROW_HEIGHT = 64;
const LIST_HEIGHT = 384;

// One formatter for every row: making one per call costs more than the rest of the row.
const whenFormat = new Intl.DateTimeFormat([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const when = (iso: string): string => whenFormat.format(new Date(iso));

const callKey = (call: HistoryCall): string => String(call.id);

/** Talk time once the call ended; "in progress" before. */
function duration(call: HistoryCall): string {
  if (!call.endedAt) return 'in progress';
  if (call.outcome === 'missed') return `waited ${formatWait(call.waitingSecs ?? 0)}`;
  return formatWait(call.talkingSecs ?? 0);
}

/**
 * The row's second line as one string: one text node per row instead of one per part (each a
 * DOM node and a fiber to create on every row a scroll brings into view).
 */
function meta(call: HistoryCall): string {
  let text = `${call.direction === 'outbound' ? 'Outbound · ' : ''}${call.queue ? `${call.queue} · ` : ''}${when(call.startedAt)} · ${duration(call)}`;
  if (call.outcome !== 'answered') text += ` · ${outcomeLabel(call.outcome)}`;
  if (call.hangupCause) text += ` (${call.hangupCause.replace(/_/g, ' ')})`;
  if (call.transfer?.from) text += ` · from ${call.transfer.from}`;
  if (call.transfer?.to) text += ` · to ${call.transfer.to}`;
  if (call.disposition) text += ` · ${call.disposition}`;
  return text;
}

export interface CallHistoryProps {
  /**
   * Extra actions on each row (e.g. "Call back", added by the outbound feature). Each must be
   * a button whose accessible name names the call's number.
   */
  rowActions?(call: HistoryCall): ReactNode;
}

/**
 * Memoised: a scroll update does not render the rows that stay in view. The list recycles rows
 * (a row leaving view is re-bound to one coming into view), so what holds state here, the
 * recording buttons and the row actions, is keyed by the call: it is made anew for each call a
 * row shows and never carries one call's busy or error state to another.
 */
const HistoryRow = memo(function HistoryRow({ call, rowActions }: { call: HistoryCall } & CallHistoryProps) {
  const who = call.number || 'Unknown caller';
  return (
    <div className="history-row">
      <span className="history-who">
        <span className="caller">{who}</span>
        <span className="history-meta">{meta(call)}</span>
      </span>
      <span className="history-recordings">
        {call.recordings.map((recording, index) => {
          const url = recording.mp3 ?? recording.wav;
          if (!url) return null;
          const name = `Recording ${index + 1}`;
          return (
            <CommandButton key={`${call.id}/${recording.recordingId}`} className="small link" label={`Open ${name} of ${who}`} onRun={() => switchboard().app.openExternal({ url })}>
              {`Open ${name}`}
            </CommandButton>
          );
        })}
        {rowActions ? <Fragment key={call.id}>{rowActions(call)}</Fragment> : null}
      </span>
    </div>
  );
});

/**
 * Every call kept in main's history database, newest first, searchable and exportable. Only the
 * rows in view are mounted (VirtualList), and re-bound rather than re-made as they scroll, so
 * 100,000 calls scroll like 20. Memoised: the agent
 * state pushed many times a second during a call does not re-render it (it reads main itself).
 */
export const CallHistory = memo(function CallHistory({ rowActions }: CallHistoryProps) {
  const [query, setQuery] = useState<HistoryQuery>({});
  const history = useCallHistory(query);
  const [exported, setExported] = useState<string>();
  const filtered = Object.keys(query).length > 0;
  const renderRow = useCallback((call: HistoryCall) => <HistoryRow call={call} {...(rowActions ? { rowActions } : {})} />, [rowActions]);

  return (
    <section className="panel history-panel" aria-labelledby="history-heading" data-focus-scope="history">
      <h2 id="history-heading" tabIndex={-1}>
        Call history
      </h2>
      <HistoryFilters onSearch={setQuery} />
      <div className="history-actions">
        <CommandButton
          className="small"
          onRun={() => switchboard().history.exportCsv({ query })}
          onDone={(result) => setExported(result.saved ? `Saved ${result.rows} calls to ${result.path}` : undefined)}
        >
          Export to CSV
        </CommandButton>
        {exported ? <span role="status">{exported}</span> : null}
      </div>
      {history.error ? <p role="alert">{history.error}</p> : null}
      <VirtualList
        label="Call history"
        className="history-list"
        items={history.calls}
        itemKey={callKey}
        rowHeight={ROW_HEIGHT}
        height={LIST_HEIGHT}
        empty={history.loading ? null : <p className="empty">{filtered ? 'No calls match.' : 'No calls yet.'}</p>}
        renderItem={renderRow}
        recycleRows
      />
      {history.hasMore ? (
        <button type="button" className="button small" onClick={history.loadMore}>
          Show older calls
        </button>
      ) : null}
    </section>
  );
});
