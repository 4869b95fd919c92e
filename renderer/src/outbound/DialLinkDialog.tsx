/**
 * A tel:/callto: link asks first (Settings → Outbound calls → Confirm links): the number, the
 * caller id for it, Call or Cancel. Closing the dialog declines the link.
 */
import { useState } from 'react';
import type { AgentState, Settings } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { CommandButton } from '../components/CommandButton';
import { Dialog } from '../components/Dialog';
import { CallerIdSelect } from './CallerIdSelect';
import { defaultCallerId, type CallerIds } from './useCallerIds';

export function DialLinkDialog({ state, settings, callerIds }: { state: AgentState; settings: Settings; callerIds: CallerIds }) {
  const request = state.outbound.linkRequest;
  const [chosenFrom, setChosenFrom] = useState<string>();
  const from = chosenFrom ?? defaultCallerId(callerIds.numbers, settings.outbound.callerIdByQueue, '', settings.agent.callerId);
  const decline = () => {
    if (request) void switchboard().call.dismissLink({ id: request.id });
  };
  return (
    <Dialog title="Call this number?" open={Boolean(request)} onClose={decline}>
      {request ? (
        <div className="dial-link">
          <p>
            A link asks Switchboard to call <strong>{request.to}</strong>.
          </p>
          <CallerIdSelect callerIds={callerIds} value={from} onChange={setChosenFrom} />
          <div className="field-row">
            <CommandButton
              className="primary"
              label={`Call ${request.to}`}
              onRun={() => switchboard().call.dial({ to: request.to, linkRequestId: request.id, ...(from ? { from } : {}) })}
            >
              Call
            </CommandButton>
            <button type="button" className="button" onClick={decline}>
              Don’t call
            </button>
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
