// The agent's state machine without Telnyx: the store stamps `since` and begins/ends wrap-up
// (agent-state.ts), the wrap-up timer runs on a ManualClock (wrap-up-timer.ts), the draft and
// its refusals (commands/wrap-up.ts), and the tray's words.
import { describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../../../electron/contract';
import { deriveAgentState, trayTooltip } from '../../../../electron/core/agent/agent-state';
import { applyDraft, finishRefusal } from '../../../../electron/core/agent/commands/wrap-up';
import { initialModel, toAgentState, type AgentModel } from '../../../../electron/core/agent/model';
import { enterConference, leaveMyConference, setAgentAway, setAgentLeg, setAgentStatus } from '../../../../electron/core/agent/reducer';
import { AgentStore } from '../../../../electron/core/agent/store';
import { createWrapUpTimer, type WrapUpResult } from '../../../../electron/core/agent/wrap-up-timer';
import { createLogger } from '../../../../electron/core/log';
import { ManualClock } from '../../../support/manual-clock';

const log = createLogger({ level: 'error', sink: () => {} });
const iso = (ms: number) => new Date(ms).toISOString();

function setup(wrapUp: Partial<Settings['wrapUp']> = {}) {
  const clock = new ManualClock();
  const settings: Settings['wrapUp'] = { ...defaultSettings.wrapUp, timerSecs: 30, extendSecs: 15, ...wrapUp };
  const store = new AgentStore(initialModel({ mode: 'demo', watchedQueues: ['support'], since: iso(clock.now()) }), (next, prev) =>
    deriveAgentState(next, prev, () => settings, clock.now()),
  );
  const finishes: string[] = [];
  const timer = createWrapUpTimer({
    store,
    clock,
    finish: async () => {
      finishes.push(iso(clock.now()));
      const after = store.model().agent.wrapUp?.after;
      store.update((m) => (after?.status === 'away' ? setAgentAway(m, after.reason) : setAgentStatus(m, 'available')));
    },
    log,
  });
  const results: WrapUpResult[] = [];
  timer.onResult((r) => results.push(r));
  return { clock, store, finishes, results, timer };
}

/** Available on a parked leg, takes a call from support, and the call ends at the clock's now. */
function callThenLeave({ clock, store }: ReturnType<typeof setup>, talkMs = 5_000) {
  store.update((m) => setAgentStatus(setAgentLeg(m, { callControlId: 'leg', state: 'parked', since: iso(clock.now()) }), 'available'));
  store.update((m) =>
    enterConference(m, { id: 'conf-1', name: 'sb-support-1', createdAt: iso(clock.now()), myRole: 'agent', caller: { callControlId: 'caller', from: '+15550001', queue: 'support' } }),
  );
  clock.advance(talkMs);
  store.update((m) => leaveMyConference(m, iso(clock.now()), 'wrap-up'));
}

describe('agent state and since', () => {
  it('since moves on every change of state or away reason, and only then', () => {
    const t = setup();
    const { clock, store } = t;
    const since = () => store.model().agent.since;
    const start = since();
    clock.advance(1000);
    store.update((m) => ({ ...m, queues: [] }));
    expect(since()).toBe(start);
    store.update((m) => setAgentAway(m, 'Break'));
    expect(store.model().agent).toMatchObject({ status: 'away', reason: 'Break', since: iso(clock.now()) });
    clock.advance(1000);
    store.update((m) => setAgentAway(m, 'Lunch'));
    expect(since()).toBe(iso(clock.now()));
    clock.advance(1000);
    store.update((m) => setAgentStatus(m, 'connecting'));
    // Leaving Away drops the reason.
    expect(store.model().agent.reason).toBeUndefined();
    expect(since()).toBe(iso(clock.now()));
  });

  it('on a call is its own state: since moves when the call starts and when it ends', () => {
    const t = setup();
    callThenLeave(t, 7_000);
    const s = toAgentState(t.store.model(), 1);
    expect(s.agent.status).toBe('wrap-up');
    expect(s.agent.since).toBe(iso(t.clock.now()));
    expect(trayTooltip(s, t.clock.now() + 65_000)).toBe('Switchboard — Wrap-up · 1:05');
  });

  it('the tray reads state, reason and time in state', () => {
    const m: AgentModel = setAgentAway(initialModel({ mode: 'demo', watchedQueues: [], since: iso(0) }), 'Lunch');
    expect(trayTooltip(toAgentState(m, 1), 3_725_000)).toBe('Switchboard — Away — Lunch · 1:02:05');
  });
});

describe('wrap-up on core\'s clock', () => {
  it('begins when the call ends, with the settings of that moment, and the timer returns the agent to Available', () => {
    const t = setup();
    callThenLeave(t);
    const w = t.store.model().agent.wrapUp!;
    expect(w).toMatchObject({ conferenceId: 'conf-1', caller: '+15550001', queue: 'support', startedAt: iso(t.clock.now()), endsAt: iso(t.clock.now() + 30_000), extendSecs: 15, notes: '' });
    t.clock.advance(29_999);
    expect(t.finishes).toEqual([]);
    t.clock.advance(1);
    expect(t.finishes).toEqual([w.endsAt]);
    expect(t.store.model().agent).toMatchObject({ status: 'available' });
    expect(t.store.model().agent.wrapUp).toBeUndefined();
    expect(t.results).toEqual([{ conferenceId: 'conf-1', notes: '', wrapUpSecs: 30, endedBy: 'timer', after: { status: 'available' } }]);
  });

  it('the one extension moves the timer; an agent finishing early emits once, by the agent', () => {
    const t = setup();
    callThenLeave(t);
    t.store.update((m) => ({ ...m, agent: { ...m.agent, wrapUp: { ...m.agent.wrapUp!, endsAt: iso(t.clock.now() + 45_000), extended: true } } }));
    t.clock.advance(30_000);
    expect(t.finishes).toEqual([]);
    t.clock.advance(10_000);
    t.store.update((m) => setAgentStatus(m, 'available'));
    t.clock.advance(60_000);
    expect(t.finishes).toEqual([]);
    expect(t.results).toEqual([{ conferenceId: 'conf-1', notes: '', wrapUpSecs: 40, endedBy: 'agent', after: { status: 'available' } }]);
    expect(t.clock.pending()).toBe(0);
  });

  it('no timer when the timer is 0 seconds: the agent finishes', () => {
    const t = setup({ timerSecs: 0 });
    callThenLeave(t);
    expect(t.store.model().agent.wrapUp?.endsAt).toBeUndefined();
    expect(t.clock.pending()).toBe(0);
  });

  it('go away after wrap-up: the timer ends in Away with the reason', () => {
    const t = setup();
    callThenLeave(t);
    t.store.update((m) => ({ ...m, agent: { ...m.agent, wrapUp: applyDraft(m.agent.wrapUp!, { after: { status: 'away', reason: 'Lunch' }, disposition: 'Resolved' }) } }));
    t.clock.advance(30_000);
    expect(t.store.model().agent).toMatchObject({ status: 'away', reason: 'Lunch', since: iso(t.clock.now()) });
    expect(t.results[0]).toMatchObject({ disposition: 'Resolved', endedBy: 'timer', after: { status: 'away', reason: 'Lunch' } });
  });

  it('refusals: a mandatory timer still running, then a missing required disposition', () => {
    const t = setup({ mandatory: true, dispositionRequired: true });
    callThenLeave(t);
    const w = t.store.model().agent.wrapUp!;
    expect(finishRefusal(w, t.clock.now() + 29_000)?.error).toEqual({ code: 'INVALID_STATE', message: 'Wrap-up is mandatory for 1 more second (you may extend it)' });
    expect(finishRefusal(w, t.clock.now() + 30_000)?.error).toMatchObject({ code: 'VALIDATION', field: 'disposition' });
    expect(finishRefusal(applyDraft(w, { disposition: 'Resolved' }), t.clock.now() + 30_000)).toBeUndefined();
    expect(applyDraft(applyDraft(w, { disposition: 'Resolved' }), { disposition: null }).disposition).toBeUndefined();
  });

  it('a supervisor leaving a conference does not wrap up', () => {
    const t = setup();
    t.store.update((m) => enterConference(m, { id: 'c2', name: 'other', createdAt: iso(0), myRole: 'supervisor' }));
    t.store.update((m) => leaveMyConference(m, iso(1), undefined));
    expect(t.store.model().agent.wrapUp).toBeUndefined();
    expect(t.clock.pending()).toBe(0);
  });
});
