import { describe, expect, it } from 'vitest';
import { methodNames } from '../../../electron/contract';
import { createDispatcher, type Handlers } from '../../../electron/core/dispatch';
import { CommandError } from '../../../electron/core/errors';
import { createLogger } from '../../../electron/core/log';

const lines: string[] = [];
const log = createLogger({ level: 'debug', sink: (line) => lines.push(line) });

/** Every method answers with its own name, so we can see which handler ran. */
const handlers = Object.fromEntries(methodNames.map((m) => [m, async (params: unknown) => ({ method: m, params })])) as unknown as Handlers;

describe('dispatch', () => {
  const dispatch = createDispatcher(handlers, log);

  it('runs the handler with parsed params', async () => {
    const outcome = await dispatch('conference.mute', { conferenceId: 'c1', callControlIds: ['a'] });
    expect(outcome).toEqual({ ok: true, value: { method: 'conference.mute', params: { conferenceId: 'c1', callControlIds: ['a'] } } });
  });

  it('answers VALIDATION naming the bad field', async () => {
    const outcome = await dispatch('conference.unhold', { conferenceId: 'c1', callControlIds: [] });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('VALIDATION');
    expect(outcome.error.field).toBe('callControlIds');
  });

  it('names a nested bad field with its path', async () => {
    const outcome = await dispatch('conference.mute', { conferenceId: 'c1', callControlIds: ['ok', 42] });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'callControlIds.1' } });
  });

  it('refuses unknown fields by name', async () => {
    const outcome = await dispatch('agent.setStatus', { status: 'available', sneaky: true });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'sneaky' } });
  });

  it('refuses a missing required field by name', async () => {
    const outcome = await dispatch('queue.takeCall', {});
    expect(outcome).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'callControlId' } });
  });

  it('refuses a method the contract does not have', async () => {
    const outcome = await dispatch('shell.exec', { cmd: 'rm -rf /' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('maps a thrown CommandError to its contract error and an unexpected throw to INTERNAL', async () => {
    const failing = createDispatcher(
      {
        ...handlers,
        'agent.setStatus': async () => {
          throw new CommandError({ code: 'INVALID_STATE', message: 'Set your agent endpoint first' });
        },
        'agent.getState': async () => {
          throw new TypeError('boom at line 3');
        },
      },
      log,
    );
    expect(await failing('agent.setStatus', { status: 'available' })).toEqual({
      ok: false,
      error: { code: 'INVALID_STATE', message: 'Set your agent endpoint first' },
    });
    const internal = await failing('agent.getState', {});
    expect(internal).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    // The raw exception text stays in the log, never in the answer.
    expect(JSON.stringify(internal)).not.toContain('boom');
    expect(lines.some((l) => l.includes('boom at line 3'))).toBe(true);
  });
});
