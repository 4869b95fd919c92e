import { useId, useState } from 'react';
import type { AgentState, CommandName, Conference, Participant, Settings } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { failuresFor } from '../failures';
import { myParticipant } from '../participants';
import { CommandButton } from './CommandButton';
import { Keypad } from './Keypad';
import { ParticipantList } from './ParticipantList';
import { ScreenPopButton } from './ScreenPopButton';
import { TransferPanel } from './TransferPanel';
import type { Softphone } from '../softphone/types';

interface ConferencePanelProps {
  state: AgentState;
  settings: Settings;
  /** The built-in softphone: Mute then means both the local track and Telnyx's participant. */
  softphone?: Softphone | undefined;
  /** Settings saved from the call panel (transfer destinations). */
  onSettingsChange?(next: Settings): void;
}

export function ConferencePanel({ state, settings, softphone, onSettingsChange }: ConferencePanelProps) {
  const conference = state.conference;
  if (!conference) {
    return (
      // Focus lost with the call's controls rests on the heading (see useFocusRescue).
      <section className="panel conference-panel" aria-labelledby="conference-heading" data-focus-scope="conference">
        <h2 id="conference-heading" tabIndex={-1} data-focus-fallback>
          Conference
        </h2>
        <p className="empty">No active call. Take the next call from the queue, or join a live conference as supervisor.</p>
      </section>
    );
  }
  return <ActiveConference state={state} conference={conference} settings={settings} softphone={softphone} onSettingsChange={onSettingsChange} />;
}

const recordingText: Record<Conference['recording']['state'], string> = {
  off: '',
  starting: 'Starting recording…',
  recording: 'Recording',
  paused: 'Recording paused',
  stopping: 'Stopping recording…',
};

function ActiveConference({ state, conference, settings, softphone, onSettingsChange }: ConferencePanelProps & { conference: Conference }) {
  const api = switchboard();
  const conferenceId = conference.id;
  const me = myParticipant(conference);
  const present = conference.participants.filter((p) => p.status !== 'left');
  const callers = present.filter((p) => p.kind === 'caller');
  const callersOnHold = callers.length > 0 && callers.every((p) => p.onHold);
  const recording = conference.recording;
  const isRecording = recording.state === 'recording' || recording.state === 'paused' || recording.state === 'stopping';
  const conferenceFailures = (methods: CommandName[]) => failuresFor(state, methods, [conferenceId]);
  const myFailures = (methods: CommandName[]) =>
    failuresFor(state, methods, me ? [me.callControlId] : []).filter((f) => !f.target || f.target === me?.callControlId);
  const callerIds = callers.map((p) => p.callControlId);

  return (
    <section className="panel conference-panel" aria-labelledby="conference-heading" data-focus-scope="conference">
      <header className="panel-header">
        <h2 id="conference-heading" tabIndex={-1} data-focus-fallback>
          {conference.name}
          {conference.myRole === 'supervisor' ? <span className="badge">Supervising</span> : null}
        </h2>
        <div role="status" className={`recording-banner rec-${recording.state}`}>
          {recording.state === 'off' ? null : (
            <>
              <span className="rec-dot" aria-hidden="true" />
              {recordingText[recording.state]}
            </>
          )}
        </div>
      </header>

      <div className="toolbar" role="group" aria-label="Call controls">
        <CommandButton
          className="toggle large"
          pressed={softphone ? softphone.mute.pressed : (me?.muted ?? false)}
          pending={me?.pending.includes('muted')}
          disabled={!me}
          failures={myFailures(['conference.mute', 'conference.unmute'])}
          onRun={() => {
            const target = { conferenceId, callControlIds: me ? [me.callControlId] : [] };
            // Privacy first: the microphone goes off before Telnyx is even asked.
            softphone?.requestMute(!me?.muted);
            return me?.muted ? api.conference.unmute(target) : api.conference.mute(target);
          }}
        >
          Mute
        </CommandButton>
        <CommandButton
          className="toggle large"
          label="Hold caller"
          pressed={callersOnHold}
          pending={callers.some((p) => p.pending.includes('onHold'))}
          disabled={callers.length === 0}
          failures={failuresFor(state, ['conference.hold', 'conference.unhold'], [conferenceId, ...callerIds])}
          onRun={() =>
            callersOnHold
              ? api.conference.unhold({ conferenceId, callControlIds: callerIds })
              : api.conference.hold({ conferenceId, callControlIds: callerIds })
          }
        >
          Hold caller
        </CommandButton>
        <CommandButton
          className="toggle large record"
          pressed={isRecording}
          pending={recording.pending || recording.state === 'starting' || recording.state === 'stopping'}
          failures={conferenceFailures(['conference.recordStart', 'conference.recordStop'])}
          onRun={() => (isRecording ? api.conference.recordStop({ conferenceId }) : api.conference.recordStart({ conferenceId, format: 'mp3' }))}
        >
          Record
        </CommandButton>
        {recording.state === 'recording' || recording.state === 'paused' ? (
          <CommandButton
            failures={conferenceFailures(['conference.recordPause', 'conference.recordResume'])}
            onRun={() =>
              recording.state === 'paused' ? api.conference.recordResume({ conferenceId }) : api.conference.recordPause({ conferenceId })
            }
          >
            {recording.state === 'paused' ? 'Resume recording' : 'Pause recording'}
          </CommandButton>
        ) : null}
        <CommandButton failures={conferenceFailures(['conference.mute'])} onRun={() => api.conference.mute({ conferenceId })}>
          Mute everyone
        </CommandButton>
        <CommandButton className="quiet" failures={conferenceFailures(['conference.unmute'])} onRun={() => api.conference.unmute({ conferenceId })}>
          Unmute everyone
        </CommandButton>
        <span className="toolbar-spacer" />
        <CommandButton failures={conferenceFailures(['conference.leave'])} onRun={() => api.conference.leave({ conferenceId })}>
          Leave
        </CommandButton>
        <CommandButton className="danger" failures={conferenceFailures(['conference.end'])} onRun={() => api.conference.end({ conferenceId })}>
          End conference
        </CommandButton>
        {conference.myRole === 'agent' ? (
          <ScreenPopButton state={state} settings={settings} conferenceId={conferenceId} queue={conference.queue} />
        ) : null}
      </div>

      <div className="media-tools">
        <AudioTools state={state} conference={conference} soundboard={settings.soundboard} />
        <SpeakTools state={state} conference={conference} present={present} voice={settings.ttsVoice} />
        <AddParticipant state={state} conferenceId={conferenceId} />
      </div>
      {conference.myRole === 'agent' ? (
        <div className="media-tools call-tools">
          <TransferPanel state={state} conference={conference} settings={settings} onSettingsChange={onSettingsChange ?? (() => undefined)} />
          <Keypad state={state} conference={conference} />
        </div>
      ) : null}

      <h3 id="participants-heading">
        Participants <span className="count">({present.length})</span>
      </h3>
      <ParticipantList
        state={state}
        conference={conference}
        watchedQueues={settings.watchedQueues}
      />
    </section>
  );
}

function AudioTools({ state, conference, soundboard }: { state: AgentState; conference: Conference; soundboard: Settings['soundboard'] }) {
  const api = switchboard();
  const urlId = useId();
  const [audioUrl, setAudioUrl] = useState('');
  const conferenceId = conference.id;
  const failures = failuresFor(state, ['conference.play', 'conference.stopAudio'], [conferenceId]);
  return (
    <fieldset className="tool-group">
      <legend>Audio</legend>
      {soundboard.length > 0 ? (
        <div className="soundboard" role="group" aria-label="Soundboard">
          {soundboard.map((sound) => (
            <CommandButton
              key={sound.url}
              className="small"
              label={`Play ${sound.label}`}
              onRun={() => api.conference.play({ conferenceId, audioUrl: sound.url })}
            >
              {sound.label}
            </CommandButton>
          ))}
        </div>
      ) : null}
      <div className="field-row">
        <label htmlFor={urlId}>Audio URL</label>
        <input
          id={urlId}
          type="url"
          inputMode="url"
          placeholder="https://example.com/announcement.mp3"
          value={audioUrl}
          onChange={(event) => setAudioUrl(event.target.value)}
        />
        <CommandButton
          disabled={audioUrl.trim() === ''}
          failures={failures.filter((f) => f.method === 'conference.play')}
          onRun={() => api.conference.play({ conferenceId, audioUrl: audioUrl.trim() })}
        >
          Play audio
        </CommandButton>
        <CommandButton
          className="quiet"
          failures={failures.filter((f) => f.method === 'conference.stopAudio')}
          onRun={() => api.conference.stopAudio({ conferenceId })}
        >
          Stop audio
        </CommandButton>
      </div>
      {conference.media.playing ? <p className="media-state">Playing audio{conference.media.mediaUrl ? `: ${conference.media.mediaUrl}` : ''}</p> : null}
    </fieldset>
  );
}

function SpeakTools({ state, conference, present, voice }: { state: AgentState; conference: Conference; present: Participant[]; voice: string }) {
  const api = switchboard();
  const textId = useId();
  const toId = useId();
  const [text, setText] = useState('');
  const [to, setTo] = useState('everyone');
  return (
    <fieldset className="tool-group">
      <legend>Speak</legend>
      <label htmlFor={textId}>Text to speak</label>
      <textarea id={textId} rows={2} value={text} maxLength={3000} onChange={(event) => setText(event.target.value)} />
      <div className="field-row">
        <label htmlFor={toId}>Speak to</label>
        <select id={toId} value={to} onChange={(event) => setTo(event.target.value)}>
          <option value="everyone">Everyone</option>
          {present.map((p) => (
            <option key={p.callControlId} value={p.callControlId}>
              {p.label}
            </option>
          ))}
        </select>
        <CommandButton
          disabled={text.trim() === ''}
          failures={failuresFor(state, ['conference.speak'], [conference.id])}
          onRun={() =>
            api.conference.speak({
              conferenceId: conference.id,
              text: text.trim(),
              voice,
              ...(to === 'everyone' ? {} : { callControlIds: [to] }),
            })
          }
        >
          Speak
        </CommandButton>
      </div>
      {conference.media.speaking ? <p className="media-state">Speaking…</p> : null}
    </fieldset>
  );
}

function AddParticipant({ state, conferenceId }: { state: AgentState; conferenceId: string }) {
  const api = switchboard();
  const toId = useId();
  const [to, setTo] = useState('');
  return (
    <fieldset className="tool-group">
      <legend>Add someone</legend>
      <div className="field-row">
        <label htmlFor={toId}>Number or SIP address</label>
        <input
          id={toId}
          type="text"
          placeholder="+15551234567 or sip:name@example.com"
          value={to}
          onChange={(event) => setTo(event.target.value)}
        />
        <CommandButton
          disabled={to.trim() === ''}
          failures={failuresFor(state, ['conference.addParticipant'], [conferenceId])}
          onRun={() => api.conference.addParticipant({ conferenceId, to: to.trim() })}
          onDone={() => setTo('')}
        >
          Add participant
        </CommandButton>
      </div>
    </fieldset>
  );
}
