import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ protocol: {}, net: {} }));
const { resolveInside } = await import('../../../electron/main/app-protocol');

describe('app:// protocol paths', () => {
  it('serves files inside the renderer folder', () => {
    expect(resolveInside('/app/out/renderer', '/index.html')).toBe('/app/out/renderer/index.html');
    expect(resolveInside('/app/out/renderer', '/assets/a.js')).toBe('/app/out/renderer/assets/a.js');
  });
  it('never leaves it, however the path is spelled', () => {
    for (const attempt of ['/../main/index.js', '/%2e%2e/%2e%2e/etc/passwd', '/assets/../../preload/index.cjs', '/..%2Fmain']) {
      const resolved = resolveInside('/app/out/renderer', attempt);
      expect(resolved === undefined || resolved.startsWith('/app/out/renderer/'), attempt).toBe(true);
    }
  });
});
