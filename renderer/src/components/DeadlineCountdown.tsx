import { useState } from 'react';
import { COMMAND_DEADLINE_MS } from '../../../electron/contract';
import { useNow } from '../hooks/useNow';

/**
 * Seconds left before main gives up on a busy command (COMMAND_DEADLINE_MS, the same deadline
 * main enforces), shown on the control while it is busy. Mounted only while busy, so it counts
 * from the moment the control became busy. Hidden from the accessible name: the button keeps it.
 */
export function DeadlineCountdown() {
  const [startedAt] = useState(() => Date.now());
  const now = useNow(250);
  const secs = Math.max(0, Math.ceil((startedAt + COMMAND_DEADLINE_MS - now) / 1000));
  return (
    <span className="countdown" aria-hidden="true">
      {secs} s
    </span>
  );
}
