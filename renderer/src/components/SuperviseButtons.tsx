import type { AgentState, SupervisorRole } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { failuresFor } from '../failures';
import { CommandButton } from './CommandButton';
import { myParticipant } from '../participants';

type JoinRole = Exclude<SupervisorRole, 'none'>;

const roleButtons: Array<{ role: JoinRole; label: string; hint: string }> = [
  { role: 'monitor', label: 'Listen', hint: 'Hear everyone; nobody hears you' },
  { role: 'whisper', label: 'Whisper', hint: 'Only the agent hears you' },
  { role: 'barge', label: 'Barge', hint: 'Everyone hears you' },
];

/**
 * Listen / Whisper / Barge on one conference (the live-conference list and the team view): joins
 * with that role, or switches the role live once joined; pressed = the role Telnyx confirmed.
 * `failuresNextToButtons`: show each failure next to its button (else the caller shows them).
 */
export function SuperviseButtons({ state, conferenceId, name, failuresNextToButtons = false }: { state: AgentState; conferenceId: string; name: string; failuresNextToButtons?: boolean }) {
  const joined = state.conference?.id === conferenceId ? state.conference : undefined;
  const supervising = joined?.myRole === 'supervisor';
  const currentRole = supervising && joined ? (myParticipant(joined)?.supervisorRole ?? 'none') : 'none';
  const failures = failuresNextToButtons ? failuresFor(state, ['supervisor.join', 'supervisor.setRole'], [conferenceId]) : [];
  return (
    <span className="supervisor-actions" role="group" aria-label={`Supervise ${name}`}>
      {roleButtons.map(({ role, label, hint }) => (
        <CommandButton
          key={role}
          className="small"
          title={hint}
          pressed={supervising ? currentRole === role : undefined}
          {...(failuresNextToButtons ? { failures: failures.filter((f) => f.method === (supervising ? 'supervisor.setRole' : 'supervisor.join')) } : {})}
          onRun={() => (supervising ? switchboard().supervisor.setRole({ conferenceId, role }) : switchboard().supervisor.join({ conferenceId, role }))}
        >
          {label}
        </CommandButton>
      ))}
    </span>
  );
}
