import { useCallback, useEffect, useRef, useState } from 'react';
import { errorTitle, type Outcome } from '../../../electron/contract';

export interface Command {
  /** True while the call to main is in flight: the control shows busy and ignores presses. */
  busy: boolean;
  /**
   * The last run's error that nothing else shows: the call did not reach main or main refused
   * it before any command ran (validation, wrong state), or the method keeps no failures
   * (settings, secrets, updates). Telnyx's own title when it has one.
   */
  error?: string;
  run<T>(call: () => Promise<Outcome<T>>): Promise<Outcome<T> | undefined>;
  dismiss(): void;
}

/**
 * Every command in the UI goes through here: one control = one `useCommand()`. Nothing is left
 * pending: `busy` is cleared when the promise settles, whatever happened.
 *
 * Errors take one road each. A command the agent store ran records its failure in
 * `state.failures` and the outcome's error names it (`failureId`): the control shows it from
 * the store (`FailureNotes`), so it is not kept here too. Any other failure is kept here.
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
      if (!outcome.ok && outcome.error.failureId === undefined && mounted.current) setError(errorTitle(outcome.error));
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
