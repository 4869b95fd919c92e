// Screenshots of each main screen, light and dark, into docs/screenshots/.
//
//   npm run build && npx tsx scripts/screenshots.ts
//
// The real console (test/harness: core in Node, demo simulator and relay in-process) in Debian's
// Chromium (CHROMIUM_PATH to override). Callers are injected with fixed numbers so the pictures
// are the same from run to run apart from clocks; the SLA thresholds are lowered so waiting
// callers show all three colours within seconds.
import { chromium, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../electron/core/log';
import { startHarness, type Harness } from '../test/harness/server';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(repoRoot, 'docs', 'screenshots');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const viewport = { width: 1360, height: 900 };
const quiet = createLogger({ level: 'error', sink: () => {} });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function control<T>(harness: Harness, route: string, body: unknown): Promise<T> {
  const response = await fetch(new URL(`harness/control${route}`, harness.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Harness-Key': harness.key },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${route}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The same screen in both schemes (the theme setting is "system", so it follows the media query). */
async function shoot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await page.evaluate('document.activeElement instanceof HTMLElement && document.activeElement.blur()');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.mouse.move(0, viewport.height - 1); // no hover highlight in the picture
    await sleep(150);
    const file = path.join(outDir, `${name}-${scheme}.png`);
    await page.screenshot({ path: file, ...options });
    console.log(`wrote ${path.relative(repoRoot, file)}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function firstRunAndSettings(browser: Awaited<ReturnType<typeof chromium.launch>>): Promise<void> {
  const harness = await startHarness({ demo: false, log: quiet });
  try {
    const page = await browser.newPage({ viewport });
    await page.goto(harness.url);
    await page.getByRole('button', { name: 'Try the demo' }).waitFor();
    await shoot(page, 'first-run');

    await page.getByRole('button', { name: 'Open settings' }).click();
    await page.getByLabel('Telnyx API key', { exact: true }).fill('KEYscreenshot_0000000000000000a1b2');
    await page.getByRole('button', { name: 'Save Telnyx API key' }).click();
    await page.getByText('configured ••••a1b2').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await shoot(page, 'settings', { fullPage: true });
    await page.close();
  } finally {
    await harness.close();
  }
}

async function consoleScreens(browser: Awaited<ReturnType<typeof chromium.launch>>): Promise<void> {
  const harness = await startHarness({ demo: true, scenario: 'none', timeScale: 1, seed: 7, log: quiet, testControls: true });
  const sim = harness.core.demo()!.sim;
  try {
    await harness.core.dispatch('settings.set', {
      sla: { warnSecs: 4, breachSecs: 8 },
      soundboard: [
        { label: 'Greeting', url: 'https://example.com/audio/greeting.mp3' },
        { label: 'Please hold', url: 'https://example.com/audio/please-hold.mp3' },
      ],
    });
    const page = await browser.newPage({ viewport });
    await page.goto(harness.url);
    await page.getByRole('button', { name: 'Go available' }).click();
    await page.getByText('Agent status: Available').waitFor();

    // Callers who waited long (breach), a while (warning) and just now (ok).
    await sim.injectInboundCall({ queue: 'support', from: '+14155550132' });
    await sim.injectInboundCall({ queue: 'sales', from: '+12125550187' });
    await sleep(4500);
    await sim.injectInboundCall({ queue: 'support', from: '+13125550119' });
    await sim.injectInboundCall({ queue: 'support', from: '+16175550143' });
    await sleep(4500);
    await sim.injectInboundCall({ queue: 'sales', from: '+17735550166' });
    await page.getByRole('list', { name: 'Queue' }).getByRole('listitem').nth(4).waitFor();
    await shoot(page, 'console');

    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await shoot(page, 'help');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    // In a call: the longest-waiting caller, recording, the caller muted by the agent.
    await page.getByRole('button', { name: 'Take next call' }).click();
    const conference = page.getByRole('region', { name: /^sb-support-/ });
    await conference.getByRole('list', { name: 'Participants' }).getByRole('listitem').nth(1).waitFor();
    await conference.getByRole('button', { name: 'Record', exact: true }).click();
    await conference.getByRole('status').filter({ hasText: 'Recording' }).waitFor();
    await conference.getByRole('button', { name: 'Mute +14155550132' }).click();
    await conference.getByText('Muted', { exact: true }).waitFor();
    await conference.getByLabel('Text to speak').fill('Thanks for calling. I can see your order here.');
    await sleep(1500);
    await shoot(page, 'call');

    // Supervisor: the agent's own call is over; two other agents are on calls.
    await page.keyboard.press('Control+Shift+E');
    await page.getByRole('button', { name: 'Finish wrap-up' }).click();
    await page.getByText('Agent status: Available').waitFor();
    const watched = await control<{ conferenceName: string }>(harness, '/sim/other-agent-call', { queue: 'sales', from: '+13055550121' });
    await control(harness, '/sim/other-agent-call', { queue: 'support', from: '+15035550178' });
    await page.getByRole('region', { name: 'Live conferences' }).getByRole('button', { name: 'Refresh' }).click();
    const row = page.getByRole('list', { name: 'Live conferences' }).getByRole('listitem').filter({ hasText: watched.conferenceName });
    await row.getByRole('button', { name: 'Whisper' }).click();
    await page.getByText('Supervising').waitFor();
    await page.getByText('Whispering').waitFor();
    await sleep(1500);
    await shoot(page, 'supervisor');
    await page.close();
  } finally {
    await harness.close();
  }
}

mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  await firstRunAndSettings(browser);
  await consoleScreens(browser);
} finally {
  await browser.close();
}
