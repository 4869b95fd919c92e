// Offers and the missed-offer count, driven by a manual clock: the offer book itself, the
// countdown both sides show, and the team service setting the agent away after N missed offers.
import { describe, expect, it, vi } from 'vitest';
import type { OfferFrame } from '../../../../relay/src/protocol';
import { defaultSettings, MISSED_OFFERS_REASON, offerSecondsLeft, type TeamState } from '../../../../electron/contract';
import { initialModel } from '../../../../electron/core/agent/model';
import { setAgentStatus } from '../../../../electron/core/agent/reducer';
import { AgentStore } from '../../../../electron/core/agent/store';
import { createLogger } from '../../../../electron/core/log';
import type { RelayClientFrame, TeamFrame } from '../../../../electron/core/relay/relay-client';
import { OFFER_END_GRACE_MS, OfferBook } from '../../../../electron/core/team/offers';
import { createTeamService } from '../../../../electron/core/team/team-service';
import { ManualClock } from '../../../support/manual-clock';

const log = createLogger({ level: 'error', sink: () => {} });

function offer(id: string, expiresAt: number): OfferFrame {
  return { type: 'offer', offer_id: id, call_control_id: `call-${id}`, queue: 'support', from: '+15550001', to: '+15550100', enqueued_at: '2026-01-01T00:00:00.000Z', expires_at: expiresAt };
}

describe('offerSecondsLeft', () => {
  it('counts whole seconds up, never below zero', () => {
    expect(offerSecondsLeft(10_000, 0)).toBe(10);
    expect(offerSecondsLeft(10_000, 100)).toBe(10);
    expect(offerSecondsLeft(10_000, 9_001)).toBe(1);
    expect(offerSecondsLeft(10_000, 10_000)).toBe(0);
    expect(offerSecondsLeft(10_000, 20_000)).toBe(0);
  });
});

describe('OfferBook', () => {
  it('counts timeouts in a row; an accept or a decline starts the count again; caller_gone and taken change nothing', () => {
    const book = new OfferBook();
    book.offered(offer('a', 1000), 0);
    book.end('a', 'timeout');
    book.offered(offer('b', 1000), 0);
    book.end('b', 'caller_gone');
    book.offered(offer('c', 1000), 0);
    book.end('c', 'timeout');
    expect(book.missedInARow()).toBe(2);
    book.offered(offer('d', 1000), 0);
    book.end('d', 'declined');
    expect(book.missedInARow()).toBe(0);
    book.offered(offer('e', 1000), 0);
    book.end('e', 'taken', 'bob');
    expect(book.missedInARow()).toBe(0);
    expect(book.lastOffer()).toEqual({ offerId: 'e', from: '+15550001', outcome: 'taken', by: 'bob' });
  });

  it('expires an offer only after its expiry plus the grace, and counts it once even when the relay says so too', () => {
    const book = new OfferBook();
    book.offered(offer('a', 5000), 0);
    expect(book.expire(5000 + OFFER_END_GRACE_MS - 1)).toBe(false);
    expect(book.current()?.offerId).toBe('a');
    expect(book.expire(5000 + OFFER_END_GRACE_MS)).toBe(true);
    expect(book.current()).toBeUndefined();
    expect(book.endedByRelay({ type: 'offer_ended', offer_id: 'a', call_control_id: 'call-a', outcome: 'timeout' })).toBe(false);
    expect(book.missedInARow()).toBe(1);
    // A late repeat of an ended offer does not ring again.
    expect(book.offered(offer('a', 5000), 0)).toBe(false);
  });

  it('counts down on this console\'s clock: the relay\'s expires_at is read through the time it said was left', () => {
    const book = new OfferBook();
    // The relay's clock is 2 minutes ahead of ours: its expires_at alone would ring 150 s, not 30.
    const relayNow = 1_000_000 + 120_000;
    book.offered({ ...offer('a', relayNow + 30_000), expires_in_ms: 30_000 }, 1_000_000);
    expect(offerSecondsLeft(book.current()!.expiresAt, 1_000_000)).toBe(30);
    expect(book.expire(1_000_000 + 30_000 + OFFER_END_GRACE_MS)).toBe(true);
  });

  it('an offer being accepted does not expire', () => {
    const book = new OfferBook();
    book.offered(offer('a', 1000), 0);
    book.accepting('a');
    expect(book.expire(10_000)).toBe(false);
  });
});

describe('team service: missed offers set the agent away', () => {
  function setup(limit: number) {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 9));
    const store = new AgentStore(setAgentStatus(initialModel({ mode: 'demo', watchedQueues: ['support'] }), 'available'));
    const teamListeners = new Set<(f: TeamFrame) => void>();
    const sent: RelayClientFrame[] = [];
    const goAway = vi.fn(async () => store.update((m) => setAgentStatus(m, 'away')));
    const notify = vi.fn();
    const team = createTeamService({
      store,
      link: {
        send: (f) => (sent.push(f), true),
        onTeam: (cb) => (teamListeners.add(cb), () => teamListeners.delete(cb)),
        onHello: () => () => {},
      },
      relayToken: () => undefined,
      settings: () => ({ ...defaultSettings, team: { missedOffersBeforeAway: limit } }),
      notify,
      take: async () => ({ conferenceId: 'conf' }),
      joinTransfer: async () => ({ conferenceId: 'conf' }),
      goAway,
      clock,
      log,
    });
    team.start();
    const frame = (f: TeamFrame) => teamListeners.forEach((cb) => cb(f));
    return { clock, store, team, goAway, notify, frame, sent };
  }

  it(`after N offers that ring out with no word from the relay, the console sets the agent away ("${MISSED_OFFERS_REASON}")`, () => {
    const { clock, team, goAway, notify, frame } = setup(2);
    frame(offer('a', clock.now() + 10_000));
    expect(team.state().offer?.offerId).toBe('a');
    expect(notify).toHaveBeenCalledWith({ title: 'Call offered', body: '+15550001 in support' });
    clock.advance(10_000 + OFFER_END_GRACE_MS);
    expect(team.state()).toMatchObject({ missedOffers: 1, lastOffer: { offerId: 'a', outcome: 'timeout' } });
    expect(team.state().offer).toBeUndefined();
    expect(goAway).not.toHaveBeenCalled();
    frame(offer('b', clock.now() + 10_000));
    clock.advance(10_000 + OFFER_END_GRACE_MS);
    expect(goAway).toHaveBeenCalledTimes(1);
    expect(goAway).toHaveBeenCalledWith(MISSED_OFFERS_REASON);
    expect(team.state()).toMatchObject<Partial<TeamState>>({ missedOffers: 0 });
  });

  it('the relay ending offers as timeouts counts the same; a decline in between starts again', async () => {
    const { clock, team, goAway, frame, sent } = setup(2);
    frame(offer('a', clock.now() + 10_000));
    frame({ type: 'offer_ended', offer_id: 'a', call_control_id: 'call-a', outcome: 'timeout' });
    frame(offer('b', clock.now() + 10_000));
    await team.answerOffer('b', false);
    expect(sent).toContainEqual({ type: 'offer_reply', offer_id: 'b', accept: false });
    frame(offer('c', clock.now() + 10_000));
    frame({ type: 'offer_ended', offer_id: 'c', call_control_id: 'call-c', outcome: 'timeout' });
    expect(team.state().missedOffers).toBe(1);
    expect(goAway).not.toHaveBeenCalled();
    // The relay's word first, then the local expiry timer: one miss, not two.
    clock.advance(20_000);
    expect(team.state().missedOffers).toBe(1);
  });
});
