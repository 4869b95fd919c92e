/**
 * The offers made to this console (offer mode, relay side: the relay's offer engine) and the
 * missed-offer count. Pure bookkeeping with the time passed in, so tests drive it with a manual
 * clock: an offer rings until the relay ends it (`offer_ended`) or its `expires_at` passes with no
 * word from the relay (counted as a timeout here, once). Missed = timeouts in a row; an accept or
 * a decline (the agent is at the desk) starts the count again.
 */
import type { OfferEndedFrame, OfferFrame } from '@switchboard/relay/protocol';
import type { CallOffer, OfferOutcome, TeamState } from '../../contract';

/** How long after `expires_at` the console waits for the relay's own word before ending an offer itself. */
export const OFFER_END_GRACE_MS = 1_000;
const REMEMBERED_ENDINGS = 256;

export class OfferBook {
  private ringing: CallOffer | undefined;
  private missed = 0;
  private last: TeamState['lastOffer'];
  /** Offers already ended (by the relay or by expiry): a late frame about one changes nothing. */
  private readonly ended = new Set<string>();

  current(): CallOffer | undefined {
    return this.ringing;
  }

  missedInARow(): number {
    return this.missed;
  }

  lastOffer(): TeamState['lastOffer'] {
    return this.last;
  }

  /**
   * A new offer rings (replacing any other: the relay offers one call at a time). Returns false for
   * one already over. Its deadline is on this console's clock (`now` + the time the relay said was
   * left), never the relay's `expires_at` as is: the two clocks need not agree.
   */
  offered(frame: OfferFrame, now: number): boolean {
    if (this.ended.has(frame.offer_id)) return false;
    this.ringing = {
      offerId: frame.offer_id,
      callControlId: frame.call_control_id,
      queue: frame.queue,
      from: frame.from,
      to: frame.to,
      enqueuedAt: frame.enqueued_at,
      expiresAt: frame.expires_in_ms !== undefined ? now + frame.expires_in_ms : frame.expires_at,
      ...(frame.transfer
        ? { transfer: { fromAgent: frame.transfer.from_agent, conferenceId: frame.transfer.conference_id, kind: frame.transfer.kind, note: frame.transfer.note } }
        : {}),
    };
    return true;
  }

  /** Accept is in flight: the offer stays on screen, marked, until the take settles. */
  accepting(offerId: string): void {
    if (this.ringing?.offerId === offerId) this.ringing = { ...this.ringing, accepting: true };
  }

  /** The relay said the offer is over (or the console knows it: answered, expired). Returns whether this changed anything. */
  end(offerId: string, outcome: OfferOutcome, by?: string): boolean {
    if (this.ended.has(offerId)) return false;
    this.ended.add(offerId);
    if (this.ended.size > REMEMBERED_ENDINGS) this.ended.delete(this.ended.values().next().value!);
    const from = this.ringing?.offerId === offerId ? this.ringing.from : '';
    if (this.ringing?.offerId === offerId) this.ringing = undefined;
    if (outcome === 'timeout') this.missed += 1;
    else if (outcome === 'accepted' || outcome === 'declined') this.missed = 0;
    this.last = { offerId, from, outcome, ...(by ? { by } : {}) };
    return true;
  }

  endedByRelay(frame: OfferEndedFrame): boolean {
    return this.end(frame.offer_id, frame.outcome, frame.by);
  }

  /** Ends the ringing offer as a timeout once `now` is past its expiry plus the grace; returns whether it did. */
  expire(now: number): boolean {
    const offer = this.ringing;
    if (!offer || offer.accepting || now < offer.expiresAt + OFFER_END_GRACE_MS) return false;
    return this.end(offer.offerId, 'timeout');
  }

  /** The agent went away (or the console did it): the count starts again. */
  resetMissed(): void {
    this.missed = 0;
  }

  /** The engine stopped: nothing rings any more. */
  clear(): void {
    this.ringing = undefined;
  }
}
