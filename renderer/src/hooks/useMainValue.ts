import { useCallback, useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import type { Outcome, UpdateStatus } from '../../../electron/contract';
import { switchboard } from '../bridge';

/**
 * A value read from main when the component mounts (and again when `key` changes). The setter
 * replaces it with a newer answer (the result of a `set` call, an event); a read that was
 * overtaken by such an answer is dropped. A failed read leaves the value as it was: the screen
 * that needs it keeps its loading state.
 */
export function useMainValue<T>(read: () => Promise<Outcome<T>>, key?: unknown): [T | undefined, Dispatch<SetStateAction<T | undefined>>] {
  const [value, setValue] = useState<T>();
  // The latest reader, without making every render's new closure a reason to read again.
  const reader = useRef(read);
  useEffect(() => {
    reader.current = read;
  });
  const changes = useRef(0);
  const set = useCallback<Dispatch<SetStateAction<T | undefined>>>((next) => {
    changes.current += 1;
    setValue(next);
  }, []);
  useEffect(() => {
    let active = true;
    const changesBefore = changes.current;
    void reader.current().then((outcome) => {
      if (active && outcome.ok && changes.current === changesBefore) setValue(outcome.value);
    });
    return () => {
      active = false;
    };
  }, [key]);
  return [value, set];
}

/** The updater's status: read once, then every `updates.status` event from main. */
export function useUpdateStatus(): [UpdateStatus | undefined, Dispatch<SetStateAction<UpdateStatus | undefined>>] {
  const [status, setStatus] = useMainValue(() => switchboard().updates.getStatus());
  useEffect(() => switchboard().on('updates.status', setStatus), [setStatus]);
  return [status, setStatus];
}
