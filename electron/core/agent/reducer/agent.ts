/** The agent's own status, endpoint and supervisor leg. */
import type { AgentStatus } from '../../../contract';
import type { AgentModel } from '../model';

export function setAgentStatus(m: AgentModel, status: AgentStatus): AgentModel {
  return m.agent.status === status ? m : { ...m, agent: { ...m.agent, status } };
}

export function setSupervisorLeg(m: AgentModel, callControlId: string | undefined): AgentModel {
  if (callControlId) return { ...m, supervisorLeg: callControlId };
  const { supervisorLeg: _s, ...rest } = m;
  return rest;
}

export function setEndpoint(m: AgentModel, endpoint: string | undefined): AgentModel {
  const { endpoint: _e, ...agent } = m.agent;
  return { ...m, agent: endpoint ? { ...agent, endpoint } : agent };
}

/** Away, with the reason the agent gave (from Settings' list) or none. */
export function setAgentAway(m: AgentModel, reason: string | undefined): AgentModel {
  const { reason: _r, ...agent } = m.agent;
  return { ...m, agent: { ...agent, status: 'away', ...(reason !== undefined ? { reason } : {}) } };
}
