// The endpoint mode setting: new installs get the built-in softphone; settings saved before the
// mode existed, with an external endpoint, keep dialling it; a bad value falls back to the default.
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../electron/contract';
import { repairSettings } from '../../../electron/core/settings-service';

describe('endpoint mode', () => {
  it('defaults to the built-in softphone on a fresh install', () => {
    expect(repairSettings(undefined).endpointMode).toBe('softphone');
    expect(defaultSettings.endpointMode).toBe('softphone');
  });
  it('keeps an existing agent on the external phone they configured', () => {
    const legacy = { ...defaultSettings, agent: { ...defaultSettings.agent, endpoint: '+15551230000' } } as Record<string, unknown>;
    delete legacy.endpointMode;
    delete legacy.softphone;
    const repaired = repairSettings(legacy);
    expect(repaired.endpointMode).toBe('external');
    expect(repaired.agent.endpoint).toBe('+15551230000');
    expect(repaired.softphone).toEqual(defaultSettings.softphone);
  });
  it('a saved mode is kept and an unknown one falls back', () => {
    expect(repairSettings({ ...defaultSettings, endpointMode: 'external' }).endpointMode).toBe('external');
    expect(repairSettings({ ...defaultSettings, endpointMode: 'pigeon' }).endpointMode).toBe('softphone');
  });
});
