import { useCallback, useState } from 'react';
import type { AccountNumbers } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { useMainValue } from '../hooks/useMainValue';

export interface CallerIds {
  /** The account's numbers as main cached them; undefined until the first answer. */
  numbers: AccountNumbers['numbers'] | undefined;
  /** Why the list could not be read (Telnyx's own title). */
  error?: string;
  /** Asks Telnyx again (main refreshes its cache). */
  refresh(): ReturnType<ReturnType<typeof switchboard>['phoneNumbers']['list']>;
}

/** The account's numbers (caller ids), read from main's cache once per mode; refresh on demand. */
export function useCallerIds(mode: string): CallerIds {
  const [error, setError] = useState<string>();
  const [list, setList] = useMainValue(async () => {
    const outcome = await switchboard().phoneNumbers.list({});
    // No account yet is not a failure to report here: the account section says what to do.
    setError(outcome.ok || outcome.error.code === 'NOT_CONFIGURED' ? undefined : (outcome.error.telnyx?.title ?? outcome.error.message));
    return outcome;
  }, mode);
  const refresh = useCallback(async () => {
    const outcome = await switchboard().phoneNumbers.list({ refresh: true });
    if (outcome.ok) {
      setList(outcome.value);
      setError(undefined);
    }
    return outcome;
  }, [setList]);
  return { numbers: list?.numbers, ...(error ? { error } : {}), refresh };
}

/** The caller id a call for `queue` presents by default (the same order main follows, for display). */
export function defaultCallerId(numbers: AccountNumbers['numbers'] | undefined, byQueue: Record<string, string>, queue: string, agentCallerId: string): string {
  const owned = (n: string | undefined): n is string => !!n && (!numbers?.length || numbers.some((x) => x.phoneNumber === n));
  if (queue && owned(byQueue[queue])) return byQueue[queue];
  const tagged = queue ? numbers?.find((n) => n.tags.includes(queue)) : undefined;
  if (tagged) return tagged.phoneNumber;
  if (owned(agentCallerId) && agentCallerId.startsWith('+')) return agentCallerId;
  return numbers?.[0]?.phoneNumber ?? '';
}
