/**
 * The update controller driving electron-updater's REAL updater logic against a REAL feed:
 * a generic-provider feed on 127.0.0.1 serving latest-linux.yml / beta-linux.yml in the format
 * electron-builder publishes, and an installer whose sha512 the updater checks.
 *
 * What runs for real here: electron-updater's DebUpdater/BaseUpdater/AppUpdater (channel files,
 * YAML parsing, semver and no-downgrade rules, stagingPercentage against the persisted staging
 * user id, download with progress, sha512 verification, the download cache), its GenericProvider,
 * and builder-util-runtime's HTTP client. What cannot run without Electron, and is left to the
 * _electron suite and to release runners: ElectronAppAdapter (app.getVersion, userData paths;
 * replaced by an AppAdapter over temp dirs), ElectronHttpExecutor (Chromium's net stack; replaced
 * by electron-builder's NodeHttpExecutor), and the install itself (quitAndInstall runs dpkg, the
 * NSIS installer or Squirrel.Mac and quits the app; recorded instead). Windows' Authenticode
 * publisher check runs only on Windows, inside NsisUpdater, against a signed installer.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import {
  createServer,
  request as httpRequest,
  type ClientRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type RequestOptions,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { configureRequestOptions, configureRequestUrl, HttpExecutor, type DownloadOptions } from 'builder-util-runtime';
import { DebUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AdminUpdatePolicy, UpdateStatus } from '../../../electron/contract/updates';
import { createUpdateController, type AgentActivity, type UpdateControllerApi } from '../../../electron/core/updates';

const CURRENT = '0.1.0';
/** Staging ids: electron-updater reads bytes 12..15 as the installation's place in a rollout. */
const EARLY_ADOPTER = '6ba7b810-9dad-51d1-80b4-000000000000'; // 0.0 — inside any rollout
const LATE_ADOPTER = '6ba7b810-9dad-51d1-80b4-0000ffffffff'; // 1.0 — outside any partial rollout

interface FeedRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

/** A generic-provider update feed: whatever files the test puts in `files`, under /feed/. */
class FeedServer {
  readonly files = new Map<string, Buffer>();
  readonly requests: FeedRequest[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const pathname = new URL(req.url ?? '/', 'http://x').pathname;
      this.requests.push({ path: pathname, headers: req.headers });
      const body = this.files.get(pathname.replace(/^\/feed\//, ''));
      if (!body) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' });
      res.end(body);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/feed`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  requested(file: string): number {
    return this.requests.filter((r) => r.path === `/feed/${file}`).length;
  }

  /** Publish a release the way electron-builder does: the installer plus its channel file. */
  publish(options: { channelFile: string; version: string; installer: Buffer; stagingPercentage?: number; served?: Buffer }) {
    const name = `switchboard_${options.version}_amd64.deb`;
    const sha512 = createHash('sha512').update(options.installer).digest('base64');
    const lines = [
      `version: ${options.version}`,
      'files:',
      `  - url: ${name}`,
      `    sha512: ${sha512}`,
      `    size: ${options.installer.length}`,
      `path: ${name}`,
      `sha512: ${sha512}`,
      `releaseDate: '2025-06-01T12:00:00.000Z'`,
    ];
    if (options.stagingPercentage !== undefined) lines.push(`stagingPercentage: ${options.stagingPercentage}`);
    this.files.set(options.channelFile, Buffer.from(lines.join('\n') + '\n'));
    this.files.set(name, options.served ?? options.installer);
    return { name, sha512 };
  }
}

/**
 * builder-util-runtime's HttpExecutor over node:http. `download` is ElectronHttpExecutor.download
 * line for line, minus Electron's net session: the streaming, progress and sha512 DigestTransform
 * all happen in the shared `doDownload`.
 */
class NodeHttpExecutor extends HttpExecutor<ClientRequest> {
  createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void): ClientRequest {
    return httpRequest({ ...options, agent: false }, callback); // no keep-alive between tests
  }

  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions: RequestOptions = { headers: options.headers ?? undefined };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(
        requestOptions,
        {
          destination,
          options,
          onCancel,
          callback: (error) => (error == null ? resolve(destination) : reject(error)),
          responseHandler: null,
        },
        0,
      );
    });
  }
}

/** electron-updater's Debian updater with a Node HTTP client, and installs recorded, not run. */
class TestDebUpdater extends DebUpdater {
  readonly installRequests: Array<{ isSilent?: boolean; isForceRunAfter?: boolean }> = [];
  constructor(app: AppAdapter) {
    super(null, app);
    // AppUpdater leaves httpExecutor null when it is given an AppAdapter (no Electron net).
    (this as unknown as { httpExecutor: NodeHttpExecutor }).httpExecutor = new NodeHttpExecutor();
    // Make channel file names independent of the machine running the test.
    (this as unknown as { _testOnlyOptions: object })._testOnlyOptions = { platform: 'linux', isUseDifferentialDownload: false };
    this.logger = null;
  }
  /** Downloads started (by autoDownload or by hand): a test can tell "none" from "not yet". */
  downloadsStarted = 0;
  override quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installRequests.push({ isSilent, isForceRunAfter });
  }
  override downloadUpdate(...args: Parameters<DebUpdater['downloadUpdate']>): ReturnType<DebUpdater['downloadUpdate']> {
    this.downloadsStarted++;
    return super.downloadUpdate(...args);
  }
}

let feed: FeedServer;
let workDir: string;
const controllers: UpdateControllerApi[] = [];

beforeAll(async () => {
  process.env.TEST_UPDATER_ARCH = 'x64';
  feed = new FeedServer();
  await feed.start();
});
afterAll(async () => {
  await feed.stop();
  delete process.env.TEST_UPDATER_ARCH;
});
afterEach(async () => {
  for (const c of controllers.splice(0)) c.stop();
  feed.files.clear();
  feed.requests.length = 0;
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function installation(options: { stagingId?: string; policy?: AdminUpdatePolicy; activity?: AgentActivity; cacheDir?: string } = {}) {
  workDir = await mkdtemp(path.join(tmpdir(), 'switchboard-updater-'));
  const userData = path.join(workDir, 'userData');
  const cache = options.cacheDir ?? path.join(workDir, 'cache');
  await mkdir(userData, { recursive: true });
  await writeFile(path.join(userData, '.updaterId'), options.stagingId ?? EARLY_ADOPTER);
  // What electron-builder writes into resources/app-update.yml from `publish`.
  const appUpdateYml = path.join(workDir, 'app-update.yml');
  await writeFile(appUpdateYml, `provider: generic\nurl: ${feed.url}\nupdaterCacheDirName: switchboard-updater\n`);
  const app: AppAdapter = {
    version: CURRENT,
    name: 'Switchboard',
    isPackaged: true,
    appUpdateConfigPath: appUpdateYml,
    userDataPath: userData,
    baseCachePath: cache,
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
  const updater = new TestDebUpdater(app);
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = false;
  updater.allowDowngrade = false;

  let activity: AgentActivity = options.activity ?? { status: 'available', inConference: true };
  const activityListeners = new Set<(a: AgentActivity) => void>();
  const statuses: UpdateStatus[] = [];
  const errors: string[] = [];
  const controller = createUpdateController({
    updater,
    currentVersion: CURRENT,
    readAdminPolicy: async () => options.policy,
    getAgentActivity: () => activity,
    onAgentActivityChange: (listener) => {
      activityListeners.add(listener);
      return () => activityListeners.delete(listener);
    },
    checkIntervalMs: 3_600_000,
    log: { info: () => undefined, warn: () => undefined, error: (m) => errors.push(m) },
  });
  controller.onStatus((s) => statuses.push(s));
  controllers.push(controller);
  return {
    updater,
    controller,
    statuses,
    errors,
    cache: path.join(cache, 'switchboard-updater'),
    setActivity(next: AgentActivity) {
      activity = next;
      for (const listener of activityListeners) listener(next);
    },
  };
}

const installer = randomBytes(3 * 1024 * 1024 + 123);

describe('electron-updater against a local generic feed', () => {
  it('downloads and verifies the update, waits while the agent is in a conference, installs when away', async () => {
    const { name, sha512 } = feed.publish({ channelFile: 'latest-linux.yml', version: '0.2.0', installer });
    const t = await installation({ activity: { status: 'available', inConference: true } });
    await t.controller.start();
    await vi.waitFor(() => expect(t.controller.status().state).toBe('ready-waiting'), { timeout: 15_000 });

    expect(t.controller.status()).toMatchObject({
      state: 'ready-waiting',
      version: '0.2.0',
      reason: 'in-conference',
      message: 'Update ready: installs when you go away',
      channel: 'stable',
    });
    // The stable channel reads latest-linux.yml, and the staging id goes with the request.
    expect(feed.requested('latest-linux.yml')).toBe(1);
    const channelRequest = feed.requests.find((r) => r.path === '/feed/latest-linux.yml');
    expect(channelRequest?.headers['x-user-staging-id']).toBe(EARLY_ADOPTER);
    expect(feed.requested(name)).toBe(1);

    // Progress reached the renderer-facing status, ending at 100 % of the real size.
    const progress = t.statuses.filter((s) => s.state === 'downloading');
    expect(progress.at(-1)).toMatchObject({ version: '0.2.0', percent: 100, transferred: installer.length, total: installer.length });

    // The file in electron-updater's cache is byte-for-byte the published one.
    const pending = path.join(t.cache, 'pending', name);
    expect(createHash('sha512').update(await readFile(pending)).digest('base64')).toBe(sha512);

    expect(t.updater.installRequests).toEqual([]);
    t.setActivity({ status: 'available', inConference: false });
    expect(t.updater.installRequests).toEqual([]);
    t.setActivity({ status: 'away', inConference: false });
    expect(t.updater.installRequests).toEqual([{ isSilent: true, isForceRunAfter: true }]);
    expect(t.controller.status()).toMatchObject({ state: 'installing', version: '0.2.0' });
  });

  it('rejects a tampered installer: sha512 mismatch, nothing kept, nothing installed', async () => {
    const tampered = Buffer.from(installer);
    tampered[1000] = (tampered[1000] ?? 0) ^ 0xff;
    const { name } = feed.publish({ channelFile: 'latest-linux.yml', version: '0.2.0', installer, served: tampered });
    const t = await installation({ activity: { status: 'offline', inConference: false } });
    await t.controller.start();
    await vi.waitFor(() => expect(t.controller.status().state).toBe('error'), { timeout: 15_000 });

    expect(t.controller.status()).toMatchObject({ state: 'error', message: expect.stringMatching(/sha512 checksum mismatch/) });
    expect(feed.requested(name)).toBe(1);
    expect(t.updater.installRequests).toEqual([]);
    expect(existsSync(path.join(t.cache, 'pending', name))).toBe(false);
    const leftovers = existsSync(path.join(t.cache, 'pending')) ? await readdir(path.join(t.cache, 'pending')) : [];
    expect(leftovers.filter((f) => f.endsWith('.deb'))).toEqual([]);
  });

  it('honours a staged rollout: an installation outside stagingPercentage is not offered the update', async () => {
    const { name } = feed.publish({ channelFile: 'latest-linux.yml', version: '0.2.0', installer, stagingPercentage: 50 });
    const late = await installation({ stagingId: LATE_ADOPTER, activity: { status: 'offline', inConference: false } });
    await late.controller.start();
    expect(late.controller.status().state).toBe('up-to-date');
    expect(feed.requested('latest-linux.yml')).toBe(1);
    expect(feed.requested(name)).toBe(0);
    expect(late.updater.installRequests).toEqual([]);
  });

  it('an installation inside stagingPercentage gets the same staged release', async () => {
    const { name } = feed.publish({ channelFile: 'latest-linux.yml', version: '0.2.0', installer, stagingPercentage: 50 });
    const early = await installation({ stagingId: EARLY_ADOPTER, activity: { status: 'offline', inConference: false } });
    await early.controller.start();
    await vi.waitFor(() => expect(early.updater.installRequests).toHaveLength(1), { timeout: 15_000 });
    expect(feed.requested(name)).toBe(1);
  });

  it('beta reads beta-linux.yml, and switching channel never downgrades', async () => {
    feed.publish({ channelFile: 'latest-linux.yml', version: CURRENT, installer });
    const older = feed.publish({ channelFile: 'beta-linux.yml', version: '0.0.9', installer });
    const t = await installation({ activity: { status: 'offline', inConference: false } });
    await t.controller.start();
    expect(t.controller.status()).toMatchObject({ state: 'up-to-date', latestVersion: CURRENT });

    // electron-updater turns allowDowngrade on when the channel changes; the controller turns
    // it back off, so the older build on the beta feed is not installed.
    const status = await t.controller.setChannel('beta');
    expect(status).toMatchObject({ state: 'up-to-date', channel: 'beta' });
    expect(t.updater.allowDowngrade).toBe(false);
    expect(feed.requested('beta-linux.yml')).toBe(1);
    expect(feed.requested(older.name)).toBe(0);

    const newer = feed.publish({ channelFile: 'beta-linux.yml', version: '0.3.0-beta.1', installer });
    await t.controller.check();
    await vi.waitFor(() => expect(t.updater.installRequests).toHaveLength(1), { timeout: 15_000 });
    expect(feed.requested(newer.name)).toBe(1);
    expect(t.controller.status()).toMatchObject({ state: 'installing', version: '0.3.0-beta.1' });
  });

  it('a pinned version holds back a newer release: nothing is downloaded', async () => {
    const { name } = feed.publish({ channelFile: 'latest-linux.yml', version: '0.2.0', installer });
    const t = await installation({
      policy: { source: '/etc/switchboard/policy.json', pinnedVersion: CURRENT },
      activity: { status: 'offline', inConference: false },
    });
    await t.controller.start();
    expect(t.controller.status()).toMatchObject({ state: 'pinned', pinnedVersion: CURRENT, availableVersion: '0.2.0' });
    expect(t.updater.autoDownload).toBe(false);
    // A download starts within the check (autoDownload) or in its update-available handler,
    // both done by now: none was started, so none can arrive late.
    expect(t.updater.downloadsStarted).toBe(0);
    expect(feed.requested(name)).toBe(0);
  });

  it('an admin policy that disables updates means the feed is never asked', async () => {
    feed.publish({ channelFile: 'latest-linux.yml', version: '0.2.0', installer });
    const t = await installation({ policy: { source: '/etc/switchboard/policy.json', disabled: true } });
    await t.controller.start();
    expect(t.controller.status().state).toBe('disabled');
    expect(feed.requests).toEqual([]);
  });

  it('a feed without the channel file is an error the agent can see, not a silent success', async () => {
    const t = await installation();
    await t.controller.start();
    expect(t.controller.status()).toMatchObject({ state: 'error', message: expect.stringContaining('latest-linux.yml') });
  });
});
