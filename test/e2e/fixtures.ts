/**
 * Playwright fixtures: every test gets its own harness process (real core in demo mode, its
 * own simulator and relay on free loopback ports) and a page already showing the console.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface HarnessHandle {
  url: string;
  /** Test-only controls: simulator truth, fault injection, relay outage. */
  control<T = unknown>(route: string, body?: unknown): Promise<T>;
}

export interface HarnessOptions {
  demo: boolean;
  timeScale: number;
  secretBackend: string | undefined;
}

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

async function spawnHarness(options: HarnessOptions): Promise<{ child: ChildProcess; url: string }> {
  const args = ['--import', 'tsx', 'test/harness/cli.ts', '--port', '0', '--time-scale', String(options.timeScale)];
  if (!options.demo) args.push('--no-demo');
  if (options.secretBackend) args.push('--secret-backend', options.secretBackend);
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`harness did not start:\n${stderr}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /harness: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`harness exited with ${code}:\n${stderr}`));
    });
  });
  return { child, url };
}

export const test = base.extend<HarnessOptions & { harness: HarnessHandle; console: Page }>({
  demo: [true, { option: true }],
  timeScale: [0.1, { option: true }],
  secretBackend: [undefined, { option: true }],
  harness: async ({ demo, timeScale, secretBackend }, use) => {
    const { child, url } = await spawnHarness({ demo, timeScale, secretBackend });
    const control = async <T,>(route: string, body?: unknown): Promise<T> => {
      const response = await fetch(new URL(`harness/control${route}`, url), {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!response.ok) throw new Error(`control ${route}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    };
    await use({ url, control });
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  },
  console: async ({ page, harness }, use) => {
    await page.goto(harness.url);
    await use(page);
  },
});

export { expect };
