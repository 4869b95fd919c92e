// A call that ends while the app is down must not stay "in progress" in history forever. The
// console takes a call, then goes away without a word to Telnyx (engine stopped, history file
// closed: what a crash leaves). At the next start the rows left open are checked against
// Telnyx's REST state (the simulator here, through the real SDK): a call still under way stays
// open, one that ended is closed as `ended-offline` at the caller leg's end time.
import Telnyx from 'telnyx';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../electron/contract';
import { createHistoryService } from '../../../electron/core/history';
import { createTelnyxGateway } from '../../../electron/core/telnyx-gateway';
import { startDemo, type RunningDemo } from '../../../electron/demo';
import { engineOnDemo, historyOf, silentLog, startAvailable, takeCaller } from '../../support/engine-on-demo';
import { until } from '../../support/until';

describe('calls that ended while the app was down, in history', () => {
  let demo: RunningDemo;
  let dir: string;
  let telnyx: Telnyx;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'history-offline-'));
    demo = await startDemo({ log: silentLog, timeScale: 0.05, seed: 51, scenario: 'none' });
    telnyx = new Telnyx({ apiKey: demo.apiKey, baseURL: demo.baseURL, maxRetries: 0 });
  });
  afterAll(async () => {
    await demo?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The app starting again: history opened on the same file, its start-up check run against Telnyx. */
  const restart = async () => {
    const history = createHistoryService({ host: { dir }, settings: () => defaultSettings.history, log: silentLog });
    const gateway = createTelnyxGateway(() => ({ apiKey: demo.apiKey, baseURL: demo.baseURL, maxRetries: 0, timeoutMs: 5000 }));
    const closed = await history.closeCallsEndedOffline(gateway);
    return { history, closed };
  };

  it('a call still under way stays in progress; once it ended, the next start closes it as ended while offline', async () => {
    // First run: the agent takes a call, then the app dies mid-call.
    const engine = engineOnDemo(demo);
    const first = historyOf(engine, dir);
    await startAvailable(engine);
    const call = await takeCaller(demo, engine, 'support', '+15550005101');
    await until(() => first.callOf(call.conferenceId) !== undefined, 'row started', 8000);
    const agentLeg = engine.state().agent.leg!.callControlId;
    await engine.stop();
    first.close();

    // Restart while the call goes on: nothing to close.
    const second = await restart();
    expect(second.closed).toBe(0);
    expect(second.history.callOf(call.conferenceId)).toMatchObject({ outcome: 'answered' });
    expect(second.history.callOf(call.conferenceId)?.endedAt).toBeUndefined();
    second.history.close();

    // While the app is down again, the caller hangs up, then the agent's phone does.
    await telnyx.calls.actions.hangup(call.caller, {});
    await telnyx.calls.actions.hangup(agentLeg, {});
    const callerEnd = (await telnyx.calls.retrieveStatus(call.caller)).data?.end_time;
    expect(callerEnd).toBeDefined();

    const third = await restart();
    expect(third.closed).toBe(1);
    const row = third.history.callOf(call.conferenceId)!;
    expect(row).toMatchObject({ outcome: 'ended-offline', endedAt: new Date(callerEnd!).toISOString(), number: '+15550005101' });
    expect(row.talkingSecs).toBeGreaterThanOrEqual(0);
    third.history.close();

    // Closed for good: a later start finds nothing open.
    const fourth = await restart();
    expect(fourth.closed).toBe(0);
    expect(fourth.history.callOf(call.conferenceId)?.outcome).toBe('ended-offline');
    fourth.history.close();
  });
});
