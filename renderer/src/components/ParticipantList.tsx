import { memo } from 'react';
import type { AgentState, CommandFailure, CommandName, Conference, Participant } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { failuresFor } from '../failures';
import { CommandButton, FailureNotes } from './CommandButton';
import { VirtualList } from './VirtualList';

const ROW_HEIGHT = 60;
/** One function for every render: an inline key would make the list recompute every row's layout. */
const participantKey = (p: Participant) => p.callControlId;

const kindLabels: Record<Participant['kind'], string> = {
  caller: 'Caller',
  agent: 'Agent',
  supervisor: 'Supervisor',
  other: 'Guest',
};

const roleLabels: Record<Participant['supervisorRole'], string | undefined> = {
  none: undefined,
  monitor: 'Listening',
  whisper: 'Whispering',
  barge: 'Barged in',
};

interface ParticipantListProps {
  state: AgentState;
  /** Its `me` (the console's own leg) gets a row without per-participant buttons: the toolbar has them. */
  conference: Conference;
  watchedQueues: string[];
}

export function ParticipantList({ state, conference, watchedQueues }: ParticipantListProps) {
  const myCallControlId = conference.me;
  const present = conference.participants.filter((p) => p.status !== 'left');
  return (
    <VirtualList
      label="Participants"
      items={present}
      itemKey={participantKey}
      rowHeight={ROW_HEIGHT}
      height={420}
      className="participants"
      empty={<p className="empty">Nobody has joined yet.</p>}
      renderItem={(participant) => (
        <ParticipantRow
          conferenceId={conference.id}
          participant={participant}
          isMe={participant.callControlId === myCallControlId}
          hasFloor={participant.speaking || conference.floorCallControlId === participant.callControlId}
          backToQueue={watchedQueues[0]}
          failures={
            // Our own leg's failures (mute) sit next to the toolbar's buttons: not twice.
            state.failures.length === 0 || participant.callControlId === myCallControlId
              ? noFailures
              : failuresFor(state, participantMethods, [participant.callControlId]).filter((f) => f.target === participant.callControlId)
          }
        />
      )}
    />
  );
}

const noFailures: CommandFailure[] = [];
const participantMethods: readonly CommandName[] = ['conference.mute', 'conference.unmute', 'conference.hold', 'conference.unhold', 'queue.enqueue'];

interface ParticipantRowProps {
  conferenceId: string;
  participant: Participant;
  isMe: boolean;
  hasFloor: boolean;
  /** The queue "Back to queue" puts a caller in (the first watched queue). */
  backToQueue?: string;
  failures: CommandFailure[];
}

/** Snapshots are fresh objects after IPC, so rows compare by value and skip unchanged renders. */
function sameRow(a: ParticipantRowProps, b: ParticipantRowProps): boolean {
  const p = a.participant;
  const q = b.participant;
  return (
    a.conferenceId === b.conferenceId &&
    a.isMe === b.isMe &&
    a.hasFloor === b.hasFloor &&
    a.backToQueue === b.backToQueue &&
    p.callControlId === q.callControlId &&
    p.label === q.label &&
    p.kind === q.kind &&
    p.status === q.status &&
    p.muted === q.muted &&
    p.onHold === q.onHold &&
    p.supervisorRole === q.supervisorRole &&
    p.pending.join() === q.pending.join() &&
    a.failures.length === b.failures.length &&
    a.failures.every((failure, i) => failure.id === b.failures[i]?.id)
  );
}

const ParticipantRow = memo(function ParticipantRow({ conferenceId, participant, isMe, hasFloor, backToQueue: firstQueue, failures }: ParticipantRowProps) {
  const { callControlId, label } = participant;
  const target = { conferenceId, callControlIds: [callControlId] };
  const role = roleLabels[participant.supervisorRole];
  const pending = participant.pending;

  return (
    <div className={`participant${hasFloor ? ' has-floor' : ''}`} aria-busy={pending.length > 0 || undefined}>
      <span className={`floor-indicator${hasFloor ? ' on' : ''}`} aria-hidden="true" />
      <span className="participant-who">
        <span className="participant-label">
          {label}
          {isMe ? <span className="you"> (you)</span> : null}
        </span>
        <span className="participant-states">
          <span className={`chip kind-${participant.kind}`}>{kindLabels[participant.kind]}</span>
          {participant.status === 'joining' ? <span className="chip">Joining</span> : null}
          {hasFloor ? <span className="chip chip-floor">Speaking</span> : null}
          {participant.muted ? <span className="chip chip-muted">Muted</span> : null}
          {participant.onHold ? <span className="chip chip-hold">On hold</span> : null}
          {role ? <span className="chip chip-role">{role}</span> : null}
          {pending.length > 0 ? <span className="chip chip-pending">Updating…</span> : null}
        </span>
      </span>
      {isMe ? null : (
        <span className="participant-actions">
          <CommandButton
            className="small"
            label={`Mute ${label}`}
            pressed={participant.muted}
            pending={pending.includes('muted')}
            onRun={() => (participant.muted ? switchboard().conference.unmute(target) : switchboard().conference.mute(target))}
          >
            Mute
          </CommandButton>
          <CommandButton
            className="small"
            label={`Hold ${label}`}
            pressed={participant.onHold}
            pending={pending.includes('onHold')}
            onRun={() => (participant.onHold ? switchboard().conference.unhold(target) : switchboard().conference.hold(target))}
          >
            Hold
          </CommandButton>
          {participant.kind === 'caller' && firstQueue ? (
            <CommandButton
              className="small quiet"
              label={`Back to queue ${firstQueue}: ${label}`}
              onRun={() => switchboard().queue.enqueue({ callControlId, queue: firstQueue })}
            >
              Back to queue
            </CommandButton>
          ) : null}
        </span>
      )}
      {failures.length > 0 ? (
        <span className="participant-failures">
          <FailureNotes failures={failures} />
        </span>
      ) : null}
    </div>
  );
}, sameRow);

