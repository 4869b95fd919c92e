// The console's side of an offer, on the real simulator and relay: an `offer` frame rings (the
// team state shows it, the host is asked for a notification), Accept takes the caller through
// the same claimed take as "Take call" and replies `offer_reply`, Decline replies and leaves the
// caller waiting. The relay's offer engine is another module: here the offer frame is handed to
// the engine as the relay client would (a tap on its team frames); everything after it is real.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEngine } from '../../../electron/core/agent';
import { startDemo, type RunningDemo } from '../../../electron/demo';
import { engineOnDemo, silentLog, startAvailable, TeamTap } from '../../support/engine-on-demo';
import { until } from '../../support/until';

describe('offers on the console', () => {
  let demo: RunningDemo;
  let carol: AgentEngine;
  const tap = new TeamTap();
  const notifications: Array<{ title: string; body: string }> = [];

  beforeAll(async () => {
    demo = await startDemo({ log: silentLog, timeScale: 0.05, seed: 17, scenario: 'none' });
    carol = engineOnDemo(demo, {
      endpoint: 'sip:carol@demo.switchboard.invalid',
      relayToken: await demo.mintRelayToken('carol'),
      teamTap: tap,
      notify: (n) => notifications.push(n),
    });
    await startAvailable(carol);
  }, 30_000);

  afterAll(async () => {
    await carol?.stop();
    await demo?.stop();
  });

  const offerFor = (offerId: string, callControlId: string, from: string) => ({
    type: 'offer' as const,
    offer_id: offerId,
    call_control_id: callControlId,
    queue: 'support',
    from,
    to: '+15550100',
    enqueued_at: new Date().toISOString(),
    expires_at: Date.now() + 30_000,
  });

  it('decline replies to the relay and leaves the caller waiting', async () => {
    const { callControlId } = await demo.sim.injectInboundCall({ queue: 'support', from: '+15550188001' });
    tap.receive(offerFor('offer-1', callControlId, '+15550188001'));
    expect(carol.team.state().offer).toMatchObject({ offerId: 'offer-1', callControlId, from: '+15550188001' });
    expect(notifications.at(-1)).toEqual({ title: 'Call offered', body: '+15550188001 in support' });
    expect(await carol.team.answerOffer('offer-1', false)).toBeNull();
    expect(tap.sent).toContainEqual({ type: 'offer_reply', offer_id: 'offer-1', accept: false });
    expect(carol.team.state()).toMatchObject({ lastOffer: { offerId: 'offer-1', outcome: 'declined' }, missedOffers: 0 });
    expect(carol.team.state().offer).toBeUndefined();
    expect(demo.sim.snapshot().calls.find((c) => c.call_control_id === callControlId)?.state).toBe('queued');
    await expect(carol.team.answerOffer('offer-1', true)).rejects.toMatchObject({ message: 'That offer is over' });
  });

  it('accept claims and takes the caller: one conference with carol in it', async () => {
    const { callControlId } = await demo.sim.injectInboundCall({ queue: 'support', from: '+15550188002' });
    await until(() => carol.state().queues.some((q) => q.calls.some((c) => c.callControlId === callControlId)), 'caller listed', 8000);
    tap.receive(offerFor('offer-2', callControlId, '+15550188002'));
    const result = await carol.team.answerOffer('offer-2', true);
    expect(tap.sent).toContainEqual({ type: 'offer_reply', offer_id: 'offer-2', accept: true });
    // The take claimed the call through the relay before touching Telnyx.
    expect(tap.sent.some((f) => f.type === 'claim' && f.call_control_id === callControlId)).toBe(true);
    expect(result?.conferenceId).toBe(carol.state().conference?.id);
    const held = demo.sim.snapshot().conferences.filter((c) => c.participants.some((p) => p.call_control_id === callControlId));
    expect(held.map((c) => c.id)).toEqual([result?.conferenceId]);
    expect(held[0]?.participants.some((p) => p.call_control_id === carol.state().agent.leg?.callControlId)).toBe(true);
    expect(carol.team.state().lastOffer).toMatchObject({ offerId: 'offer-2', outcome: 'accepted' });
  });
});
