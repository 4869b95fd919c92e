/**
 * Playwright fixtures: every test gets its own harness process (real core in demo mode, its
 * own simulator and relay on free loopback ports) and a page already showing the console.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SimSnapshot } from '@switchboard/sim';
import type { AgentState } from '../../electron/contract';

export interface HarnessHandle {
  /** The console's URL (a new one after `restart`). */
  url: string;
  /** The harness's user-data folder (call history's database, CSV exports in `exports/`). */
  userDataDir: string;
  /**
   * Kills the harness process (SIGKILL: no chance to flush anything) and starts a new one on the
   * same user-data folder; `url` then points at the new console.
   */
  restart(): Promise<void>;
  /** Test-only controls (test/harness/control.ts): simulator truth, faults, callers, relay outage. */
  control<T = unknown>(route: string, body?: unknown): Promise<T>;
  /** The simulator's truth (`GET /sim/snapshot`). */
  snapshot(): Promise<SimSnapshot>;
  /** Core's AgentState (`GET /state`). */
  state(): Promise<AgentState>;
  /** A caller who waits in `queue` until the console acts (talkSecs: hangs up that long after being conferenced). */
  injectCaller(body: { queue: string; from?: string; patienceSecs?: number; talkSecs?: number }): Promise<{ callControlId: string }>;
  /** The teammate's console (option `teammate`): its own core on the same simulator and relay. */
  teammate?: { url: string; control<T = unknown>(route: string, body?: unknown): Promise<T>; state(): Promise<AgentState> };
}

export interface HarnessOptions {
  demo: boolean;
  timeScale: number;
  secretBackend: string | undefined;
  /** Demo traffic: 'none' (default: tests inject the callers they need) or 'callcenter'. */
  scenario: 'none' | 'callcenter';
  /** Live mode talks to a local simulator instead of api.telnyx.com (typed keys answer 401). */
  telnyxSim: boolean;
  /** The agent's endpoint: 'external' (default; the simulator answers the agent leg) or 'softphone' (the page's WebRTC). */
  endpoint: 'external' | 'softphone';
  /** A second console, this agent id, on the same demo (`--teammate`); its page is the `teammatePage` fixture. */
  teammate: string | undefined;
  /** Queues the demo relay runs in offer mode (`--offer-queues`), and how long an offer rings (`--offer-timeout-ms`). */
  offerQueues: string[] | undefined;
  offerTimeoutMs: number | undefined;
}

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** A hang guard for starting (and stopping) a harness: compiling it takes long on a busy machine. */
const HARNESS_START_TIMEOUT = 180_000;

async function spawnHarness(options: HarnessOptions, userDataDir: string): Promise<{ child: ChildProcess; url: string; key: string; teammateUrl?: string; stderr: () => string }> {
  const args = ['--import', 'tsx', 'test/harness/cli.ts', '--port', '0', '--time-scale', String(options.timeScale), '--scenario', options.scenario, '--test-controls', '--user-data', userDataDir];
  if (!options.demo) args.push('--no-demo');
  if (options.secretBackend) args.push('--secret-backend', options.secretBackend);
  if (options.telnyxSim) args.push('--telnyx-sim');
  args.push('--endpoint', options.endpoint);
  if (options.teammate) args.push('--teammate', options.teammate);
  if (options.offerQueues?.length) args.push('--offer-queues', options.offerQueues.join(','));
  if (options.offerTimeoutMs !== undefined) args.push('--offer-timeout-ms', String(options.offerTimeoutMs));
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // No clock of our own: the harness either prints its URL or exits; a hang is the fixture's
  // timeout (HARNESS_START_TIMEOUT), which does not eat into the test's own.
  const urlPattern = (name: string) => new RegExp(`${name}: (http://127\\.0\\.0\\.1:\\d+/\\?key=[\\w-]+)`);
  const [url, teammateUrl] = await new Promise<[string, string | undefined]>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = urlPattern('harness').exec(stdout);
      const teammate = urlPattern('teammate').exec(stdout);
      if (match && (!options.teammate || teammate)) resolve([match[1]!, teammate?.[1]]);
    });
    child.once('exit', (code) => reject(new Error(`harness exited with ${code}:\n${stderr}`)));
  });
  return { child, url, key: new URL(url).searchParams.get('key')!, ...(teammateUrl ? { teammateUrl } : {}), stderr: () => stderr };
}

function controlFor(url: string) {
  const key = new URL(url).searchParams.get('key')!;
  return async <T,>(route: string, body?: unknown): Promise<T> => {
    const response = await fetch(new URL(`harness/control${route}`, url), {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Harness-Key': key },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`control ${route}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
}

export const test = base.extend<HarnessOptions & { harness: HarnessHandle; console: Page; teammatePage: Page }>({
  demo: [true, { option: true }],
  timeScale: [0.1, { option: true }],
  secretBackend: [undefined, { option: true }],
  scenario: ['none', { option: true }],
  telnyxSim: [false, { option: true }],
  endpoint: ['external', { option: true }],
  teammate: [undefined, { option: true }],
  offerQueues: [undefined, { option: true }],
  offerTimeoutMs: [undefined, { option: true }],
  harness: [async ({ demo, timeScale, secretBackend, scenario, telnyxSim, endpoint, teammate, offerQueues, offerTimeoutMs }, use, testInfo) => {
    const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-e2e-'));
    const options = { demo, timeScale, secretBackend, scenario, telnyxSim, endpoint, teammate, offerQueues, offerTimeoutMs };
    let { child, url, key, teammateUrl, stderr } = await spawnHarness(options, userDataDir);
    const control = async <T,>(route: string, body?: unknown): Promise<T> => {
      const response = await fetch(new URL(`harness/control${route}`, handle.url), {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Harness-Key': key },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!response.ok) throw new Error(`control ${route}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    };
    const teammateControl = teammateUrl ? controlFor(teammateUrl) : undefined;
    const handle: HarnessHandle = {
      ...(teammateUrl && teammateControl
        ? { teammate: { url: teammateUrl, control: teammateControl, state: () => teammateControl<AgentState>('/state') } }
        : {}),
      url,
      userDataDir,
      async restart() {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await gone;
        ({ child, url, key, teammateUrl, stderr } = await spawnHarness(options, userDataDir));
        handle.url = url;
      },
      control,
      snapshot: () => control<SimSnapshot>('/sim/snapshot'),
      state: () => control<AgentState>('/state'),
      injectCaller: (body) => control('/sim/caller', body),
    };
    await use(handle);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    // A harness that does not stop within 10 s is killed (and says so) rather than hanging the run.
    const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, 10_000, false))]);
    if (!stopped) {
      child.kill('SIGKILL');
      await exited;
      await testInfo.attach('harness-teardown', { body: 'harness did not exit within 10 s of SIGTERM; killed', contentType: 'text/plain' });
    }
    // The harness's own log (warnings and errors only) helps explain a failure.
    if (testInfo.status !== testInfo.expectedStatus && stderr()) await testInfo.attach('harness-stderr', { body: stderr(), contentType: 'text/plain' });
    rmSync(userDataDir, { recursive: true, force: true });
  }, { timeout: HARNESS_START_TIMEOUT }],
  console: async ({ page, harness }, use) => {
    await page.goto(harness.url);
    await expect(page.getByRole('button', { name: 'Console' })).toBeVisible();
    await use(page);
  },
  /** The teammate's console in its own browser context (option `teammate`). */
  teammatePage: async ({ browser, harness }, use) => {
    if (!harness.teammate) throw new Error('set the `teammate` option to get a teammate page');
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(harness.teammate.url);
    await expect(page.getByRole('button', { name: 'Console' })).toBeVisible();
    await use(page);
    await context.close();
  },
});

export { expect };
