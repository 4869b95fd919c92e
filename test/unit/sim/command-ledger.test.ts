// The command_id ledger without sockets: a repeat answers the first result, failures are not
// remembered, and ids live as long as the leg / conference record (I.COMMAND_ID_WINDOW_IS_THE_RECORD_LIFETIME).
import { afterEach, describe, expect, it } from 'vitest';
import { SimClock } from '../../../sim/src/clock';
import { CallControlEngine } from '../../../sim/src/engine';
import { CommandLedger } from '../../../sim/src/engine/commands';
import { TelnyxApiError } from '../../../sim/src/errors';
import * as I from '../../../sim/src/inferences';
import { IdFactory, seededRandom } from '../../../sim/src/random';

describe('CommandLedger', () => {
  it('runs once per (scope, command_id) and answers the first result to a repeat', () => {
    const ledger = new CommandLedger();
    let runs = 0;
    const run = () => ({ n: ++runs });
    const first = ledger.once('call:a', { command_id: 'x' }, run, () => 'a');
    expect(ledger.once('call:a', { command_id: 'x', other: 'ignored' }, run, () => 'a')).toBe(first);
    expect(ledger.once('call:b', { command_id: 'x' }, run, () => 'b')).toEqual({ n: 2 });
    expect(ledger.once('call:a', {}, run, () => 'a')).toEqual({ n: 3 });
    expect(ledger.once('call:a', { command_id: '' }, run, () => 'a')).toEqual({ n: 4 });
    expect(ledger.size()).toBe(2);
  });

  it('does not remember a failure', () => {
    const ledger = new CommandLedger();
    expect(() => ledger.once('call:a', { command_id: 'x' }, () => { throw new Error('422'); }, () => 'a')).toThrow('422');
    expect(ledger.once('call:a', { command_id: 'x' }, () => 'ran', () => 'a')).toBe('ran');
  });

  it('rejects a command_id that is not a string (10015)', () => {
    const ledger = new CommandLedger();
    expect(() => ledger.once('call:a', { command_id: 7 }, () => 'ran', () => 'a')).toThrow(TelnyxApiError);
  });

  it('forgets what an owner owned', () => {
    const ledger = new CommandLedger();
    ledger.once('dial', { command_id: 'd1' }, () => 'leg-1', (leg) => leg);
    ledger.once('dial', { command_id: 'd2' }, () => 'leg-2', (leg) => leg);
    ledger.once('call:leg-1', { command_id: 'c' }, () => 'ok', () => 'leg-1');
    ledger.forgetOwner('leg-1');
    expect(ledger.size()).toBe(1);
    expect(ledger.once('dial', { command_id: 'd1' }, () => 'leg-3', (leg) => leg)).toBe('leg-3');
    expect(ledger.once('dial', { command_id: 'd2' }, () => 'leg-4', (leg) => leg)).toBe('leg-2');
  });
});

describe('the engine forgets command_ids with the record', () => {
  const clock = new SimClock(0.001);
  afterEach(() => clock.close());

  it('a swept leg takes its dial and call-action ids with it', () => {
    const engine = new CallControlEngine({
      clock, ids: new IdFactory(seededRandom(1)), random: seededRandom(2), emit: () => {}, publicBaseUrl: () => 'http://sim',
      dialPolicy: [{ match: '*', outcome: 'no_answer' }], floorChangeSecs: null, defaultConnectionId: 'conn',
    });
    const body = { connection_id: 'conn', from: '+15550000001', to: 'sip:a@example.com', command_id: 'dial-1' };
    const leg = String(engine.dial(body).call_control_id);
    engine.callAction(leg, 'hangup', { command_id: 'bye' });
    expect(engine.dial(body).call_control_id).toBe(leg);
    expect(engine.rememberedCommandIds()).toBe(2);

    engine.sweep(Date.now() + I.ENDED_CALL_RETENTION_MS - 1_000);
    expect(engine.rememberedCommandIds()).toBe(2);
    engine.sweep(Date.now() + I.ENDED_CALL_RETENTION_MS + 1_000);
    expect(engine.rememberedCommandIds()).toBe(0);
    expect(engine.dial(body).call_control_id).not.toBe(leg);
    engine.close();
  });
});
