// KPIs over a scripted day in the SIMULATOR, on its manual clock: 96 callers from 09:00:10 every
// 5 minutes into `support` and `sales` (injected at their arrival instant), every fifth one giving
// up after a known patience (the simulator's own timer hangs it up), the others taken by one of two
// agents after a known wait through the official SDK exactly as the console takes a caller
// (claim through the relay, conference created from the caller's leg, the agent's parked leg
// joined to it), talking a known
// time (the simulator hangs the caller up), the agent then leaving the conference; two more callers
// still waiting at 17:00. The simulator's signed webhooks go to a real relay whose clock moves with
// the simulator's, and a supervisor gets exactly the numbers the script implies — computed here from
// the script, independently of the relay's code — per queue and per agent, at 13:00:30 (one caller
// waiting) and at 17:00.
// No wall-clock waits: the clocks jump from instant to instant; the test waits for conditions only.
// (kpis-day.test.ts covers two relays on one Redis and a rebuild from the log, with scripted webhooks.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Telnyx from 'telnyx';
import { startSimulator, type Simulator } from '@switchboard/sim';
import { startRelay, type AgentKpis, type QueueKpis, type Relay } from '../../../relay/src/index';
import { ManualClock } from '../../support/manual-clock';
import { TestSubscriber } from '../../support/relay-harness';
import { quietLogger } from '../../support/quiet-logger';
import { claim, live, TEAM_JWT_SECRET, teamToken } from './team-support';

const MIDNIGHT = Date.UTC(2026, 5, 1);
const at = (h: number, m: number, s = 0) => MIDNIGHT + ((h * 60 + m) * 60 + s) * 1000;
const START = at(8, 55);
const CHECKPOINT = at(13, 0, 30);
const NOW = at(17, 0);
const THRESHOLD: Record<string, number> = { support: 30, sales: 20 };
const AGENTS = ['alice', 'bob'];
const API_KEY = 'kpi-day-key';

interface ScriptedCaller {
  n: number;
  queue: string;
  arrive: number;
  /** Abandoners: seconds until they hang up while queued. */
  patienceSecs?: number;
  /** Answered callers: seconds waited before an agent takes them, and seconds talked after. */
  answer?: { waitSecs: number; talkSecs: number; agent: string };
}

/** The day, with each answered caller given to the agent idle longest at its answer time. */
function scriptedDay(): ScriptedCaller[] {
  const callers: ScriptedCaller[] = [];
  for (let n = 0; n < 96; n++) {
    const arrive = at(9, 0, 10) + n * 300_000;
    const queue = n % 3 === 0 ? 'support' : 'sales';
    if (n % 5 === 4) callers.push({ n, queue, arrive, patienceSecs: 30 + (n % 20) });
    else callers.push({ n, queue, arrive, answer: { waitSecs: (n * 7) % 50, talkSecs: 120 + ((n * 13) % 180), agent: '' } });
  }
  const freeAt = new Map(AGENTS.map((a) => [a, START]));
  for (const c of callers.filter((x) => x.answer).sort((x, y) => answeredAt(x) - answeredAt(y))) {
    const agent = AGENTS.filter((a) => freeAt.get(a)! <= answeredAt(c)).sort((a, b) => freeAt.get(a)! - freeAt.get(b)!)[0];
    if (!agent) throw new Error(`the script gives caller ${c.n} no free agent`);
    c.answer!.agent = agent;
    freeAt.set(agent, answeredAt(c) + c.answer!.talkSecs * 1000);
  }
  callers.push({ n: 96, queue: 'sales', arrive: NOW - 120_000 }, { n: 97, queue: 'sales', arrive: NOW - 30_000 });
  return callers;
}

const answeredAt = (c: ScriptedCaller) => c.arrive + c.answer!.waitSecs * 1000;
/** When the caller left the queue (answered or gave up); null = never (waits until the API acts). */
const leftQueueAt = (c: ScriptedCaller) => (c.answer ? answeredAt(c) : c.patienceSecs !== undefined ? c.arrive + c.patienceSecs * 1000 : null);
const waitedSecs = (c: ScriptedCaller) => c.answer?.waitSecs ?? c.patienceSecs ?? 0;
const hungUpAt = (c: ScriptedCaller) => answeredAt(c) + c.answer!.talkSecs * 1000;

/** What the script implies for one queue and window at `now`: plain arithmetic over the script. */
function expected(callers: ScriptedCaller[], queue: string, window: '15m' | 'today', now: number): QueueKpis {
  const from = window === '15m' ? now - 900_000 : MIDNIGHT;
  const inWindow = (t: number | null) => t !== null && t > from && t <= now;
  const inQueue = callers.filter((c) => c.queue === queue);
  const ended = inQueue.filter((c) => inWindow(leftQueueAt(c)));
  const answered = ended.filter((c) => c.answer);
  const handled = inQueue.filter((c) => c.answer && inWindow(hungUpAt(c)));
  const waiting = inQueue.filter((c) => {
    const left = leftQueueAt(c);
    return c.arrive <= now && (left === null || left > now);
  });
  const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
  return {
    queue,
    window,
    window_secs: (now - from) / 1000,
    offered: inQueue.filter((c) => inWindow(c.arrive)).length,
    answered: answered.length,
    abandoned: ended.length - answered.length,
    service_level: ended.length ? answered.filter((c) => waitedSecs(c) <= THRESHOLD[queue]!).length / ended.length : null,
    service_level_secs: THRESHOLD[queue]!,
    average_wait_secs: mean(answered.map(waitedSecs)),
    longest_wait_secs: ended.length ? Math.max(...ended.map(waitedSecs)) : null,
    average_handle_secs: mean(handled.map((c) => c.answer!.talkSecs)),
    waiting: waiting.length,
    oldest_waiting_since: waiting.length ? Math.min(...waiting.map((c) => c.arrive)) : null,
    agents_available: 0,
    agents_on_call: 0,
    agents_wrap_up: 0,
    agents_away: 0,
  };
}

/** What the script implies for one agent (pull mode: the callers it claimed and took) and window at `now`. */
function expectedAgent(callers: ScriptedCaller[], agent: string, window: '15m' | 'today', now: number): AgentKpis {
  const from = window === '15m' ? now - 900_000 : MIDNIGHT;
  const inWindow = (t: number) => t > from && t <= now;
  const taken = callers.filter((c) => c.answer?.agent === agent);
  const handled = taken.filter((c) => inWindow(hungUpAt(c))).map((c) => c.answer!.talkSecs);
  return {
    agent_id: agent,
    window,
    window_secs: (now - from) / 1000,
    offered: 0,
    answered: taken.filter((c) => inWindow(answeredAt(c))).length,
    declined: 0,
    missed: 0,
    average_handle_secs: handled.length ? handled.reduce((s, x) => s + x, 0) / handled.length : null,
  };
}

interface Kpis {
  queues: QueueKpis[];
  agents: AgentKpis[];
}

const expectedAt = (callers: ScriptedCaller[], now: number): Kpis => ({
  queues: ['sales', 'support'].flatMap((q) => (['15m', 'today'] as const).map((w) => expected(callers, q, w, now))),
  agents: AGENTS.flatMap((a) => (['15m', 'today'] as const).map((w) => expectedAgent(callers, a, w, now))),
});

describe('KPIs over a scripted day in the simulator (manual clock)', () => {
  let sim: Simulator;
  let relay: Relay;
  const relayClock = new ManualClock(START);
  const subs: TestSubscriber[] = [];

  beforeAll(async () => {
    sim = await startSimulator({
      apiKeys: [API_KEY], clock: 'manual', startAt: START, seed: 13,
      scenario: { callersPerMinute: 0, floorChangeSecs: null },
    });
    relay = await startRelay({
      telnyxPublicKeys: [sim.publicKey],
      jwtSecret: TEAM_JWT_SECRET,
      store: 'memory',
      clock: relayClock,
      queues: { queues: { support: { mode: 'pull', serviceLevelSecs: THRESHOLD.support }, sales: { mode: 'pull', serviceLevelSecs: THRESHOLD.sales } } },
      logger: quietLogger(),
    });
    sim.setWebhookUrl(`${relay.url}/webhooks/telnyx`);
  });
  afterAll(async () => {
    await Promise.allSettled(subs.map((s) => s.close()));
    await sim?.close();
    await relay?.close();
  });

  /** Both clocks to `t`: the simulator fires what falls due (its webhooks delivered), then the relay follows. */
  async function advanceTo(t: number): Promise<void> {
    await sim.clock.advanceTo(t);
    expect(sim.clock.now()).toBe(t);
    relayClock.advance(t - relayClock.now());
  }

  /** A supervisor connecting now gets the KPIs as of the relay's clock; waits for the target (else shows the difference). */
  async function kpisSeenBySupervisor(target: Kpis): Promise<Kpis> {
    const sub = new TestSubscriber(relay.url, await teamToken(`boss-${subs.length}`, 'supervisor'));
    subs.push(sub);
    await sub.opened;
    const latest = (): Kpis | undefined => {
      const frame = (sub.frames as unknown as Array<{ type: string } & Kpis>).filter((f) => f.type === 'kpis').at(-1);
      return frame && { queues: frame.queues, agents: frame.agents };
    };
    await sub.until(() => JSON.stringify(latest()) === JSON.stringify(target), 20_000).catch(() => undefined);
    return latest() ?? { queues: [], agents: [] };
  }

  it('gives a supervisor exactly the numbers the script implies, mid-day and at 17:00', async () => {
    const client = new Telnyx({ apiKey: API_KEY, baseURL: sim.baseUrl, maxRetries: 0 });
    const callers = scriptedDay();
    // Sanity of the script: both windows hold answers, abandons and handle times to check.
    expect(expected(callers, 'sales', 'today', NOW)).toMatchObject({ offered: 66, waiting: 2 });
    expect(expectedAt(callers, NOW).queues.filter((k) => k.window === '15m').map((k) => k.offered)).toEqual([4, 1]);
    expect(expectedAt(callers, NOW).agents.filter((k) => k.window === 'today').every((k) => k.answered > 10)).toBe(true);
    expect(expected(callers, 'support', 'today', CHECKPOINT)).toMatchObject({ waiting: 1, oldest_waiting_since: at(13, 0, 10) });

    // The agents' consoles: a relay socket each (claims), and a leg dialled and answered (parked)
    // before the day starts, as the console keeps one.
    const agentSocket = new Map<string, TestSubscriber>();
    const agentLeg = new Map<string, string>();
    for (const agent of AGENTS) {
      const socket = await live(relay.url, await teamToken(agent, 'agent', ['support', 'sales']));
      subs.push(socket);
      agentSocket.set(agent, socket);
      const dialed = await client.calls.dial({ connection_id: 'sim-connection', from: '+15550100001', to: `sip:${agent}@agents.switchboard.invalid` });
      agentLeg.set(agent, dialed.data!.call_control_id!);
    }
    await advanceTo(START + 1000);
    expect(sim.snapshot().calls.filter((c) => c.state === 'parked')).toHaveLength(AGENTS.length);

    // The script as actions at instants; at one instant an agent leaves before taking the next caller.
    const callerLeg = new Map<number, string>();
    const conferenceOf = new Map<number, string>();
    const actions: Array<{ at: number; order: number; run: () => Promise<void> }> = [];
    for (const c of callers) {
      actions.push({
        at: c.arrive, order: 1,
        run: async () => {
          const talk = c.answer ? { talkSecs: c.answer.talkSecs } : {};
          const patience = c.patienceSecs !== undefined ? { patienceSecs: c.patienceSecs } : {};
          callerLeg.set(c.n, (await sim.injectInboundCall({ queue: c.queue, from: `+1555020${String(c.n).padStart(4, '0')}`, ...talk, ...patience })).callControlId);
        },
      });
      if (!c.answer) continue;
      const { agent } = c.answer;
      actions.push({
        at: answeredAt(c), order: 2,
        run: async () => {
          // As the console takes a caller: claimed through the relay first, then taken on Telnyx.
          const caller = callerLeg.get(c.n)!;
          expect(await claim(agentSocket.get(agent)!, `take-${c.n}`, caller)).toMatchObject({ outcome: 'granted' });
          const created = await client.conferences.create({ call_control_id: caller, name: `day-${c.n}`, beep_enabled: 'never' });
          conferenceOf.set(c.n, created.data!.id);
          await client.conferences.actions.join(created.data!.id, { call_control_id: agentLeg.get(agent)! });
        },
      });
      // The caller hangs up after its talk time (the simulator's timer, due at this instant); the agent leaves.
      actions.push({
        at: hungUpAt(c), order: 0,
        run: async () => {
          expect(sim.snapshot().calls.find((x) => x.call_control_id === callerLeg.get(c.n))?.state).toBe('ended');
          await client.conferences.actions.leave(conferenceOf.get(c.n)!, { call_control_id: agentLeg.get(agent)! });
        },
      });
    }
    actions.sort((x, y) => x.at - y.at || x.order - y.order);

    let checkedMidday = false;
    for (const action of actions) {
      if (!checkedMidday && action.at > CHECKPOINT) {
        await advanceTo(CHECKPOINT);
        const want = expectedAt(callers, CHECKPOINT);
        expect(await kpisSeenBySupervisor(want)).toEqual(want);
        checkedMidday = true;
      }
      await advanceTo(action.at);
      await action.run();
    }
    await advanceTo(NOW);

    // The simulator's truth: the two late callers wait in sales, everyone else is gone, agents are parked.
    const snapshot = sim.snapshot();
    expect(snapshot.queues.find((q) => q.name === 'sales')?.call_control_ids).toEqual([callerLeg.get(96), callerLeg.get(97)]);
    expect(snapshot.queues.find((q) => q.name === 'support')?.call_control_ids).toEqual([]);
    expect(snapshot.calls.filter((c) => c.state === 'parked').map((c) => c.call_control_id).sort()).toEqual([...agentLeg.values()].sort());
    expect(sim.webhookBacklog()).toBe(0);

    const want = expectedAt(callers, NOW);
    expect(await kpisSeenBySupervisor(want)).toEqual(want);
  }, 120_000); // ~20 s on a busy machine; room for a mismatch to show its diff after the supervisor's wait
});
