import { describe, expect, it } from 'vitest';
import { telnyxOverride } from '../../../electron/main/dev-overrides';

describe('TELNYX_BASE_URL', () => {
  it('points an unpackaged build (development, tests) at another API', () => {
    expect(telnyxOverride({ TELNYX_BASE_URL: 'http://127.0.0.1:4010/v2' }, false)).toEqual({ telnyx: { baseURL: 'http://127.0.0.1:4010/v2' } });
  });

  it('is ignored by a packaged app, so the environment cannot send the API key elsewhere', () => {
    expect(telnyxOverride({ TELNYX_BASE_URL: 'https://attacker.example/v2' }, true)).toEqual({});
  });

  it('changes nothing when unset', () => {
    expect(telnyxOverride({}, false)).toEqual({});
  });
});
