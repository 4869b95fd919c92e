import { describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../../../electron/contract';
import { agentAddress } from '../../../../electron/core/agent/address';

const settings = (o: Partial<Settings>): Settings => ({ ...defaultSettings, ...o });

describe('agentAddress: where a call reaches this agent', () => {
  it('the built-in softphone: its credential\'s SIP address, whatever the external endpoint says', () => {
    const s = settings({
      endpointMode: 'softphone',
      softphone: { ...defaultSettings.softphone, sipUsername: 'gencred7x' },
      agent: { ...defaultSettings.agent, endpoint: 'sip:desk@example.com' },
    });
    expect(agentAddress(s)).toBe('sip:gencred7x@sip.telnyx.com');
  });

  it('the built-in softphone before its credential exists: the endpoint in Settings, else none', () => {
    const s = settings({ endpointMode: 'softphone', agent: { ...defaultSettings.agent, endpoint: 'sip:desk@example.com' } });
    expect(agentAddress(s)).toBe('sip:desk@example.com');
    expect(agentAddress({ ...s, agent: { ...s.agent, endpoint: '' } })).toBeUndefined();
  });

  it('an external phone: the endpoint in Settings, or none when empty', () => {
    expect(agentAddress(settings({ endpointMode: 'external', agent: { ...defaultSettings.agent, endpoint: '+15550001111' } }))).toBe('+15550001111');
    expect(agentAddress(settings({ endpointMode: 'external', agent: { ...defaultSettings.agent, endpoint: '' } }))).toBeUndefined();
  });
});
