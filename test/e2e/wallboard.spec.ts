/**
 * The relay's wallboard (`/wallboard`) in Chromium, against a real relay on loopback: the page
 * runs under its own strict CSP (no violation reported), takes the supervisor token from the URL
 * fragment and drops it from the address bar, and its numbers follow signed webhooks and agents'
 * presence live; an agent token is refused. An axe audit (light and dark) passes. With
 * WALLBOARD_SCREENSHOT=1 it also writes docs/screenshots/wallboard.png (and -dark).
 */
import { test, expect, type Page } from '@playwright/test';
import type { AxeResults, RunOptions } from 'axe-core';
import { createRequire } from 'node:module';
import path from 'node:path';
import { startRelay, mintAgentToken, type Relay } from '../../relay/src/index';
import { postEvent, TestSubscriber } from '../support/relay-harness';
import { quietLogger } from '../support/quiet-logger';
import { makeTelnyxSigningKey } from '../support/telnyx-signing';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SECRET = 'wallboard-e2e-secret-0123456789abcdefghij';
const key = makeTelnyxSigningKey();
const token = (agent: string, role: 'agent' | 'supervisor') => mintAgentToken({ secret: SECRET, agent, role, ttlSecs: 3600, maxLifetimeSecs: 86400 });

test.use({ viewport: { width: 1600, height: 1000 } });

let relay: Relay;
const agents: TestSubscriber[] = [];

test.beforeAll(async () => {
  relay = await startRelay({
    telnyxPublicKeys: [key.publicKeyBase64],
    jwtSecret: SECRET,
    store: 'memory',
    queues: { queues: { support: { mode: 'pull', serviceLevelSecs: 30 }, sales: { mode: 'pull', serviceLevelSecs: 20 } } },
    logger: quietLogger(),
  });
});
test.afterAll(async () => {
  await Promise.allSettled(agents.map((a) => a.close()));
  await relay?.close();
});

async function agent(id: string, state: string, queues: string[], reason: string | null = null): Promise<TestSubscriber> {
  const sub = new TestSubscriber(relay.url, await token(id, 'agent'));
  await sub.opened;
  await sub.until(() => sub.frames.some((f) => f.type === 'live'));
  agents.push(sub);
  publish(sub, state, queues, reason);
  return sub;
}

function publish(sub: TestSubscriber, state: string, queues: string[], reason: string | null = null): void {
  sub.ws.send(JSON.stringify({ type: 'presence', state, reason, since: new Date(Date.now() - 95_000).toISOString(), call_control_id: null, conference_id: null, queues, softphone_registered: true }));
}

const tile = (page: Page, queue: string) => page.getByRole('article', { name: queue });
const value = (page: Page, queue: string, term: string) => tile(page, queue).getByRole('definition').and(tile(page, queue).locator(`dt:text-is("${term}") + dd`));

async function audit(page: Page): Promise<void> {
  await page.addScriptTag({ path: axePath });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const options: RunOptions = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } };
    const { violations, passed } = await page.evaluate(async (o) => {
      const { axe } = window as unknown as { axe: { run(context: Document, options: RunOptions): Promise<AxeResults> } };
      const results = await axe.run(document, o);
      return { violations: results.violations.flatMap((v) => v.nodes.map((n) => `${v.id} ${n.target.join(' ')}`)), passed: results.passes.length };
    }, options);
    expect(passed, `axe rules passed (${colorScheme})`).toBeGreaterThan(10);
    expect(violations, `axe violations (${colorScheme})`).toEqual([]);
  }
}

test('the wallboard shows queues and agents live, under a strict CSP, with a supervisor token', async ({ page }) => {
  const cspProblems: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) cspProblems.push(m.text());
  });
  const alice = await agent('alice', 'available', ['support']);
  await agent('bob', 'away', ['support', 'sales'], 'lunch');

  const response = await page.goto(`${relay.url}/wallboard#token=${await token('boss', 'supervisor')}`);
  const csp = response!.headers()['content-security-policy']!;
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain(`connect-src ws://${new URL(relay.url).host} wss://${new URL(relay.url).host}`);
  await expect(page.getByRole('status')).toHaveText('Live');
  // The token left the address bar as soon as the page read it.
  expect(page.url()).toBe(`${relay.url}/wallboard`);

  await expect(page.getByRole('row', { name: /alice Available/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /bob Away \(lunch\)/ })).toBeVisible();

  // A caller waits in support, then an agent takes it after 12 s: the numbers follow.
  await postEvent(relay.url, key, 'call.enqueued', { call_control_id: 'v3:wb-1', queue: 'support' });
  await expect(value(page, 'support', 'Waiting')).toHaveText('1');
  await expect(value(page, 'support', 'Agents available')).toHaveText('1');
  await postEvent(relay.url, key, 'call.dequeued', { call_control_id: 'v3:wb-1', queue: 'support', reason: 'bridged', wait_time_secs: 12 });
  publish(alice, 'on_call', ['support']);
  await expect(value(page, 'support', 'Waiting')).toHaveText('0');
  await expect(value(page, 'support', 'Answered today')).toHaveText('1');
  await expect(value(page, 'support', 'Service level today')).toHaveText('100%');
  await expect(value(page, 'support', 'Average wait')).toHaveText('0:12');
  await expect(value(page, 'support', 'On call')).toHaveText('1');
  await expect(page.getByRole('row', { name: /alice On call/ })).toBeVisible();
  // One abandon in sales.
  await postEvent(relay.url, key, 'call.enqueued', { call_control_id: 'v3:wb-2', queue: 'sales' });
  await postEvent(relay.url, key, 'call.dequeued', { call_control_id: 'v3:wb-2', queue: 'sales', reason: 'hangup', wait_time_secs: 40 });
  await expect(value(page, 'sales', 'Abandoned today')).toHaveText('1');
  await expect(value(page, 'sales', 'Service level today')).toHaveText('0%');
  expect(cspProblems).toEqual([]);

  if (process.env.WALLBOARD_SCREENSHOT) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: path.join('docs', 'screenshots', scheme === 'light' ? 'wallboard.png' : 'wallboard-dark.png'), fullPage: true });
    }
  }
});

test('the wallboard refuses an agent token and says how to open it without one', async ({ page }) => {
  await page.goto(`${relay.url}/wallboard`);
  await expect(page.getByRole('status')).toHaveText('Open this page as /wallboard#token=<supervisor token>.');
  await page.goto(`${relay.url}/wallboard#token=${await token('carol', 'agent')}`);
  await page.reload(); // the fragment is read on load
  await expect(page.getByRole('status')).toHaveText('Disconnected: reconnecting…');
  // Refused before the upgrade (403), not merely unlucky.
  await expect
    .poll(async () => /^relay_refused_subscribers_total\{status="403"\} (\d+)/m.exec(await (await fetch(`${relay.url}/metrics`)).text())?.[1])
    .toBeDefined();
});

test.describe('accessibility', () => {
  test.use({ bypassCSP: true }); // only so axe can be injected
  test('the wallboard passes an axe audit in light and dark', async ({ page }) => {
    await agent('dave', 'wrap_up', ['support']);
    await page.goto(`${relay.url}/wallboard#token=${await token('boss2', 'supervisor')}`);
    await expect(page.getByRole('status')).toHaveText('Live');
    await expect(tile(page, 'support')).toBeVisible();
    await audit(page);
  });
});
