/**
 * An axe-core audit (WCAG 2.1 A and AA rules) of every main screen, in the light and the dark
 * colour scheme: first run, settings, the console with queued callers (ok, warning and breached
 * SLA, each reached on the page's clock), a call with participants, the recording banner and a
 * command error, wrap-up, the supervisor view and the shortcut help dialog. Any violation fails
 * the test with its rule, impact and target selectors.
 *
 * The page's CSP allows no injected scripts, so these tests (only these) run in a browser
 * context that bypasses it.
 */
import type { Page } from '@playwright/test';
import type { AxeResults, RunOptions } from 'axe-core';
import { createRequire } from 'node:module';
import { test, expect, type HarnessHandle } from './fixtures';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

test.use({ bypassCSP: true, viewport: { width: 1360, height: 900 } });

// WCAG 2.1 A and AA, plus axe's best practices (landmarks, one h1, heading order): stricter than
// the standard alone, and every screen passes them.
const auditOptions: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  resultTypes: ['violations', 'incomplete'],
};

/** One line per element: rule, impact, selector and axe's own summary of what is wrong. */
function describeResults(results: AxeResults['violations']): string[] {
  return results.flatMap((result) =>
    result.nodes.map((node) => {
      const why = node.failureSummary?.split('\n').slice(1).join(' ').trim();
      return `${result.id} [${result.impact ?? 'n/a'}] ${node.target.join(' ')}${why ? ` — ${why}` : ''}`;
    }),
  );
}

/**
 * Audits the page as it is now in both colour schemes (the theme setting is "system", so it
 * follows the emulated media). Violations fail the test; what axe could not decide
 * ("incomplete", e.g. contrast over an image) is listed as an annotation for a person to check.
 */
async function audit(page: Page, where: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    const { violations, incomplete, passed } = await page.evaluate(async (options) => {
      const { axe } = window as unknown as { axe: { run(context: Document, options: RunOptions): Promise<AxeResults> } };
      const results = await axe.run(document, options);
      return { violations: results.violations, incomplete: results.incomplete, passed: results.passes.length };
    }, auditOptions);
    // An audit that checked nothing (axe not loaded, an empty page) must not pass silently.
    expect(passed, `axe rules that passed: ${where}, ${colorScheme}`).toBeGreaterThan(10);
    for (const line of describeResults(incomplete)) test.info().annotations.push({ type: `axe needs review (${where}, ${colorScheme})`, description: line });
    expect.soft(describeResults(violations), `axe violations: ${where}, ${colorScheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: null });
}

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
}

function queueRows(page: Page) {
  return page.getByRole('list', { name: 'Queue' }).getByRole('listitem');
}

/**
 * SLA thresholds of minutes, and the page's own clock under the test's control (installed before
 * the reload that applies them): each SLA level is reached by moving the page's time forward, so
 * no level lasts only as long as a slow machine happens to take between two assertions.
 */
const SLA = { warnSecs: 300, breachSecs: 600 };
async function slaOnTestClock(page: Page): Promise<void> {
  const outcome = await page.evaluate((sla) => window.switchboard.settings.set({ sla }), SLA);
  expect(outcome.ok).toBe(true);
  await page.clock.install();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Console' })).toBeVisible();
}

async function goAvailable(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Go available' }).click();
  await expect(page.getByText('Agent status: Available')).toBeVisible();
}

test.describe('without an account', () => {
  test.use({ demo: false });

  test('first run and settings have no WCAG 2.1 AA violations', async ({ console: page }) => {
    await expect(page.getByRole('heading', { name: 'Welcome to Switchboard' })).toBeVisible();
    await audit(page, 'first run');

    await page.getByRole('button', { name: 'Open settings' }).click();
    await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Updates' })).toBeVisible();
    await audit(page, 'settings (no account)');
  });
});

test('the console with queued callers, settings and the shortcut help have no WCAG 2.1 AA violations', async ({ console: page, harness }) => {
  await slaOnTestClock(page);
  await goAvailable(page);
  await harness.injectCaller({ queue: 'support', from: '+15550145001' });
  await harness.injectCaller({ queue: 'sales', from: '+15550145002' });
  await harness.injectCaller({ queue: 'support', from: '+15550145003' });
  await expect(queueRows(page)).toHaveCount(3);
  // Each level in turn, by the page's clock: every caller has waited seconds (ok), then 5 more
  // minutes (warn: 300-600 s), then 5 more (breach: over 600 s).
  await expect(queueRows(page).locator('[data-sla="ok"]')).toHaveCount(3);
  await audit(page, 'console with queued callers (ok SLA)');
  await page.clock.fastForward(SLA.warnSecs * 1000);
  await expect(queueRows(page).locator('[data-sla="warn"]')).toHaveCount(3);
  await audit(page, 'console with queued callers (warning SLA)');
  await page.clock.fastForward((SLA.breachSecs - SLA.warnSecs) * 1000);
  await expect(queueRows(page).locator('[data-sla="breach"]')).toHaveCount(3);
  await audit(page, 'console with queued callers (breached SLA)');

  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await audit(page, 'shortcut help dialog');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await openSettings(page);
  await expect(page.getByRole('heading', { name: 'Updates' })).toBeVisible();
  await audit(page, 'settings (demo)');
});

test('a call, its recording banner, a command error and wrap-up have no WCAG 2.1 AA violations', async ({ console: page, harness }) => {
  await goAvailable(page);
  await harness.injectCaller({ queue: 'support', from: '+15550145101' });
  await harness.injectCaller({ queue: 'sales', from: '+15550145102' });
  await expect(queueRows(page)).toHaveCount(2);
  await page.getByRole('button', { name: 'Take next call' }).click();
  const conference = page.getByRole('region', { name: /^sb-support-/ });
  const participants = conference.getByRole('list', { name: 'Participants' }).getByRole('listitem');
  await expect(participants).toHaveCount(2);

  // Recording, the caller muted and on hold (every chip colour), our own mute pressed.
  await conference.getByRole('button', { name: 'Record', exact: true }).click();
  await expect(conference.getByRole('status').filter({ hasText: /^Recording$/ })).toBeVisible();
  await conference.getByRole('button', { name: 'Mute +15550145101' }).click();
  await conference.getByRole('button', { name: 'Hold +15550145101' }).click();
  await expect(participants.filter({ hasText: '+15550145101' })).toContainText('Muted');
  await expect(participants.filter({ hasText: '+15550145101' })).toContainText('On hold');
  await conference.getByRole('button', { name: 'Mute', exact: true }).click();
  await expect(conference.getByRole('button', { name: 'Mute', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await audit(page, 'in a call, recording');

  // Paused recording, and a command Telnyx refuses (its error sits next to the control).
  await page.keyboard.press('Control+Shift+R');
  await expect(conference.getByRole('status').filter({ hasText: 'Recording paused' })).toBeVisible();
  const { conferenceId } = await harness.state().then((state) => ({ conferenceId: state.conference!.id }));
  await harness.control('/sim/fault', { method: 'POST', path: `/conferences/${conferenceId}/actions/unmute`, status: 422, code: '90018', title: 'Call has already ended' });
  await conference.getByRole('button', { name: 'Mute', exact: true }).click();
  await expect(conference.getByRole('group', { name: 'Call controls' }).getByRole('alert').filter({ hasText: 'Call has already ended' })).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await audit(page, 'in a call, recording paused, with a command error');

  // Leave: wrap-up, with the call in history.
  await page.keyboard.press('Control+Shift+E');
  await expect(page.getByText('Agent status: Wrap-up')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Call history' }).getByRole('listitem')).toHaveCount(1);
  await audit(page, 'wrap-up');
});

interface OtherAgentsCall {
  conferenceName: string;
}

async function otherAgentCall(harness: HarnessHandle, from: string): Promise<OtherAgentsCall> {
  return harness.control<OtherAgentsCall>('/sim/other-agent-call', { queue: 'support', from });
}

test('the supervisor view has no WCAG 2.1 AA violations', async ({ console: page, harness }) => {
  const call = await otherAgentCall(harness, '+15550145201');
  await otherAgentCall(harness, '+15550145202');
  const list = page.getByRole('list', { name: 'Live conferences' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await page.getByRole('region', { name: 'Live conferences' }).getByRole('button', { name: 'Refresh' }).click();
  const row = list.getByRole('listitem').filter({ hasText: call.conferenceName });
  await expect(row).toBeVisible();
  await audit(page, 'live conferences');

  await row.getByRole('button', { name: 'Whisper' }).click();
  const panel = page.getByRole('region', { name: new RegExp(call.conferenceName) });
  await expect(panel.getByRole('list', { name: 'Participants' }).getByRole('listitem').filter({ hasText: '(you)' })).toContainText('Whispering');
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await audit(page, 'supervising (whisper)');
});
