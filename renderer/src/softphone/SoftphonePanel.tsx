/** The softphone's strip in the console: registration, its one problem banner, a ringing call, devices, levels, quality. */
import { DeviceSelects } from './DeviceSelects';
import { warningText } from './quality';
import { TestAudio } from './TestAudio';
import type { Softphone } from './types';

const statusText = { off: 'Softphone off', connecting: 'Softphone connecting…', registered: 'Softphone ready' } as const;

export function SoftphonePanel({ softphone, remembered }: { softphone: Softphone; remembered: Parameters<typeof DeviceSelects>[0]['remembered'] | undefined }) {
  if (!softphone.enabled) return null;
  const { view, mute, devices } = softphone;
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
      {devices.notices.map((notice) => (
        <div key={notice} role="status" className="device-notice">
          {notice}
        </div>
      ))}
      {view.incoming ? (
        <div role="alertdialog" aria-label="Incoming call" className="softphone-ringing">
          <span>Incoming call from {view.incoming.from}</span>
          <span className="hint">Ringing on {view.devices.ringer || 'the system default speaker'}</span>
          <button type="button" className="button" onClick={() => softphone.answerOther(true)}>
            Accept
          </button>
          <button type="button" className="button" onClick={() => softphone.answerOther(false)}>
            Decline
          </button>
        </div>
      ) : null}
      {view.status !== 'off' ? (
        <label>
          Microphone level <meter aria-label="Microphone level" min={0} max={1} value={view.micLevel} />
        </label>
      ) : null}
      <details className="device-menu">
        <summary>Audio devices</summary>
        <p>Microphone in use: {view.devices.sending ?? (view.devices.microphone || 'system default')}</p>
        {remembered ? <DeviceSelects devices={devices.devices} remembered={remembered} onChoose={softphone.chooseDevice} /> : null}
        <TestAudio devices={devices.resolved} softphoneRunning={view.status !== 'off'} />
      </details>
      {view.call?.state === 'active' ? (
        <>
          <label>
            Caller level <meter aria-label="Caller level" min={0} max={1} value={view.callerLevel} />
          </label>
          <span data-local-muted={view.localMuted}>{view.localMuted ? 'Microphone off' : 'Microphone on'}</span>
          {mute.mismatch ? <span role="status">Mute is being repaired: Telnyx and this computer disagree</span> : null}
          {view.talkingWhileMuted ? (
            <span role="status" className="talking-while-muted">
              You are talking while muted
            </span>
          ) : null}
          {view.warnings.length > 0 ? <span role="status">Call quality: {view.warnings.map((w) => warningText[w]).join(', ')}</span> : null}
        </>
      ) : null}
    </section>
  );
}
