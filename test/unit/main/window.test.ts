/**
 * Window hardening, read from the code that creates the window (Electron mocked: we capture
 * the options BrowserWindow receives and the handlers installed on its webContents).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const created: Array<{ options: Record<string, unknown>; contents: FakeContents }> = [];
const openedExternally: string[] = [];

class FakeContents {
  listeners = new Map<string, (...args: unknown[]) => void>();
  windowOpenHandler?: (details: { url: string }) => { action: string };
  on(name: string, listener: (...args: unknown[]) => void) {
    this.listeners.set(name, listener);
    return this;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

vi.mock('electron', () => ({
  BrowserWindow: class {
    webContents = new FakeContents();
    constructor(options: Record<string, unknown>) {
      created.push({ options, contents: this.webContents });
    }
    once() {}
    loadURL() {
      return Promise.resolve();
    }
  },
  session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
  shell: { openExternal: async (url: string) => void openedExternally.push(url) },
  protocol: {},
  net: {},
}));

const { createMainWindow, contentSecurityPolicy, isSafeExternalUrl, hardenSession } = await import('../../../electron/main/window');
const { buildContentSecurityPolicy, pageContentSecurityPolicy } = await import('../../../electron/main/csp');
const electron = await import('electron');

describe('main window', () => {
  const window = (createMainWindow('/app/out'), created[0]!);
  const prefs = window.options.webPreferences as Record<string, unknown>;

  it('is isolated, sandboxed, without Node, with web security', () => {
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(prefs.preload).toBe(path.join('/app/out', 'preload', 'index.cjs'));
  });

  it('lets the softphone ring without a click first (the ringer plays for a call that arrives while idle)', () => {
    expect(prefs.autoplayPolicy).toBe('no-user-gesture-required');
  });

  it('denies navigation away from the app and every new window', () => {
    let prevented = false;
    window.contents.listeners.get('will-navigate')!({ preventDefault: () => (prevented = true) }, 'https://evil.example/');
    expect(prevented).toBe(true);
    prevented = false;
    window.contents.listeners.get('will-navigate')!({ preventDefault: () => (prevented = true) }, 'app://switchboard/index.html');
    expect(prevented).toBe(false);
    expect(window.contents.windowOpenHandler!({ url: 'https://docs.telnyx.com/' })).toEqual({ action: 'deny' });
    expect(window.contents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(openedExternally).toEqual(['https://docs.telnyx.com/']);
  });

  it('opens only plain http(s) links externally', () => {
    expect(isSafeExternalUrl('https://example.com/a')).toBe(true);
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isSafeExternalUrl('https://user:pw@example.com/')).toBe(false);
    expect(isSafeExternalUrl('smb://share/x')).toBe(false);
  });

  it('denies permission requests the console does not use; media only as audio for the app itself', () => {
    hardenSession();
    const handler = vi.mocked(electron.session.defaultSession.setPermissionRequestHandler).mock.calls[0]![0] as (
      c: unknown,
      p: string,
      cb: (granted: boolean) => void,
      details: { requestingUrl?: string; mediaTypes?: string[] },
    ) => void;
    const ask = (permission: string, details: { requestingUrl?: string; mediaTypes?: string[] }) => {
      let granted: boolean | undefined;
      handler(null, permission, (g) => (granted = g), details);
      return granted;
    };
    const app = 'app://switchboard/index.html';
    for (const permission of ['geolocation', 'notifications', 'openExternal', 'midi']) expect(ask(permission, { requestingUrl: app }), permission).toBe(false);
    expect(ask('media', { requestingUrl: app, mediaTypes: ['audio'] })).toBe(true);
    expect(ask('media', { requestingUrl: app, mediaTypes: ['video'] })).toBe(false);
    expect(ask('media', { requestingUrl: app, mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(ask('media', { requestingUrl: app, mediaTypes: [] })).toBe(false);
    expect(ask('media', { requestingUrl: 'https://evil.example/', mediaTypes: ['audio'] })).toBe(false);
    expect(ask('media', { requestingUrl: 'app://switchboard.evil/', mediaTypes: ['audio'] })).toBe(false);
    expect(ask('media', { mediaTypes: ['audio'] })).toBe(false);

    const check = vi.mocked(electron.session.defaultSession.setPermissionCheckHandler).mock.calls[0]![0] as (
      c: unknown,
      p: string,
      origin: string,
      details: { mediaType?: string },
    ) => boolean;
    expect(check(null, 'media', 'app://switchboard', { mediaType: 'audio' })).toBe(true);
    expect(check(null, 'media', 'app://switchboard', { mediaType: 'video' })).toBe(false);
    expect(check(null, 'media', 'https://rtc.telnyx.com', { mediaType: 'audio' })).toBe(false);
    expect(check(null, 'geolocation', 'app://switchboard', {})).toBe(false);
  });

  it('serves a strict CSP; the page declares an upper bound of it', () => {
    const directives = Object.fromEntries(contentSecurityPolicy.split('; ').map((d) => [d.split(' ')[0], d]));
    expect(directives['default-src']).toBe("default-src 'self'");
    expect(directives['script-src']).toBe("script-src 'self'");
    // No remote media: nothing in the renderer plays a URL (regression: it allowed any http(s) host).
    expect(directives['media-src']).toBe("media-src 'none'");
    // The softphone reaches exactly Telnyx's RTC hosts.
    expect(directives['connect-src']).toBe("connect-src 'self' wss://rtc.telnyx.com https://rtc.telnyx.com");
    expect(contentSecurityPolicy).not.toMatch(/unsafe-eval|unsafe-inline|\*/);
    const html = readFileSync(path.resolve(import.meta.dirname, '../../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(pageContentSecurityPolicy);
    // The meta tag differs from the header only by the loopback port wildcard and frame-ancestors (header-only).
    expect(meta).toBe(contentSecurityPolicy.replace("; frame-ancestors 'none'", '').replace('https://rtc.telnyx.com;', 'https://rtc.telnyx.com ws://127.0.0.1:*;'));
  });

  it('adds the demo simulator\'s websocket, and only a loopback one', () => {
    const demo = buildContentSecurityPolicy({ simulatorRtcUrl: 'ws://127.0.0.1:4567' });
    expect(demo).toContain("connect-src 'self' wss://rtc.telnyx.com https://rtc.telnyx.com ws://127.0.0.1:4567;");
    expect(demo.replace(' ws://127.0.0.1:4567', '')).toBe(contentSecurityPolicy);
    expect(() => buildContentSecurityPolicy({ simulatorRtcUrl: 'wss://evil.example:443' })).toThrow(/127\.0\.0\.1/);
    expect(() => buildContentSecurityPolicy({ simulatorRtcUrl: 'ws://127.0.0.1' })).toThrow();
  });
});
