// When the softphone's login JWT is refreshed: halfway through its life, at least 10 minutes
// before expiry, never within 30 s of issue. Main's timer and the renderer follow this one rule.
import { describe, expect, it } from 'vitest';
import { tokenRefreshAt } from '../../../electron/contract/softphone';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('tokenRefreshAt', () => {
  it("refreshes a 24 h token (Telnyx's default) halfway, far ahead of the SDK's 2-minute warning", () => {
    expect(tokenRefreshAt(0, 24 * HOUR)).toBe(12 * HOUR);
  });
  it('refreshes a short token at least 10 minutes before it expires', () => {
    expect(tokenRefreshAt(0, 15 * MIN)).toBe(5 * MIN);
    expect(tokenRefreshAt(1_000, 1_000 + 30 * MIN)).toBe(1_000 + 15 * MIN);
  });
  it('never refreshes within 30 s of issue, nor after half the life of a very short token', () => {
    expect(tokenRefreshAt(0, 5 * MIN)).toBe(30_000);
    expect(tokenRefreshAt(0, 20_000)).toBe(10_000);
  });
  it('an already expired token is refreshed at once', () => {
    expect(tokenRefreshAt(10 * MIN, 9 * MIN)).toBeLessThanOrEqual(10 * MIN);
  });
});
