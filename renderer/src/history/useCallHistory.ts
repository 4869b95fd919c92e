import { useCallback, useEffect, useRef, useState } from 'react';
import { errorTitle, HISTORY_PAGE_MAX, type HistoryCall, type HistoryQuery } from '../../../electron/contract';
import { switchboard } from '../bridge';

export const HISTORY_PAGE_SIZE = 50;
/**
 * Changes within this long are one re-read: under a stream of calls every ended call says history
 * changed, and a re-read per call (each list showing it reads its pages again) kept Chromium busy.
 */
export const HISTORY_REREAD_MS = 250;

export interface CallHistoryView {
  calls: HistoryCall[];
  /** More calls match than are loaded. */
  hasMore: boolean;
  loading: boolean;
  error?: string;
  loadMore(): void;
}

/**
 * The calls matching `query`, newest first, a page at a time from main (`history.list`). When
 * main says history changed (`history.changed`), the pages shown are read again (at most once per
 * HISTORY_REREAD_MS), so a new call, a saved recording or a pruned day shows without a reload.
 */
export function useCallHistory(query: HistoryQuery): CallHistoryView {
  const [calls, setCalls] = useState<HistoryCall[]>([]);
  const [cursor, setCursor] = useState<string>();
  // Until the first answer; later reads keep the rows shown until theirs arrives.
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  // Each read is numbered; an answer to an older read than the newest is dropped.
  const reads = useRef(0);
  const shown = useRef(0);
  const key = JSON.stringify(query);

  const read = useCallback(
    async (append: boolean, after?: string) => {
      const id = ++reads.current;
      const limit = append ? HISTORY_PAGE_SIZE : Math.min(HISTORY_PAGE_MAX, Math.max(HISTORY_PAGE_SIZE, shown.current));
      const outcome = await switchboard().history.list({ limit, query: JSON.parse(key) as HistoryQuery, ...(after ? { cursor: after } : {}) });
      if (id !== reads.current) return;
      setLoading(false);
      if (!outcome.ok) return setError(errorTitle(outcome.error));
      setError(undefined);
      setCalls((current) => {
        const next = append ? [...current, ...outcome.value.calls] : outcome.value.calls;
        shown.current = next.length;
        return next;
      });
      setCursor(outcome.value.nextCursor);
    },
    [key],
  );

  useEffect(() => {
    shown.current = 0;
    void read(false);
    let reread: ReturnType<typeof setTimeout> | undefined;
    const off = switchboard().on('history.changed', () => {
      reread ??= setTimeout(() => {
        reread = undefined;
        void read(false);
      }, HISTORY_REREAD_MS);
    });
    return () => {
      off();
      clearTimeout(reread);
    };
  }, [read]);

  const loadMore = useCallback(() => {
    if (cursor) void read(true, cursor);
  }, [cursor, read]);

  return { calls, hasMore: Boolean(cursor), loading, ...(error ? { error } : {}), loadMore };
}
