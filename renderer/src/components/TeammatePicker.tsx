/**
 * Transfer to a teammate picked from presence: the agents the relay lets this console see (a
 * supervisor token: its team; an agent token: only itself, so nobody is listed), each with its
 * state, Available first. Picking one fills in the endpoint its console published.
 */
import type { TeamAgent, TeamState } from '../../../electron/contract';
import { stateLabels } from '../team/TeamPanel';
import { useTeamState } from '../team/useTeamState';

const stateOrder: Record<TeamAgent['state'], number> = { available: 0, wrap_up: 1, on_call: 2, away: 3, offline: 4 };

/** Teammates a transfer can reach (published an endpoint; not this agent), Available first, then by name. */
export function transferTeammates(team: TeamState | undefined): Array<TeamAgent & { endpoint: string }> {
  if (!team) return [];
  return team.agents
    .filter((a): a is TeamAgent & { endpoint: string } => a.endpoint !== null && a.agentId !== team.me?.agentId)
    .sort((a, b) => stateOrder[a.state] - stateOrder[b.state] || a.agentId.localeCompare(b.agentId));
}

export function TeammatePicker({ endpoint, onPick }: { endpoint: string; onPick(agent: { agentId: string; endpoint: string }): void }) {
  const teammates = transferTeammates(useTeamState());
  if (!teammates.length) return null;
  return (
    <ul className="saved-destinations teammates" aria-label="Teammates">
      {teammates.map((a) => (
        <li key={a.agentId}>
          <button type="button" className="button quiet small" aria-pressed={a.endpoint === endpoint.trim()} onClick={() => onPick(a)}>
            {a.agentId} · <span className={`presence presence-${a.state}`}>{stateLabels[a.state]}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
