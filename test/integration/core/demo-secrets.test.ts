/**
 * Demo mode's generated API key and relay token are secrets too: the redactor knows them from
 * the moment demo mode starts, and forgets them when it stops.
 */
import { describe, expect, it } from 'vitest';
import { startDemo } from '../../../electron/demo';
import { createLogger } from '../../../electron/core/log';
import { createSwitchboardCore } from '../../../electron/core/switchboard-core';
import { createAesVault, createMemoryStore } from '../../harness/host-adapters';

describe('demo secrets', () => {
  it('are redacted while demo mode runs', async () => {
    const lines: string[] = [];
    let values: () => string[] = () => [];
    const log = createLogger({ sink: (l) => lines.push(l), secrets: () => values() });
    const core = createSwitchboardCore({
      store: createMemoryStore(),
      vault: createAesVault(),
      log,
      appVersion: '0.0.0-test',
      platform: process.platform,
      demo: (demoLog) => startDemo({ log: demoLog, timeScale: 0.05, scenario: 'none' }),
    });
    values = core.secretValues;
    try {
      expect(core.secretValues()).toEqual([]);
      expect(await core.dispatch('demo.start', {})).toMatchObject({ ok: true, value: { mode: 'demo' } });
      const demo = core.demo()!;
      expect(core.secretValues()).toEqual(expect.arrayContaining([demo.apiKey, demo.relayToken]));
      log.warn(`pretend a failure echoed ${demo.apiKey} and ${demo.relayToken}`);
      expect(lines.at(-1)).not.toContain(demo.apiKey);
      expect(lines.at(-1)).not.toContain(demo.relayToken);
      await core.dispatch('demo.stop', {});
      expect(core.secretValues()).toEqual([]);
    } finally {
      await core.stop();
    }
  });
});
