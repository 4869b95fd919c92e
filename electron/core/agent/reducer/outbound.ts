/** Outbound calls in the model: the call being dialled, a tel:/callto: link awaiting confirmation. */
import type { DialingCall, DialLinkRequest } from '../../../contract';
import type { AgentModel } from '../model';

/** A newer link replaces one still waiting: the agent clicked again. */
export function setLinkRequest(m: AgentModel, request: DialLinkRequest | undefined): AgentModel {
  const { linkRequest: _old, ...rest } = m.outbound;
  return { ...m, outbound: request ? { ...rest, linkRequest: request } : rest };
}

export function setDialing(m: AgentModel, dialing: DialingCall | undefined): AgentModel {
  const { dialing: _old, ...rest } = m.outbound;
  return { ...m, outbound: dialing ? { ...rest, dialing } : rest };
}
