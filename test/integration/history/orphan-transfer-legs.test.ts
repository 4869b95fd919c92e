// A transfer target still ringing when the app dies is hung up at the next start. The console
// (a child process) starts a consult to a number that rings for a long time and is killed with
// SIGKILL mid-ring. The simulator shows the target still
// ringing. At the next start the remembered leg is read from Telnyx, recognised by our
// client_state note, and hung up: the simulator shows it ended; the caller is untouched.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../electron/contract';
import { createHistoryService } from '../../../electron/core/history';
import { createTelnyxGateway } from '../../../electron/core/telnyx-gateway';
import { rememberRingingTargets } from '../../../electron/core/transfer-history';
import { startDemo, type RunningDemo } from '../../../electron/demo';
import { engineOnDemo, historyOf, silentLog, startAvailable, takeCaller } from '../../support/engine-on-demo';
import type { DemoAccess } from '../../support/transfer-then-die';
import { until } from '../../support/until';

const SLOW = '+15550006001'; // rings for 1000 s × 0.05 = 50 s

describe('transfer targets left ringing by a crash', () => {
  let demo: RunningDemo;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'history-orphans-'));
    demo = await startDemo({ log: silentLog, timeScale: 0.05, seed: 61, scenario: 'none' });
    demo.sim.setDialPolicy([{ match: SLOW, outcome: 'answer', afterSecs: 1000 }]);
  });
  afterAll(async () => {
    await demo?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const leg = (id: string) => demo.sim.snapshot().calls.find((c) => c.call_control_id === id);

  it('the next start hangs up the target leg the killed app left ringing, and only it', async () => {
    // The console runs in a child process (same demo, same history folder) and is killed with SIGKILL mid-ring.
    const access: DemoAccess = {
      apiKey: demo.apiKey, baseURL: demo.baseURL, relayToken: demo.relayToken, telnyxPublicKey: demo.telnyxPublicKey,
      connectionId: demo.connectionId, callerId: demo.callerId, agentEndpoint: demo.agentEndpoint, relayUrl: demo.relay.url,
    };
    const { callControlId: caller } = await demo.sim.injectInboundCall({ queue: 'support', from: '+15550006101' });
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/transfer-then-die.ts', JSON.stringify(access), dir, caller, SLOW], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      void exited.then(() => reject(new Error('the console exited before the target rang')));
    });
    const [conferenceId, target] = line.split(' ') as [string, string];
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(leg(target)).toMatchObject({ state: 'ringing', is_alive: true });
    expect(leg(caller)).toMatchObject({ state: 'in_conference', conference_id: conferenceId });

    // Next start: the same database, the start-up sweep against Telnyx.
    const next = createHistoryService({ host: { dir }, settings: () => defaultSettings.history, log: silentLog });
    try {
      expect(next.transferLegs.pending()).toEqual([target]);
      const gateway = createTelnyxGateway(() => ({ apiKey: demo.apiKey, baseURL: demo.baseURL, maxRetries: 0, timeoutMs: 5000 }));
      expect(await next.transferLegs.hangUpOrphans(gateway, silentLog)).toEqual([target]);
      expect(leg(target)).toMatchObject({ is_alive: false, state: 'ended' });
      expect(leg(caller)).toMatchObject({ is_alive: true, state: 'in_conference', conference_id: conferenceId });
      expect(next.transferLegs.pending()).toEqual([]);
      // Nothing left for a later start.
      expect(await next.transferLegs.hangUpOrphans(gateway, silentLog)).toEqual([]);
    } finally {
      next.close();
    }
  }, 30_000);

  it('a target that joined (or hung up) while the app ran is forgotten, never hung up at start', async () => {
    demo.sim.setDialPolicy([]);
    const engine = engineOnDemo(demo);
    const history = historyOf(engine, dir);
    rememberRingingTargets(engine, history.transferLegs, () => Date.now());
    await startAvailable(engine);
    const call = await takeCaller(demo, engine, 'support', '+15550006102');
    const { targetCallControlId } = await engine.handlers['transfer.start']({ conferenceId: call.conferenceId, kind: 'consult', destination: { type: 'number', to: '+15550006002' } });
    await until(() => engine.state().transfer?.phase === 'consulting', 'target joined', 8000);
    await until(() => history.transferLegs.pending().length === 0, 'joined target forgotten', 8000);
    await engine.stop();
    history.close();
    expect(leg(targetCallControlId!)).toMatchObject({ is_alive: true, state: 'in_conference' });
  });
});
