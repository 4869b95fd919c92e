import { describe, expect, it } from 'vitest';
import { chooseCallerId, type CallerIdInputs } from '../../../../electron/core/outbound/caller-id';

const account = [
  { phoneNumber: '+15550100000', tags: ['inbound'], country: 'US' },
  { phoneNumber: '+15550100001', tags: ['support'], country: 'US' },
  { phoneNumber: '+15550100002', tags: ['sales'], country: 'US' },
];
const base: CallerIdInputs = { byQueue: {}, agentCallerId: '', account };

describe('chooseCallerId', () => {
  it('the number chosen for this call wins, if it is the account’s', () => {
    expect(chooseCallerId({ ...base, chosen: '+15550100002', queue: 'support', byQueue: { support: '+15550100001' } })).toEqual({ ok: true, from: '+15550100002', why: 'chosen' });
    expect(chooseCallerId({ ...base, chosen: '+15559999999' })).toEqual({ ok: false, field: 'from', problem: "+15559999999 is not one of this account's numbers" });
  });

  it('then the queue’s default from Settings, then a number tagged with the queue', () => {
    expect(chooseCallerId({ ...base, queue: 'support', byQueue: { support: '+15550100000' } })).toMatchObject({ from: '+15550100000', why: 'queue default' });
    expect(chooseCallerId({ ...base, queue: 'sales' })).toMatchObject({ from: '+15550100002', why: 'queue tag' });
  });

  it('a stale queue default (a number the account no longer has) is skipped', () => {
    expect(chooseCallerId({ ...base, queue: 'sales', byQueue: { sales: '+15550999999' } })).toMatchObject({ from: '+15550100002', why: 'queue tag' });
  });

  it('then the agent’s caller id, then the account’s first number', () => {
    expect(chooseCallerId({ ...base, agentCallerId: '+15550100001' })).toMatchObject({ from: '+15550100001', why: 'agent' });
    expect(chooseCallerId({ ...base, queue: 'billing', agentCallerId: 'sip:agent@example.com' })).toMatchObject({ from: '+15550100000', why: 'account' });
  });

  it('an account that lists no numbers trusts Settings, and says so when Settings has none', () => {
    expect(chooseCallerId({ ...base, account: [], agentCallerId: '+15557770002' })).toMatchObject({ from: '+15557770002', why: 'agent' });
    expect(chooseCallerId({ ...base, account: [], queue: 'support', byQueue: { support: '+15557770003' } })).toMatchObject({ from: '+15557770003' });
    expect(chooseCallerId({ ...base, account: [] })).toMatchObject({ ok: false, field: 'from' });
  });
});
