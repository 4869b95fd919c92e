/**
 * The settings file's schema, defaults and migrations, run through `conf` (what electron-store
 * is built on) in a temp folder: the schema compiles, defaults and every valid settings value
 * pass, a bad value is refused, and a secret field takes only strings.
 */
import Conf from 'conf';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../electron/contract';
import { settingsStoreOptions } from '../../../electron/main/settings-store-options';

const dirs: string[] = [];
function open(version = '0.1.0') {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'sb-settings-'));
  dirs.push(cwd);
  return new Conf<Record<string, unknown>>({ ...(settingsStoreOptions(version) as object), projectName: 'switchboard-test', cwd });
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('settings file', () => {
  it('starts with the default settings', () => {
    expect(open().get('settings')).toEqual(defaultSettings);
  });

  it('stores valid settings and secret ciphertexts (dot keys nest)', () => {
    const store = open();
    const next = { ...defaultSettings, relayUrl: 'https://relay.example.com', watchedQueues: ['vip'] };
    store.set('settings', next);
    store.set('secrets.apiKey', 'Y2lwaGVydGV4dA==');
    store.set('updateChannel', 'beta');
    expect(store.get('settings')).toEqual(next);
    expect(store.get('secrets')).toEqual({ apiKey: 'Y2lwaGVydGV4dA==' });
  });

  it('refuses values the contract refuses', () => {
    const store = open();
    expect(() => store.set('settings', { ...defaultSettings, relayUrl: 'not a url' })).toThrow(/schema/i);
    expect(() => store.set('settings', { ...defaultSettings, theme: 'neon' })).toThrow(/schema/i);
    expect(() => store.set('secrets.apiKey', 42)).toThrow(/schema/i);
    expect(() => store.set('updateChannel', 'nightly')).toThrow(/schema/i);
  });

  it('survives reopening and runs migrations for a newer version', () => {
    const store = open('0.1.0');
    store.set('settings', { ...defaultSettings, theme: 'dark' });
    const reopened = new Conf<Record<string, unknown>>({
      ...(settingsStoreOptions('0.2.0') as object),
      projectName: 'switchboard-test',
      cwd: dirs[0]!,
    });
    expect((reopened.get('settings') as { theme: string }).theme).toBe('dark');
  });
});
