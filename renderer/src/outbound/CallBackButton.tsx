import { switchboard } from '../bridge';
import { CommandButton } from '../components/CommandButton';

/**
 * Calls a number back (a history row, a missed caller): the queue's default caller id applies.
 * A failure shows next to the Dial control (the one place dial failures are kept).
 */
export function CallBackButton({ number, queue, disabled }: { number: string; queue?: string; disabled?: boolean }) {
  return (
    <CommandButton
      className="small"
      label={`Call back ${number}`}
      disabled={disabled || !number}
      onRun={() => switchboard().call.dial({ to: number, ...(queue ? { queue } : {}) })}
    >
      Call back
    </CommandButton>
  );
}
