// KPIs from the simulator's own webhooks, through the relay: three callers into `sales` — one taken
// into a conference through the official SDK and hanging up after its talk time, one abandoning
// after its patience, one still waiting — give exactly 3 offered, 1 answered, 1 abandoned, 1
// waiting, the waits the simulator reported and a handle time, in both windows. (Here the
// simulator runs on scaled real time, so the waits are its own `wait_time_secs`; the exact timings
// of a whole day are checked on its manual clock in kpis-sim-day.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Telnyx from 'telnyx';
import { startSimulator, type Simulator } from '@switchboard/sim';
import { startRelay, type QueueKpis, type Relay } from '../../../relay/src/index';
import { TestSubscriber } from '../../support/relay-harness';
import { quietLogger } from '../../support/quiet-logger';
import { TEAM_JWT_SECRET, teamToken } from './team-support';

describe('KPIs from simulator traffic', () => {
  let sim: Simulator;
  let relay: Relay;
  let boss: TestSubscriber;

  beforeAll(async () => {
    sim = await startSimulator({ apiKeys: ['k'], scenario: 'none', timeScale: 0.05 });
    relay = await startRelay({ telnyxPublicKeys: [sim.publicKey], jwtSecret: TEAM_JWT_SECRET, store: 'memory', logger: quietLogger() });
    sim.setWebhookUrl(`${relay.url}/webhooks/telnyx`);
    boss = new TestSubscriber(relay.url, await teamToken('boss', 'supervisor'));
    await boss.opened;
  });
  afterAll(async () => {
    await boss?.close();
    await sim?.close();
    await relay?.close();
  });

  it('counts answered, abandoned and waiting callers exactly', async () => {
    const client = new Telnyx({ apiKey: 'k', baseURL: sim.baseUrl });
    const latest = () => (boss.frames as unknown as Array<{ type: string; queues: QueueKpis[] }>).filter((f) => f.type === 'kpis').at(-1)?.queues ?? [];
    const sales = (window: string) => latest().find((k) => k.queue === 'sales' && k.window === window);

    const answered = await sim.injectInboundCall({ queue: 'sales', patienceSecs: 3600, talkSecs: 2 });
    await boss.until(() => sales('today')?.waiting === 1);
    await client.conferences.create({ call_control_id: answered.callControlId, name: 'kpi-sim' });
    await sim.injectInboundCall({ queue: 'sales', patienceSecs: 1 }); // gives up after 1 simulated second
    await sim.injectInboundCall({ queue: 'sales' }); // waits until the API acts on it
    // The answered caller talks 2 simulated seconds, then hangs up: its handle time is in.
    await boss.until(() => sales('today')?.abandoned === 1 && sales('today')?.average_handle_secs !== null && sales('today')?.offered === 3, 20_000);
    // The waits are what the simulator reported on its call.dequeued webhooks (the supervisor gets them too).
    const dequeued = boss.events.map((f) => JSON.parse(f.raw!) as { data: { event_type: string; payload: { call_control_id: string; wait_time_secs: number } } });
    const waits = dequeued.filter((e) => e.data.event_type === 'call.dequeued').map((e) => e.data.payload);
    const answeredWait = waits.find((w) => w.call_control_id === answered.callControlId)!.wait_time_secs;
    const longest = Math.max(...waits.map((w) => w.wait_time_secs));
    for (const window of ['15m', 'today']) {
      expect(sales(window)).toMatchObject({ offered: 3, answered: 1, abandoned: 1, waiting: 1, average_wait_secs: answeredWait, longest_wait_secs: longest });
      expect(sales(window)!.service_level).toBe(answeredWait <= 20 ? 0.5 : 0);
      expect(sales(window)!.average_handle_secs).toBeGreaterThan(0);
      expect(sales(window)!.average_handle_secs).toBeLessThan(10);
    }
  });
});
