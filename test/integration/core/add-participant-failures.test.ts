// conference.addParticipant when the dialled number does not answer (answer timeout, busy) and
// when the join fails after it answered: the command fails with a contract error, the leg we
// dialled is hung up at the simulator, the conference is unchanged, nothing is left pending.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEngine } from '../../../electron/core/agent';
import { CommandError } from '../../../electron/core/errors';
import { startDemo, type RunningDemo } from '../../../electron/demo';
import { engineOnDemo, silentLog, startAvailable, takeCaller } from '../../support/engine-on-demo';
import { until } from '../../support/until';

const NO_ANSWER = '+15550001001';
const BUSY = '+15550001002';
const ANSWERS = '+15550001003';

describe('conference.addParticipant failures', () => {
  let demo: RunningDemo;
  let agent: AgentEngine;
  let conferenceId = '';
  const simParticipants = () =>
    (demo.sim.snapshot().conferences.find((c) => c.id === conferenceId)?.participants ?? []).map((p) => p.call_control_id).sort();
  const dialled = (to: string) => demo.sim.snapshot().calls.filter((c) => c.to === to);
  const failure = async (to: string): Promise<CommandError> => {
    const e = await agent.handlers['conference.addParticipant']({ conferenceId, to }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(CommandError);
    return e as CommandError;
  };
  let before: string[] = [];

  beforeAll(async () => {
    demo = await startDemo({ log: silentLog, timeScale: 0.05, seed: 13, scenario: 'none' });
    // The engine gives a ringing leg 400 ms; the simulator's own no-answer timeout is 30 s × 0.05 = 1.5 s.
    agent = engineOnDemo(demo, { timing: { answerTimeoutMs: 400 } });
    demo.sim.setDialPolicy([
      { match: NO_ANSWER, outcome: 'no_answer' },
      { match: BUSY, outcome: 'busy' },
    ]);
    await startAvailable(agent);
    ({ conferenceId } = await takeCaller(demo, agent));
    before = simParticipants();
    expect(before).toHaveLength(2);
  });
  afterAll(async () => {
    await agent?.stop();
    await demo?.stop();
  });

  const expectUnchanged = () => {
    expect(simParticipants()).toEqual(before);
    expect(agent.state().conference?.participants.map((p) => p.callControlId).sort()).toEqual(before);
    expect(agent.state().pending).toEqual([]);
  };

  it('a number that never answers: TIMEOUT after answerTimeoutMs, and the ringing leg is hung up', async () => {
    const e = await failure(NO_ANSWER);
    // The error names the failure the store kept (shown there, once).
    expect(e.error).toEqual({ code: 'TIMEOUT', message: `${NO_ANSWER} did not answer`, failureId: agent.state().failures.at(-1)?.id });
    const legs = dialled(NO_ANSWER);
    expect(legs).toHaveLength(1);
    // Hung up by us (before the simulator's own 1.5 s no-answer timeout would have).
    expect(legs[0]!.is_alive).toBe(false);
    expectUnchanged();
    expect(agent.state().failures.at(-1)).toMatchObject({ method: 'conference.addParticipant', error: { code: 'TIMEOUT' } });
  });

  it('a busy number (the leg hangs up) fails with the same error', async () => {
    const e = await failure(BUSY);
    expect(e.error).toEqual({ code: 'TIMEOUT', message: `${BUSY} did not answer`, failureId: agent.state().failures.at(-1)?.id });
    expect(dialled(BUSY).every((c) => !c.is_alive)).toBe(true);
    expectUnchanged();
  });

  it('a join Telnyx refuses after the leg answered: rolled back, leg hung up, Telnyx\'s title shown', async () => {
    demo.sim.injectFault({ path: /\/conferences\/[^/]+\/actions\/join$/, status: 422, code: '90018', title: 'Call has already ended' });
    const e = await failure(ANSWERS);
    expect(e.error).toMatchObject({ code: 'TELNYX', message: 'Call has already ended', telnyx: { status: 422, code: '90018' } });
    const legs = dialled(ANSWERS);
    expect(legs).toHaveLength(1);
    await until(() => dialled(ANSWERS)[0]?.is_alive === false, 'answered leg hung up', 8000);
    expectUnchanged();
    expect(agent.state().conference?.participants.some((p) => p.callControlId === legs[0]!.call_control_id)).toBe(false);
    expect(agent.state().failures.at(-1)).toMatchObject({ method: 'conference.addParticipant', error: { telnyx: { title: 'Call has already ended' } } });
  });

  it('and when nothing fails, the participant joins (the same path works)', async () => {
    const { callControlId } = await agent.handlers['conference.addParticipant']({ conferenceId, to: ANSWERS });
    expect(simParticipants()).toContain(callControlId);
    await until(() => agent.state().conference?.participants.some((p) => p.callControlId === callControlId && p.status === 'joined'), 'participant joined', 8000);
  });
});
