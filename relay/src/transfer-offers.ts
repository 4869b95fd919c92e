/**
 * A transfer to a teammate is an offer (issue 13): the agent on a call asks its relay to offer its
 * caller to teammate X (`transfer_offer`). Who may ask and to whom, decided here from the relay's
 * own knowledge, never from what the sender says about itself:
 * - the sender has an agent or supervisor token (a static token has no agent id to hand over from);
 * - its presence shows it on that conference with that caller (so nobody offers a caller it is not on);
 * - the target is someone else, known, connected, Available, and — for a queue-scoped sender
 *   token — serves one of the sender's queues (its team). An unscoped token may offer to any agent.
 * The offer engine then takes the caller's claim for X (free, or the sender's own), delivers the offer
 * where X's socket is, and tells the sender how it ended.
 */
import { randomUUID } from 'node:crypto';
import type { OfferRecord } from './claims';
import type { PresenceView } from './presence-view';
import type { TransferOfferFrame } from './protocol';
import { policyOf, type QueueConfig } from './queue-config';
import type { Principal } from './token-claims';

/** Why the relay will not make this transfer offer (the words the sender's console shows), or undefined. */
export function transferOfferRefusal(principal: Principal, frame: TransferOfferFrame, view: PresenceView): string | undefined {
  if (principal.role === 'account') return 'transfers to a teammate need an agent token: a static token has no agent id';
  if (frame.to_agent === principal.agentId) return 'you cannot transfer a call to yourself';
  const me = view.agents.get(principal.agentId);
  if (!me || me.conference_id !== frame.conference_id || me.call_control_id !== frame.call_control_id) return 'your presence does not show you on that call';
  const target = view.agents.get(frame.to_agent);
  if (!target) return `${frame.to_agent} is not a known teammate`;
  if (principal.queues && !target.queues.some((q) => principal.queues!.has(q))) return `${frame.to_agent} is not in your team`;
  if (!target.connected || target.state === 'offline') return `${frame.to_agent} is offline`;
  if (target.state !== 'available') return `${frame.to_agent} is not available (${target.state.replace('_', ' ')})`;
  return undefined;
}

/** The offer record of a transfer: the caller's queue (if the log named one) sets the timeout. */
export function transferOfferRecord(principal: Principal, frame: TransferOfferFrame, queue: string | undefined, config: QueueConfig, now: number): OfferRecord {
  return {
    offer_id: randomUUID(),
    agent_id: frame.to_agent,
    call_control_id: frame.call_control_id,
    queue: queue ?? '',
    from: frame.from,
    to: '',
    enqueued_at: new Date(now).toISOString(),
    expires_at: now + policyOf(config, queue ?? '').offerTimeoutMs,
    transfer: { from_agent: principal.agentId, conference_id: frame.conference_id, kind: frame.kind, note: frame.note },
  };
}
