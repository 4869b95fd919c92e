// electron/main's settings store (the real electron-store on a real file; only Electron's `app`
// is mocked, for the user-data folder) given a file that is corrupt: hand-edited values the
// schema refuses, an older shape, or not JSON at all. The app must still start, with every valid
// field kept and each invalid one back to its default (core's repairSettings), and must not wipe
// the secrets stored beside the settings.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultSettings } from '../../../electron/contract';
import { createSettingsService } from '../../../electron/core/settings-service';

const userData = { dir: '' };
vi.mock('electron', () => {
  const app = { getPath: () => userData.dir, getVersion: () => '0.1.0', getName: () => 'Switchboard' };
  const ipcMain = { on: () => undefined };
  return { default: { app, ipcMain, shell: {} }, app, ipcMain, shell: {} };
});

const { createSettingsStore } = await import('../../../electron/main/settings-store');
const { SETTINGS_FILE_NAME } = await import('../../../electron/main/settings-store-options');

const file = () => path.join(userData.dir, `${SETTINGS_FILE_NAME}.json`);
beforeEach(() => {
  userData.dir = mkdtempSync(path.join(os.tmpdir(), 'sb-userdata-'));
});
afterEach(() => rmSync(userData.dir, { recursive: true, force: true }));

describe('settings file repair', { timeout: 15_000 }, () => {
  it('a fresh profile gets the defaults', () => {
    expect(createSettingsService(createSettingsStore('0.1.0')).get()).toEqual(defaultSettings);
  });

  it('keeps valid fields and repairs invalid ones; secrets beside them survive', () => {
    writeFileSync(
      file(),
      JSON.stringify({
        settings: { ...defaultSettings, theme: 'neon', relayUrl: 'https://relay.example.com', watchedQueues: 'vip', sla: { warnSecs: -5 } },
        secrets: { apiKey: 'Y2lwaGVydGV4dA==' },
        __internal__: { migrations: { version: '0.1.0' } },
      }),
    );
    const store = createSettingsStore('0.1.0');
    const settings = createSettingsService(store).get();
    expect(settings.relayUrl).toBe('https://relay.example.com');
    expect(settings.theme).toBe(defaultSettings.theme);
    expect(settings.watchedQueues).toEqual(defaultSettings.watchedQueues);
    expect(settings.sla).toEqual(defaultSettings.sla);
    expect(store.get('secrets.apiKey')).toBe('Y2lwaGVydGV4dA==');
    // Writes work again (a secret saved next, for instance).
    store.set('secrets.relayToken', 'dG9rZW4=');
    expect(JSON.parse(readFileSync(file(), 'utf8')).secrets).toEqual({ apiKey: 'Y2lwaGVydGV4dA==', relayToken: 'dG9rZW4=' });
  });

  it('a repaired file accepts the next save (the user can fix things in Settings)', () => {
    writeFileSync(file(), JSON.stringify({ settings: { ...defaultSettings, theme: 'neon' } }));
    const service = createSettingsService(createSettingsStore('0.1.0'));
    service.set({ theme: 'dark' });
    expect(JSON.parse(readFileSync(file(), 'utf8')).settings.theme).toBe('dark');
    expect(createSettingsService(createSettingsStore('0.1.0')).get().theme).toBe('dark');
  });

  it('a file that is not JSON at all starts with the defaults instead of crashing', () => {
    writeFileSync(file(), '{"settings": {"theme": "dark"'); // truncated by a crash mid-write
    expect(createSettingsService(createSettingsStore('0.1.0')).get()).toEqual(defaultSettings);
    // The unreadable file is kept beside the new one, for support.
    const aside = readdirSync(userData.dir).filter((f) => f.startsWith(`${SETTINGS_FILE_NAME}.json.corrupt-`));
    expect(aside).toHaveLength(1);
    expect(readFileSync(path.join(userData.dir, aside[0]!), 'utf8')).toBe('{"settings": {"theme": "dark"');
  });
});
