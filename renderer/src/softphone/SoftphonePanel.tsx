/** The softphone's strip in the console: registration, its one problem banner, a ringing call, levels, quality. */
import type { Softphone } from './types';

const statusText = { off: 'Softphone off', connecting: 'Softphone connecting…', registered: 'Softphone ready' } as const;
const TALKING_WHILE_MUTED_LEVEL = 0.05;

export function SoftphonePanel({ softphone }: { softphone: Softphone }) {
  if (!softphone.enabled) return null;
  const { view, mute } = softphone;
  const ringing = view.call && !view.call.ours && view.call.state === 'ringing';
  return (
    <section className="softphone" aria-label="Softphone">
      <span role="status" data-softphone-status={view.status}>
        {statusText[view.status]}
      </span>
      {view.problem ? (
        <div role="alert" className="softphone-problem" data-problem={view.problem.kind}>
          {view.problem.message}
        </div>
      ) : null}
      {ringing ? (
        <div role="alertdialog" aria-label="Incoming call" className="softphone-ringing">
          <span>Incoming call from {view.call?.from}</span>
          <button type="button" className="button" onClick={() => softphone.answerOther(true)}>
            Accept
          </button>
          <button type="button" className="button" onClick={() => softphone.answerOther(false)}>
            Decline
          </button>
        </div>
      ) : null}
      {view.call?.state === 'active' ? (
        <>
          <label>
            Microphone level <meter aria-label="Microphone level" min={0} max={1} value={view.micLevel} />
          </label>
          <label>
            Caller level <meter aria-label="Caller level" min={0} max={1} value={view.callerLevel} />
          </label>
          <span data-local-muted={view.localMuted}>{view.localMuted ? 'Microphone off' : 'Microphone on'}</span>
          {mute.mismatch ? <span role="status">Mute is being repaired: Telnyx and this computer disagree</span> : null}
          {view.localMuted && view.micLevel > TALKING_WHILE_MUTED_LEVEL ? <span role="status">You are talking while muted</span> : null}
          {view.warnings.length > 0 ? <span role="status">Call quality: {view.warnings.join(', ')}</span> : null}
        </>
      ) : null}
    </section>
  );
}
