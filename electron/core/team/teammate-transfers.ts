/**
 * A transfer to a teammate is an offer, not a dial (issue 13): the console asks its relay to offer
 * its caller to agent X (`transfer_offer`, relay/src/transfer-offers.ts); the relay takes the
 * caller's claim for X and rings X's console with Accept / Decline, wherever X is connected. This
 * side sends the request, waits for the relay's answer (offered, or refused with the relay's
 * words) and turns how the offer ended (`transfer_offer_ended`) into the transfer record the
 * transfer command follows (agent/commands/teammate-transfer.ts).
 */
import { randomUUID } from 'node:crypto';
import type { TransferOfferOutcome, TransferOfferResultFrame } from '@switchboard/relay/protocol';
import { CommandError } from '../errors';
import type { AgentStore } from '../agent/store';
import { setTransferOffer, teammateAnswered } from '../agent/reducer';
import type { RelayClientFrame, TeamFrame } from '../relay/relay-client';
import type { CoreClock } from '../clock';

/** The relay answers a transfer offer within this, or the transfer is refused (the caller stays). */
export const TRANSFER_OFFER_ANSWER_TIMEOUT_MS = 5_000;

export interface TeammateTransferLink {
  send(frame: RelayClientFrame): boolean;
  onTeam(cb: (frame: TeamFrame) => void): () => void;
}

export interface TeammateOfferRequest {
  /** The transfer (agent/transfer-record.ts) the offer belongs to: it gets the offer as soon as the relay made it. */
  transferId: string;
  toAgent: string;
  callerCallControlId: string;
  conferenceId: string;
  kind: 'blind' | 'consult';
  /** The caller's number ('' when unknown), shown on the teammate's ringing offer. */
  from: string;
  /** Who sends it and the agent's own words, shown on the teammate's ringing offer. */
  note: string;
}

export interface TeammateTransfers {
  /** Whether teammates can be offered calls (a per-agent token on a configured relay). */
  enabled(): boolean;
  /** Asks the relay to offer the caller; resolves once it rings on the teammate's console. Throws the relay's reason. */
  offer(request: TeammateOfferRequest): Promise<{ offerId: string; expiresAt: number }>;
  /** Withdraws an offer still ringing (cancel); false when the relay is not connected. */
  withdraw(offerId: string, callerCallControlId: string): boolean;
  reset(): void;
}

/** What the agent reads when the teammate's offer came to nothing. */
export function offerOutcomeReason(agent: string, outcome: TransferOfferOutcome): string {
  switch (outcome) {
    case 'declined':
      return `${agent} declined`;
    case 'timeout':
      return `${agent} did not answer in time`;
    case 'caller_gone':
      return 'the caller hung up';
    case 'taken':
      return 'the caller was taken by another agent';
    case 'withdrawn':
      return 'you cancelled the offer';
    case 'accepted':
      return `${agent} accepted but did not join`;
  }
}

export function createTeammateTransfers(link: TeammateTransferLink, store: AgentStore, enabled: () => boolean, clock: CoreClock): TeammateTransfers {
  const waiting = new Map<string, (answer: TransferOfferResultFrame) => void>();
  /** Ends that came before the record knew its offer id (the answer frame and the end are separate messages). */
  const early = new Map<string, Parameters<typeof teammateAnswered>[2]>();

  link.onTeam((frame) => {
    if (frame.type === 'transfer_offer_result') waiting.get(frame.request_id)?.(frame);
    else if (frame.type === 'error' && frame.request_id) {
      waiting.get(frame.request_id)?.({ type: 'transfer_offer_result', request_id: frame.request_id, to_agent: '', call_control_id: '', outcome: 'refused', reason: frame.error });
    } else if (frame.type === 'transfer_offer_ended') {
      const answer = frame.outcome === 'accepted' && frame.agent_leg ? { agentLeg: frame.agent_leg } : { reason: offerOutcomeReason(frame.to_agent, frame.outcome) };
      if (store.model().transfer?.offer?.offerId === frame.offer_id) store.update((m) => teammateAnswered(m, frame.offer_id, answer));
      else {
        early.set(frame.offer_id, answer);
        if (early.size > 32) early.delete(early.keys().next().value!);
      }
    }
  });

  return {
    enabled,
    offer(r) {
      if (!enabled()) {
        return Promise.reject(new CommandError({ code: 'NOT_CONFIGURED', message: 'Transfers to a teammate need a per-agent relay token (Settings → Relay token)' }));
      }
      const request_id = randomUUID();
      return new Promise((resolve, reject) => {
        const done = (answer: TransferOfferResultFrame) => {
          clearTimeout(timer);
          waiting.delete(request_id);
          if (answer.outcome === 'offered' && answer.offer_id) {
            const offer = { offerId: answer.offer_id, expiresAt: clock.now() + (answer.expires_in_ms ?? 0) };
            store.update((m) => setTransferOffer(m, r.transferId, offer));
            const ended = early.get(offer.offerId);
            early.delete(offer.offerId);
            if (ended) store.update((m) => teammateAnswered(m, offer.offerId, ended));
            resolve(offer);
          } else {
            reject(new CommandError({ code: 'INVALID_STATE', message: `The relay did not offer the call to ${r.toAgent}: ${answer.reason ?? 'refused'}` }));
          }
        };
        const refused = (reason: string) => done({ type: 'transfer_offer_result', request_id, to_agent: r.toAgent, call_control_id: r.callerCallControlId, outcome: 'refused', reason });
        const timer = setTimeout(() => refused('the relay did not answer'), TRANSFER_OFFER_ANSWER_TIMEOUT_MS);
        waiting.set(request_id, done);
        const sent = link.send({
          type: 'transfer_offer', request_id, to_agent: r.toAgent, call_control_id: r.callerCallControlId, conference_id: r.conferenceId, kind: r.kind, from: r.from, note: r.note,
        });
        if (!sent) refused('the relay is not connected');
      });
    },
    withdraw(offerId, callerCallControlId) {
      return link.send({ type: 'transfer_offer_cancel', offer_id: offerId, call_control_id: callerCallControlId });
    },
    reset() {
      waiting.clear();
      early.clear();
    },
  };
}
