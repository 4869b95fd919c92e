// Outbound calls that never connected, in call history: busy, not answered (Telnyx's ring
// timeout), rejected by the far end and cancelled by the agent each get a row — outcome,
// Telnyx's hangup_cause, the number and the caller id — in a real SQLite file that is still
// there after the history is closed and opened again, and each row can be called back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../electron/contract';
import type { AgentEngine } from '../../../electron/core/agent';
import { createHistoryService, type HistoryService } from '../../../electron/core/history';
import { startDemo, type RunningDemo } from '../../../electron/demo';
import { engineOnDemo, silentLog, startAvailable } from '../../support/engine-on-demo';
import { until } from '../../support/until';

const BUSY = '+15557008001';
const NO_ANSWER = '+15557008002';
const REJECTS = '+15557008003'; // rings long; the far end then declines (603)
const CANCELLED = '+15557008004';
const CALLER_ID = '+15550100002';

describe('outbound calls that never connected, in history', () => {
  let demo: RunningDemo;
  let engine: AgentEngine;
  let history: HistoryService;
  let dir: string;
  const open = () => createHistoryService({ host: { dir }, settings: () => defaultSettings.history, log: silentLog });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'history-unanswered-'));
    demo = await startDemo({ log: silentLog, timeScale: 0.05, seed: 41, scenario: 'none' });
    history = open();
    engine = engineOnDemo(demo, { history: () => history, timing: { answerTimeoutMs: 8000 } });
    history.attach(engine);
    demo.sim.setDialPolicy([
      { match: BUSY, outcome: 'busy' },
      { match: NO_ANSWER, outcome: 'no_answer' },
      { match: REJECTS, outcome: 'answer', afterSecs: 1000 },
      { match: CANCELLED, outcome: 'answer', afterSecs: 1000 },
    ]);
    await startAvailable(engine);
  }, 30_000);

  afterAll(async () => {
    await engine?.stop();
    history?.close();
    await demo?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const rowFor = (number: string) => history.handlers['history.list']({ limit: 50, query: { number } }).then((p) => p.calls);
  const dialFails = (to: string) => engine.handlers['call.dial']({ to, from: CALLER_ID }).then(() => 'answered', (e: unknown) => e);

  it('busy, not answered, rejected and cancelled each get an ended row with Telnyx\'s cause and the caller id', async () => {
    expect(await dialFails(BUSY)).toMatchObject({ error: { message: `${BUSY} did not connect: busy (SIP 486)` } });
    expect(await dialFails(NO_ANSWER)).toMatchObject({ error: { message: `${NO_ANSWER} did not connect: no answer (SIP 480)` } });

    const rejected = dialFails(REJECTS);
    const ringing = await until(() => engine.state().outbound.dialing, 'ringing', 8000);
    demo.sim.remoteHangup(ringing.callControlId);
    expect(await rejected).toMatchObject({ error: { message: expect.stringContaining('the call was rejected') } });

    const cancelled = dialFails(CANCELLED);
    await until(() => engine.state().outbound.dialing, 'ringing', 8000);
    await engine.handlers['call.cancelDial']({});
    expect(await cancelled).toMatchObject({ error: { message: `${CANCELLED} did not connect: cancelled` } });

    const expected = [
      [BUSY, 'user_busy'],
      [NO_ANSWER, 'timeout'],
      [REJECTS, 'call_rejected'],
      [CANCELLED, 'originator_cancel'],
    ] as const;
    for (const [number, cause] of expected) {
      const rows = await rowFor(number);
      expect(rows, number).toHaveLength(1);
      expect(rows[0]).toMatchObject({ direction: 'outbound', outcome: 'unanswered', number, callerId: CALLER_ID, hangupCause: cause });
      expect(rows[0]?.endedAt).toBeDefined();
      expect(rows[0]?.answeredAt).toBeUndefined();
    }
    expect(engine.state().agent.status).toBe('available');
  });

  it('the rows survive closing and reopening the database, and a row can be called back', async () => {
    history.close();
    history = open();
    const [busy] = await rowFor(BUSY);
    expect(busy).toMatchObject({ outcome: 'unanswered', hangupCause: 'user_busy', callerId: CALLER_ID });
    expect((await history.handlers['history.list']({ limit: 50, query: { outcome: 'unanswered' } })).calls).toHaveLength(4);

    // Call back (what the row's button sends): this time it answers, and is an answered outbound row.
    demo.sim.setDialPolicy([]);
    const back = await engine.handlers['call.dial']({ to: busy!.number });
    expect(demo.sim.snapshot().calls.find((c) => c.call_control_id === back.callControlId)).toMatchObject({ to: BUSY, state: 'in_conference' });
    await until(() => history.callOf(back.conferenceId) !== undefined, 'answered row', 8000);
    expect(history.callOf(back.conferenceId)).toMatchObject({ direction: 'outbound', number: BUSY, outcome: 'answered', callerId: back.from });
    await engine.handlers['conference.leave']({ conferenceId: back.conferenceId });
  });
});
