import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AdminUpdatePolicy, UpdateStatus } from '../../../electron/contract/updates';
import {
  createUpdateController,
  installBlocker,
  READY_WAITING_MESSAGE,
  type AgentActivity,
  type UpdateControllerDeps,
} from '../../../electron/core/updates';
import { CommandError } from '../../../electron/core/errors';
import { FakeUpdater } from './fake-updater';

const HOUR = 3_600_000;

function setup(options: { policy?: AdminUpdatePolicy; activity?: AgentActivity; initialChannel?: 'stable' | 'beta' } = {}) {
  const updater = new FakeUpdater();
  let activity: AgentActivity = options.activity ?? { status: 'away', inConference: false };
  const activityListeners = new Set<(a: AgentActivity) => void>();
  let policy = options.policy;
  const statuses: UpdateStatus[] = [];
  const logs: string[] = [];
  const savedChannels: string[] = [];
  const deps: UpdateControllerDeps = {
    updater,
    currentVersion: '0.1.0',
    readAdminPolicy: async () => policy,
    getAgentActivity: () => activity,
    onAgentActivityChange: (listener) => {
      activityListeners.add(listener);
      return () => activityListeners.delete(listener);
    },
    checkIntervalMs: 4 * HOUR,
    log: {
      info: (m) => logs.push(`info ${m}`),
      warn: (m) => logs.push(`warn ${m}`),
      error: (m) => logs.push(`error ${m}`),
    },
    saveChannel: (c) => savedChannels.push(c),
    now: () => new Date('2025-01-02T03:04:05.000Z'),
    ...(options.initialChannel ? { initialChannel: options.initialChannel } : {}),
  };
  const controller = createUpdateController(deps);
  controller.onStatus((s) => statuses.push(s));
  return {
    updater,
    controller,
    statuses,
    logs,
    savedChannels,
    activityListenerCount: () => activityListeners.size,
    setActivity(next: AgentActivity) {
      activity = next;
      for (const listener of activityListeners) listener(next);
    },
    setPolicy(next: AdminUpdatePolicy | undefined) {
      policy = next;
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('installBlocker', () => {
  it('blocks in a conference whatever the presence, and while available or wrapping up', () => {
    expect(installBlocker({ status: 'away', inConference: true })).toBe('in-conference');
    expect(installBlocker({ status: 'offline', inConference: true })).toBe('in-conference');
    expect(installBlocker({ status: 'available', inConference: false })).toBe('available-for-calls');
    expect(installBlocker({ status: 'wrap-up', inConference: false })).toBe('wrapping-up');
    expect(installBlocker({ status: 'away', inConference: false })).toBeNull();
    expect(installBlocker({ status: 'offline', inConference: false })).toBeNull();
  });
});

describe('update controller: install only when the agent is away', () => {
  it('downloads in the background with progress, waits through the conference and while available, installs once away', async () => {
    const t = setup({ activity: { status: 'available', inConference: true } });
    t.updater.feed = { kind: 'update', version: '0.2.0' };
    await t.controller.start();
    await vi.waitFor(() => expect(t.controller.status().state).toBe('ready-waiting'));

    const states = t.statuses.map((s) => s.state);
    expect(states.slice(0, 3)).toEqual(['checking', 'downloading', 'downloading']);
    const progress = t.statuses.filter((s) => s.state === 'downloading');
    expect(progress.map((s) => (s.state === 'downloading' ? s.percent : -1))).toEqual([0, 50, 100]);
    expect(progress[1]).toMatchObject({ version: '0.2.0', bytesPerSecond: 1000, transferred: 500, total: 1000 });

    expect(t.controller.status()).toMatchObject({
      state: 'ready-waiting',
      version: '0.2.0',
      reason: 'in-conference',
      message: READY_WAITING_MESSAGE,
    });
    expect(t.updater.installs).toEqual([]);

    // Call ends, agent is still available for the next one: still waiting, reason changes.
    t.setActivity({ status: 'available', inConference: false });
    expect(t.controller.status()).toMatchObject({ state: 'ready-waiting', reason: 'available-for-calls' });
    expect(t.updater.installs).toEqual([]);

    t.setActivity({ status: 'wrap-up', inConference: false });
    expect(t.controller.status()).toMatchObject({ state: 'ready-waiting', reason: 'wrapping-up' });
    expect(t.updater.installs).toEqual([]);

    t.setActivity({ status: 'away', inConference: false });
    expect(t.controller.status()).toMatchObject({ state: 'installing', version: '0.2.0' });
    expect(t.updater.installs).toEqual([{ isSilent: true, isForceRunAfter: true }]);

    // Further activity changes do not install twice.
    t.setActivity({ status: 'offline', inConference: false });
    expect(t.updater.installs).toHaveLength(1);
    t.controller.stop();
  });

  it('does not install when an away agent is still in a conference (e.g. a supervisor listening)', async () => {
    const t = setup({ activity: { status: 'away', inConference: true } });
    t.updater.feed = { kind: 'update', version: '0.2.0' };
    await t.controller.start();
    await vi.waitFor(() => expect(t.controller.status().state).toBe('ready-waiting'));
    expect(t.controller.status()).toMatchObject({ reason: 'in-conference' });
    t.setActivity({ status: 'offline', inConference: false });
    expect(t.updater.installs).toHaveLength(1);
    t.controller.stop();
  });

  it('installs right away when the download finishes while the agent is offline', async () => {
    const t = setup({ activity: { status: 'offline', inConference: false } });
    t.updater.feed = { kind: 'update', version: '0.2.0' };
    await t.controller.start();
    await vi.waitFor(() => expect(t.updater.installs).toHaveLength(1));
    expect(t.controller.status().state).toBe('installing');
    expect(t.statuses.some((s) => s.state === 'ready-waiting')).toBe(false);
    t.controller.stop();
  });

  it('never lets electron-updater install on a plain quit', async () => {
    const t = setup();
    expect(t.updater.autoInstallOnAppQuit).toBe(true);
    await t.controller.start();
    expect(t.updater.autoInstallOnAppQuit).toBe(false);
    t.controller.stop();
  });
});

describe('update controller: installNow', () => {
  it('refuses during a conference, installs when the agent asks outside one', async () => {
    const t = setup({ activity: { status: 'available', inConference: true } });
    t.updater.feed = { kind: 'update', version: '0.2.0' };
    await t.controller.start();
    await vi.waitFor(() => expect(t.controller.status().state).toBe('ready-waiting'));

    expect(() => t.controller.installNow()).toThrowError(CommandError);
    try {
      t.controller.installNow();
    } catch (error) {
      expect((error as CommandError).error).toEqual({ code: 'INVALID_STATE', message: 'Switchboard cannot restart during a conference.' });
    }
    expect(t.updater.installs).toEqual([]);

    t.setActivity({ status: 'available', inConference: false });
    expect(t.updater.installs).toEqual([]); // not automatically while available...
    expect(t.controller.installNow().state).toBe('installing'); // ...but the agent may choose to
    expect(t.updater.installs).toHaveLength(1);
    t.controller.stop();
  });

  it('refuses when nothing has been downloaded', async () => {
    const t = setup();
    await t.controller.start();
    expect(() => t.controller.installNow()).toThrowError(/No update has been downloaded/);
    t.controller.stop();
  });
});

describe('update controller: checks', () => {
  it('checks on start and then on the interval, reporting up-to-date with the time', async () => {
    vi.useFakeTimers();
    const t = setup();
    await t.controller.start();
    expect(t.updater.checks).toBe(1);
    expect(t.controller.status()).toMatchObject({
      state: 'up-to-date',
      latestVersion: '0.1.0',
      currentVersion: '0.1.0',
      channel: 'stable',
      lastCheckedAt: '2025-01-02T03:04:05.000Z',
    });
    await vi.advanceTimersByTimeAsync(4 * HOUR - 1);
    expect(t.updater.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.updater.checks).toBe(2);
    await vi.advanceTimersByTimeAsync(8 * HOUR);
    expect(t.updater.checks).toBe(4);

    t.controller.stop();
    expect(t.activityListenerCount()).toBe(0);
    expect(t.updater.listenerCount('update-available')).toBe(0);
    await vi.advanceTimersByTimeAsync(8 * HOUR);
    expect(t.updater.checks).toBe(4);
  });

  it('does not check again while a downloaded update waits', async () => {
    vi.useFakeTimers();
    const t = setup({ activity: { status: 'available', inConference: false } });
    t.updater.feed = { kind: 'update', version: '0.2.0' };
    await t.controller.start();
    await vi.waitFor(() => expect(t.controller.status().state).toBe('ready-waiting'));
    await vi.advanceTimersByTimeAsync(8 * HOUR);
    expect(t.updater.checks).toBe(1);
    expect(t.updater.downloads).toEqual(['0.2.0']);
    t.controller.stop();
  });

  it('reports a failed check and a failed download as errors, and recovers on the next check', async () => {
    const t = setup();
    t.updater.feed = { kind: 'fail', message: 'net::ERR_INTERNET_DISCONNECTED' };
    await t.controller.start();
    expect(t.controller.status()).toMatchObject({ state: 'error', message: expect.stringContaining('ERR_INTERNET_DISCONNECTED') });

    t.updater.feed = { kind: 'update', version: '0.2.0', download: 'fail' };
    await t.controller.check();
    await vi.waitFor(() => expect(t.controller.status()).toMatchObject({ state: 'error', message: 'sha512 checksum mismatch' }));
    expect(t.updater.installs).toEqual([]);

    t.updater.feed = { kind: 'none', latest: '0.1.0' };
    expect((await t.controller.check()).state).toBe('up-to-date');
    t.controller.stop();
  });

  it('says updates are off in an unpackaged build (electron-updater inactive)', async () => {
    const t = setup();
    t.updater.feed = { kind: 'inactive' };
    await t.controller.start();
    expect(t.controller.status()).toMatchObject({ state: 'disabled', message: 'Updates run only in the installed app.' });
    t.controller.stop();
  });
});

describe('update controller: channels', () => {
  it('maps stable to latest.yml and beta to beta.yml, and keeps allowDowngrade off', async () => {
    const t = setup();
    await t.controller.start();
    expect(t.updater.channel).toBe('latest');
    expect(t.updater.allowPrerelease).toBe(false);
    expect(t.updater.allowDowngrade).toBe(false);

    const status = await t.controller.setChannel('beta');
    expect(status.channel).toBe('beta');
    expect(t.updater.channel).toBe('beta');
    expect(t.updater.allowPrerelease).toBe(true);
    expect(t.updater.allowDowngrade).toBe(false); // electron-updater turned it on; we turned it off
    expect(t.savedChannels).toEqual(['beta']);
    expect(t.updater.checks).toBe(2);

    await t.controller.setChannel('stable');
    expect(t.updater.channel).toBe('latest');
    expect(t.updater.allowDowngrade).toBe(false);
    t.controller.stop();
  });

  it('starts on the saved channel', async () => {
    const t = setup({ initialChannel: 'beta' });
    await t.controller.start();
    expect(t.controller.status().channel).toBe('beta');
    expect(t.updater.channel).toBe('beta');
    t.controller.stop();
  });
});

describe('update controller: admin policy', () => {
  const source = '/etc/switchboard/policy.json';

  it('disabled: never checks, says so, and shows the policy', async () => {
    vi.useFakeTimers();
    const t = setup({ policy: { source, disabled: true } });
    await t.controller.start();
    await vi.advanceTimersByTimeAsync(24 * HOUR);
    expect(t.updater.checks).toBe(0);
    expect(t.controller.status()).toMatchObject({
      state: 'disabled',
      message: expect.stringContaining(source),
      policy: { source, disabled: true },
    });
    t.controller.stop();
  });

  it('an invalid policy file disables updates and is logged as an error, once', async () => {
    const invalid = `Policy file ${source} is not valid JSON; updates are disabled until it is fixed.`;
    const t = setup({ policy: { source, disabled: true, invalid } });
    await t.controller.start();
    await t.controller.check();
    expect(t.updater.checks).toBe(0);
    expect(t.controller.status()).toMatchObject({ state: 'disabled', message: invalid });
    expect(t.logs.filter((l) => l.startsWith('error'))).toEqual([`error ${invalid}`]);
    t.controller.stop();
  });

  it('forced channel: the agent cannot change it', async () => {
    const t = setup({ policy: { source, channel: 'stable' }, initialChannel: 'beta' });
    await t.controller.start();
    expect(t.controller.status()).toMatchObject({ channel: 'stable', policy: { channel: 'stable' } });
    expect(t.updater.channel).toBe('latest');
    await expect(t.controller.setChannel('beta')).rejects.toMatchObject({ error: { code: 'POLICY' } });
    expect(t.updater.channel).toBe('latest');
    expect(t.savedChannels).toEqual([]);
    t.controller.stop();
  });

  it('pinned: does not download another version', async () => {
    const t = setup({ policy: { source, pinnedVersion: '0.1.0' } });
    t.updater.feed = { kind: 'update', version: '0.2.0' };
    await t.controller.start();
    expect(t.updater.autoDownload).toBe(false);
    expect(t.updater.downloads).toEqual([]);
    expect(t.controller.status()).toMatchObject({ state: 'pinned', pinnedVersion: '0.1.0', availableVersion: '0.2.0' });
    expect(t.updater.installs).toEqual([]);
    t.controller.stop();
  });

  it('pinned: downloads and installs exactly the pinned version when the feed offers it', async () => {
    const t = setup({ policy: { source, pinnedVersion: '0.2.0' } });
    t.updater.feed = { kind: 'update', version: '0.2.0' };
    await t.controller.start();
    await vi.waitFor(() => expect(t.updater.installs).toHaveLength(1));
    expect(t.updater.downloads).toEqual(['0.2.0']);
    t.controller.stop();
  });

  it('pinned to the running version: reports the pin, not "up to date"', async () => {
    const t = setup({ policy: { source, pinnedVersion: '0.1.0' } });
    await t.controller.start();
    expect(t.controller.status()).toMatchObject({ state: 'pinned', pinnedVersion: '0.1.0' });
    t.controller.stop();
  });

  it('picks up a policy that IT adds while the app runs, at the next check', async () => {
    const t = setup();
    t.updater.feed = { kind: 'none', latest: '0.1.0' };
    await t.controller.start();
    expect(t.controller.status().policy).toBeUndefined();
    t.setPolicy({ source, disabled: true });
    expect((await t.controller.check()).state).toBe('disabled');
    expect(t.updater.checks).toBe(1);
    t.setPolicy(undefined);
    expect((await t.controller.check()).state).toBe('up-to-date');
    expect(t.updater.checks).toBe(2);
    t.controller.stop();
  });
});
