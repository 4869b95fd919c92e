import { useCallback, useEffect, useRef, useState } from 'react';
import type { Outcome } from '../../../electron/contract';
import { errorTitle } from '../bridge';

export interface Command {
  /** True while the call to main is in flight: the control shows busy and ignores presses. */
  busy: boolean;
  /** Telnyx's own error title (or our message) of the last failed run, shown next to the control. */
  error?: string;
  run<T>(call: () => Promise<Outcome<T>>): Promise<Outcome<T> | undefined>;
  dismiss(): void;
}

/**
 * Every command in the UI goes through here: one control = one `useCommand()`. Nothing is left
 * pending: `busy` is cleared when the promise settles, whatever happened, and a failure (an
 * `{ok:false}` outcome or a rejected promise) becomes a visible error next to the control.
 */
export function useCommand(): Command {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const inFlight = useRef(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async <T,>(call: () => Promise<Outcome<T>>): Promise<Outcome<T> | undefined> => {
    if (inFlight.current) return undefined;
    inFlight.current = true;
    setBusy(true);
    setError(undefined);
    try {
      const outcome = await call();
      if (!outcome.ok && mounted.current) setError(errorTitle(outcome.error));
      return outcome;
    } catch (thrown) {
      if (mounted.current) setError(thrown instanceof Error ? thrown.message : String(thrown));
      return undefined;
    } finally {
      inFlight.current = false;
      if (mounted.current) setBusy(false);
    }
  }, []);

  const dismiss = useCallback(() => setError(undefined), []);
  return { busy, error, run, dismiss };
}
