/**
 * The main window and everything that keeps web content in its box: isolation, sandbox,
 * CSP, no navigation, no new windows, no permissions it does not need.
 */
import { BrowserWindow, session, shell, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import path from 'node:path';
import { APP_ORIGIN } from './app-protocol';

export { contentSecurityPolicy } from './csp';

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Switchboard',
    show: false,
    backgroundColor: '#101418',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // The softphone's ringer must ring for a call that arrives before the agent clicked anything.
      autoplayPolicy: 'no-user-gesture-required',
    },
  };
}

/** Only http(s) links leave the app, and only to the system browser. */
export function isSafeExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** Permissions the console uses. Everything else (camera, geolocation, ...) is denied. */
const allowedPermissions = new Set<string>(['clipboard-sanitized-write']);

/** The request's origin is the app's own (app://switchboard), not a frame from anywhere else. */
function isAppOrigin(url: string | undefined): boolean {
  if (!url) return false;
  try {
    return new URL(url).origin === APP_ORIGIN || url === APP_ORIGIN || url.startsWith(APP_ORIGIN + '/');
  } catch {
    return false;
  }
}

/**
 * The softphone's microphone: `media` for audio only, and only for the app's own origin
 * (never video, never a page that is not ours).
 */
export function allowsPermissionRequest(permission: string, details: { requestingUrl?: string; mediaTypes?: readonly string[] }): boolean {
  if (permission === 'media') {
    const types = details.mediaTypes ?? [];
    return isAppOrigin(details.requestingUrl) && types.length > 0 && types.every((t) => t === 'audio');
  }
  return allowedPermissions.has(permission);
}

/** The synchronous check Chromium makes before a request (e.g. enumerateDevices labels). */
export function allowsPermissionCheck(permission: string, requestingOrigin: string, details: { mediaType?: string }): boolean {
  if (permission === 'media') return isAppOrigin(requestingOrigin) && details.mediaType !== 'video';
  return allowedPermissions.has(permission);
}

export function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(allowsPermissionRequest(permission, details as { requestingUrl?: string; mediaTypes?: string[] })),
  );
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    allowsPermissionCheck(permission, requestingOrigin, details as { mediaType?: string }),
  );
}

export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(APP_ORIGIN + '/')) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

export function createMainWindow(outDir: string): BrowserWindow {
  const window = new BrowserWindow(windowOptions(path.join(outDir, 'preload', 'index.cjs')));
  hardenWebContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}
