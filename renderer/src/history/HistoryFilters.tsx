import { useEffect, useId, useState, type FormEvent } from 'react';
import type { CallOutcome, HistoryQuery } from '../../../electron/contract';
import { switchboard } from '../bridge';

const outcomeLabels: Record<CallOutcome, string> = {
  answered: 'Answered',
  missed: 'Missed (caller hung up waiting)',
  'transferred-out': 'Transferred out',
  'transferred-in': 'Transferred in',
  unanswered: 'Not answered (outbound)',
  'ended-offline': 'Ended while offline',
};

/** A local date (yyyy-mm-dd from <input type=date>) as the ISO instant its day starts, here. */
function startOfLocalDay(date: string, plusDays = 0): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays).toISOString();
}

/**
 * The dispositions to filter by (`history.dispositions`: Settings' list, then any other value
 * found in history), read again when history changes (a call saved with a new one).
 */
function useDispositions(): string[] {
  const [dispositions, setDispositions] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    const read = () =>
      void switchboard()
        .history.dispositions({})
        .then((outcome) => {
          if (live && outcome.ok) setDispositions(outcome.value.dispositions);
        });
    read();
    const off = switchboard().on('history.changed', read);
    return () => {
      live = false;
      off();
    };
  }, []);
  return dispositions;
}

/** Search by number, a date range (local days, both inclusive), disposition and outcome. */
export function HistoryFilters({ onSearch }: { onSearch(query: HistoryQuery): void }) {
  const id = useId();
  const [number, setNumber] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [disposition, setDisposition] = useState('');
  const [outcome, setOutcome] = useState<CallOutcome | ''>('');
  const dispositions = useDispositions();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch({
      ...(number.trim() ? { number: number.trim() } : {}),
      ...(from ? { from: startOfLocalDay(from) } : {}),
      ...(to ? { to: startOfLocalDay(to, 1) } : {}),
      ...(disposition ? { disposition } : {}),
      ...(outcome ? { outcome } : {}),
    });
  };

  return (
    <form className="history-filters" role="search" aria-label="Search call history" onSubmit={submit}>
      <label htmlFor={`${id}-number`}>Number</label>
      <input id={`${id}-number`} type="search" inputMode="tel" value={number} onChange={(e) => setNumber(e.target.value)} />
      <label htmlFor={`${id}-from`}>From date</label>
      <input id={`${id}-from`} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
      <label htmlFor={`${id}-to`}>To date</label>
      <input id={`${id}-to`} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
      <label htmlFor={`${id}-disposition`}>Disposition</label>
      <select id={`${id}-disposition`} value={disposition} onChange={(e) => setDisposition(e.target.value)}>
        <option value="">Any disposition</option>
        {dispositions.map((d) => (
          <option key={d} value={d}>
            {d}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-outcome`}>Outcome</label>
      <select id={`${id}-outcome`} value={outcome} onChange={(e) => setOutcome(e.target.value as CallOutcome | '')}>
        <option value="">Any outcome</option>
        {Object.entries(outcomeLabels).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      <button type="submit">Search</button>
    </form>
  );
}

export const outcomeLabel = (o: CallOutcome): string => outcomeLabels[o];
