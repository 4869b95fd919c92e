/**
 * Teammates picked from presence: the agents the relay lets this console see (a supervisor token:
 * its team; an agent token: only itself, so nobody is listed — agents type the teammate's id),
 * each with its state, Available first. Transfer → Teammate offers the caller to the one picked
 * (OfferTeammatePicker); Transfer → Agent dials the endpoint its console published (TeammatePicker).
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

/**
 * Teammates a transfer by offer can be addressed to (anyone the relay shows, not this agent), Available
 * first. Only a connected, Available one can be offered the caller: the others are listed, disabled, with why.
 */
export function offerTeammates(team: TeamState | undefined): Array<TeamAgent & { offerable: boolean }> {
  if (!team) return [];
  return team.agents
    .filter((a) => a.agentId !== team.me?.agentId)
    .map((a) => ({ ...a, offerable: a.connected && a.state === 'available' }))
    .sort((a, b) => stateOrder[a.state] - stateOrder[b.state] || a.agentId.localeCompare(b.agentId));
}

/** Transfer → Teammate: pick who is offered the caller (the relay refuses anyone not Available, so the list says so first). */
export function OfferTeammatePicker({ agentId, onPick }: { agentId: string; onPick(agentId: string): void }) {
  const teammates = offerTeammates(useTeamState());
  if (!teammates.length) return null;
  return (
    <ul className="saved-destinations teammates" aria-label="Teammates">
      {teammates.map((a) => (
        <li key={a.agentId}>
          <button
            type="button"
            className="button quiet small"
            aria-pressed={a.agentId === agentId.trim()}
            disabled={!a.offerable}
            title={a.offerable ? 'Offer the caller to this teammate' : 'Only an Available, connected teammate can be offered a call'}
            onClick={() => onPick(a.agentId)}
          >
            {a.agentId} · <span className={`presence presence-${a.state}`}>{a.connected ? stateLabels[a.state] : 'Offline'}</span>
            {a.offerable ? null : <span className="visually-hidden"> (cannot be offered)</span>}
          </button>
        </li>
      ))}
    </ul>
  );
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
