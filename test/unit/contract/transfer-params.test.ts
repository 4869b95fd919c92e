// The transfer and keypad params as main validates them: a bad field is a VALIDATION error
// naming it (dispatch turns zod's first issue into `field`).
import { describe, expect, it } from 'vitest';
import { describeDestination, hangupCauseText, isDtmf, sameDestination } from '../../../electron/contract';
import { methodParams, settingsSchema } from '../../../electron/contract/schemas';
import { defaultSettings } from '../../../electron/contract';
import { validationError } from '../../../electron/core/errors';

const check = (method: keyof typeof methodParams, params: unknown) => {
  const r = methodParams[method].safeParse(params);
  return r.success ? null : validationError(r.error);
};

describe('keypad.send digits', () => {
  it.each(['0123456789', 'ABCD', '*#', '1www2WABCDw9'])('accepts %s', (digits) => {
    expect(check('keypad.send', { conferenceId: 'c', digits })).toBeNull();
    expect(isDtmf(digits)).toBe(true);
  });

  it.each(['', '12x', 'abcd', '1 2', '+1', 'E', '1'.repeat(65)])('refuses %j naming the field', (digits) => {
    expect(check('keypad.send', { conferenceId: 'c', digits })).toMatchObject({ code: 'VALIDATION', field: 'digits' });
    expect(isDtmf(digits)).toBe(false);
  });

  it('says what DTMF is', () => {
    expect(check('keypad.send', { conferenceId: 'c', digits: '12x' })?.message).toBe('digits: must be DTMF digits: 0-9, A-D, *, # and w/W pauses');
  });
});

describe('transfer.start destination', () => {
  it('takes a number, a SIP address, a queue or an agent endpoint', () => {
    for (const destination of [
      { type: 'number', to: '+15550100' },
      { type: 'number', to: 'sip:desk@example.com' },
      { type: 'queue', queue: 'sales' },
      { type: 'agent', endpoint: 'sip:ann@example.com', name: 'Ann' },
    ]) expect(check('transfer.start', { conferenceId: 'c', kind: 'blind', destination })).toBeNull();
  });

  it('names the bad field', () => {
    expect(check('transfer.start', { conferenceId: 'c', kind: 'blind', destination: { type: 'number', to: '555-0100' } })).toMatchObject({ field: 'destination.to' });
    expect(check('transfer.start', { conferenceId: 'c', kind: 'later', destination: { type: 'queue', queue: 'q' } })).toMatchObject({ field: 'kind' });
    expect(check('transfer.start', { conferenceId: 'c', kind: 'blind', destination: { type: 'agent', endpoint: 'ann' } })).toMatchObject({ field: 'destination.endpoint' });
    expect(check('transfer.start', { conferenceId: 'c', kind: 'blind', destination: { type: 'queue', queue: 'q', to: '+1555' } })).toMatchObject({ field: 'to' });
  });
});

describe('destinations in settings', () => {
  it('defaults are valid and saved destinations round-trip', () => {
    expect(settingsSchema.parse(defaultSettings).transfers).toEqual({ recent: [], favourites: [] });
    const transfers = { recent: [{ destination: { type: 'queue', queue: 'sales' }, label: 'Sales' }], favourites: [] };
    expect(settingsSchema.parse({ ...defaultSettings, transfers }).transfers).toEqual(transfers);
    expect(settingsSchema.safeParse({ ...defaultSettings, transfers: { recent: [{ destination: { type: 'number', to: 'x' }, label: '' }], favourites: [] } }).success).toBe(false);
  });

  it('describes and compares destinations; hangup causes read as words', () => {
    expect(describeDestination({ type: 'agent', endpoint: 'sip:a@x', name: 'Ann' })).toBe('Agent Ann (sip:a@x)');
    expect(sameDestination({ type: 'queue', queue: 'q' }, { type: 'queue', queue: 'q' })).toBe(true);
    expect(sameDestination({ type: 'queue', queue: 'q' }, { type: 'number', to: 'q' })).toBe(false);
    expect(hangupCauseText('user_busy')).toBe('busy');
    expect(hangupCauseText('timeout')).toBe('no answer');
    expect(hangupCauseText('some_new_cause')).toBe('some new cause');
  });
});
