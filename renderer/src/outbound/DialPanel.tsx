/**
 * Dial a number: the number (checked as typed with the same rule main applies), the caller id
 * for this call (the chosen queue's default until the agent picks another), and the Call button,
 * next to which any failure shows with Telnyx's own title. While the call rings: who is being
 * called and Cancel.
 */
import { useId, useState } from 'react';
import { checkDialNumber, type AgentState, type Settings } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { CommandButton } from '../components/CommandButton';
import { failuresFor } from '../failures';
import { CallerIdSelect } from './CallerIdSelect';
import { defaultCallerId, type CallerIds } from './useCallerIds';

interface DialPanelProps {
  state: AgentState;
  settings: Settings;
  callerIds: CallerIds;
}

export function DialPanel({ state, settings, callerIds }: DialPanelProps) {
  const [to, setTo] = useState('');
  const [queue, setQueue] = useState('');
  const [chosenFrom, setChosenFrom] = useState<string>();
  const [attempted, setAttempted] = useState(false);
  const numberId = useId();
  const problemId = useId();
  const queueId = useId();
  const { outbound } = settings;
  const checked = checkDialNumber(to, outbound.defaultCountry);
  const problem = !checked.ok && (attempted || to.trim() !== '') ? `Number ${checked.problem}` : undefined;
  const from = chosenFrom ?? defaultCallerId(callerIds.numbers, outbound.callerIdByQueue, queue, settings.agent.callerId);
  const dialing = state.outbound.dialing;

  return (
    <section className="panel dial-panel" aria-labelledby="dial-heading" data-focus-scope="dial">
      <h2 id="dial-heading">Dial</h2>
      <div className="field">
        <label htmlFor={numberId}>Number to call</label>
        <input
          id={numberId}
          type="tel"
          inputMode="tel"
          autoComplete="off"
          value={to}
          placeholder={outbound.defaultCountry ? 'National or +E.164' : '+15551234567'}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? problemId : undefined}
          onChange={(e) => setTo(e.target.value)}
        />
        {problem ? (
          <span id={problemId} className="hint field-problem">
            {problem}
          </span>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={queueId}>For queue</label>
        <select id={queueId} value={queue} onChange={(e) => setQueue(e.target.value)}>
          <option value="">No queue</option>
          {state.queues.map((q) => (
            <option key={q.name} value={q.name}>
              {q.name}
            </option>
          ))}
        </select>
      </div>
      <CallerIdSelect callerIds={callerIds} value={from} onChange={setChosenFrom} />
      <div className="field-row">
        <CommandButton
          className="primary"
          disabled={Boolean(dialing)}
          failures={failuresFor(state, ['call.dial', 'call.cancelDial'])}
          onRun={async () => {
            setAttempted(true);
            return switchboard().call.dial({ to, ...(from ? { from } : {}), ...(queue ? { queue } : {}) });
          }}
          onDone={() => {
            setTo('');
            setAttempted(false);
          }}
        >
          Call
        </CommandButton>
        <CommandButton className="small quiet" title="Ask Telnyx again for the account’s numbers" onRun={() => callerIds.refresh()}>
          Reload numbers
        </CommandButton>
      </div>
      {dialing ? (
        <div className="dialing">
          <span role="status">
            Calling {dialing.to} from {dialing.from}…
          </span>
          <CommandButton className="small" onRun={() => switchboard().call.cancelDial({})}>
            Cancel call
          </CommandButton>
        </div>
      ) : null}
    </section>
  );
}
