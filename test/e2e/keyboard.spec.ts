/**
 * The agent's day with the keyboard only (Tab, Shift+Tab, Enter, Space, Escape and the app's
 * shortcuts; no mouse): go available, take the next call, mute, hold, leave, finish wrap-up;
 * open and close the "?" help (focus goes back where it was); change a preference in Settings
 * and save it. After every key the focused element is a real control (never the page) and
 * shows a focus ring, and Tab visits the controls in reading order.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

interface Focused {
  /** Accessible-ish name: aria-label, else its label, else its text. */
  name: string;
  tag: string;
  focusVisible: boolean;
  /** "outline: 3px solid …" or "box-shadow: …" when either draws a ring, else "". */
  ring: string;
}

async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body || el === document.documentElement) return { name: '(page)', tag: 'body', focusVisible: false, ring: '' };
    const labelled = el.getAttribute('aria-labelledby');
    const name =
      el.getAttribute('aria-label') ??
      (labelled ? document.getElementById(labelled)?.textContent : undefined) ??
      (el as HTMLInputElement).labels?.[0]?.textContent ??
      // Text hidden from assistive technology (aria-hidden, e.g. a busy control's countdown) is not part of the name.
      (() => {
        const copy = el.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => hidden.remove());
        return copy.textContent;
      })() ??
      '';
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 ? `outline: ${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}` : '';
    const shadow = style.boxShadow !== 'none' ? `box-shadow: ${style.boxShadow}` : '';
    return { name: name.replace(/\s+/g, ' ').trim(), tag: el.tagName.toLowerCase(), focusVisible: el.matches(':focus-visible'), ring: outline || shadow };
  });
}

/** The focus is on a control (not lost to the page) and visibly so. */
function expectVisibleFocus(now: Focused, after: string): void {
  expect(now.tag, `focus after ${after} is on the page itself`).not.toBe('body');
  expect(now.focusVisible, `${now.tag} "${now.name}" after ${after} matches :focus-visible`).toBe(true);
  expect(now.ring, `${now.tag} "${now.name}" after ${after} draws a focus ring`).not.toBe('');
}

/** Presses a key and checks where focus went is visible; returns it. */
async function press(page: Page, key: string): Promise<Focused> {
  await page.keyboard.press(key);
  const now = await focused(page);
  expectVisibleFocus(now, key);
  return now;
}

/**
 * Tabs (or Shift+Tabs) until the focused control's name matches, checking a visible ring at
 * every stop; returns the names visited on the way, the target last.
 */
async function tabTo(page: Page, target: string | RegExp, { back = false, max = 30 } = {}): Promise<string[]> {
  const visited: string[] = [];
  const matches = (name: string) => (typeof target === 'string' ? name === target : target.test(name));
  for (let i = 0; i < max; i++) {
    const now = await press(page, back ? 'Shift+Tab' : 'Tab');
    visited.push(now.name);
    if (matches(now.name)) return visited;
  }
  throw new Error(`${back ? 'Shift+Tab' : 'Tab'} did not reach "${String(target)}" in ${max} presses; visited: ${visited.join(' → ')}`);
}

/** `earlier` comes before `later` in `order` (both present). */
function expectBefore(order: string[], earlier: string, later: string): void {
  expect(order, `tab order has "${earlier}"`).toContain(earlier);
  expect(order, `tab order has "${later}"`).toContain(later);
  expect(order.indexOf(earlier), `"${earlier}" before "${later}" in ${order.join(' → ')}`).toBeLessThan(order.indexOf(later));
}

test('an agent works a call from available to wrap-up with the keyboard only', async ({ console: page, harness }) => {
  // The header first, in reading order: navigation, then the agent's status control.
  expect(await tabTo(page, 'Go available')).toEqual(['Console', 'Settings', 'Shortcuts ?', 'Go available']);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Agent status: Available')).toBeVisible();
  // The button the agent pressed gave way to "Go away": focus moves to it, not to the page.
  await expect.poll(async () => (await focused(page)).name).toBe('Go away');
  expectVisibleFocus(await focused(page), 'going available');

  // Two callers; the queue's controls follow the header's.
  await harness.injectCaller({ queue: 'support', from: '+15550146001' });
  await harness.injectCaller({ queue: 'sales', from: '+15550146002' });
  const queue = page.getByRole('list', { name: 'Queue' }).getByRole('listitem');
  await expect(queue).toHaveCount(2);
  const toTakeNext = await tabTo(page, 'Take next call');
  expect(toTakeNext).toEqual(['Away reason', 'Take next call']);
  const queueOrder = await tabTo(page, 'Refresh');
  expect(queueOrder).toEqual(['Take call', 'Remove from queue', 'Take call', 'Remove from queue', 'Refresh']);
  await tabTo(page, 'Take next call', { back: true });

  // Take the next call with Space.
  const now = await press(page, 'Space');
  const conference = page.getByRole('region', { name: /^sb-support-/ });
  await expect(conference.getByRole('list', { name: 'Participants' }).getByRole('listitem')).toHaveCount(2);
  await expect(queue).toHaveCount(1);
  expect(now.name).toBe('Take next call');

  // Into the call's toolbar: the remaining queue row, then the call controls in order.
  const toMute = await tabTo(page, 'Mute');
  expect(toMute).toEqual(['Take call', 'Remove from queue', 'Mute']);
  const mute = conference.getByRole('button', { name: 'Mute', exact: true });
  const hold = conference.getByRole('button', { name: 'Hold caller' });
  await press(page, 'Space');
  await expect(mute).toHaveAttribute('aria-pressed', 'true');
  expect((await press(page, 'Tab')).name).toBe('Hold caller');
  await press(page, 'Enter');
  await expect(hold).toHaveAttribute('aria-pressed', 'true');
  await expect(conference.getByRole('list', { name: 'Participants' }).getByRole('listitem').filter({ hasText: '+15550146001' })).toContainText('On hold');
  // The same two by shortcut, wherever focus is; focus stays put.
  await page.keyboard.press('Control+Shift+M');
  await expect(mute).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('Control+Shift+H');
  await expect(hold).toHaveAttribute('aria-pressed', 'false');
  expect((await focused(page)).name).toBe('Hold caller');

  // The rest of the call's controls, in reading order, then Leave.
  const toolbarOrder = await tabTo(page, 'Leave');
  expect(toolbarOrder).toEqual(['Record', 'Mute everyone', 'Unmute everyone', 'Leave']);
  const beyond = await tabTo(page, /^Hold \+15550146001$/);
  expectBefore(beyond, 'End conference', 'Audio URL');
  expectBefore(beyond, 'Audio URL', 'Stop audio');
  expectBefore(beyond, 'Stop audio', 'Text to speak');
  expectBefore(beyond, 'Text to speak', 'Speak to');
  expectBefore(beyond, 'Speak to', 'Number or SIP address');
  expectBefore(beyond, 'Number or SIP address', 'Mute +15550146001');
  await tabTo(page, 'Leave', { back: true });
  await page.keyboard.press('Enter');
  await expect(page.getByText('Agent status: Wrap-up')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Conference', exact: true })).toBeVisible();
  // The focused button is gone with the call: focus rests on the panel's heading, not the page.
  await expect.poll(async () => (await focused(page)).name).toBe('Conference');
  expectVisibleFocus(await focused(page), 'leaving the call');

  // Finish wrap-up: back up to the status bar.
  await tabTo(page, 'Finish wrap-up', { back: true });
  await page.keyboard.press('Enter');
  await expect(page.getByText('Agent status: Available')).toBeVisible();
  await expect.poll(async () => (await focused(page)).name).toBe('Go away');
  expectVisibleFocus(await focused(page), 'finishing wrap-up');
});

test('the help opens with ? and closes with Escape, giving focus back', async ({ console: page }) => {
  await tabTo(page, 'Go available');
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  // Focus starts inside the dialog, on a control that shows it, and stays inside.
  let now = await focused(page);
  expectVisibleFocus(now, 'opening the help');
  expect(now.name).toBe('Close');
  now = await press(page, 'Tab');
  expect(await dialog.evaluate((d) => d.contains(document.activeElement) || document.activeElement === document.body)).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  now = await focused(page);
  expect(now.name).toBe('Go available');
  expectVisibleFocus(now, 'closing the help');

  // The nav's "Shortcuts" button opens it too (Enter), and the Close button closes it (Space).
  await tabTo(page, 'Shortcuts ?', { back: true });
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  expect((await focused(page)).name).toBe('Close');
  await page.keyboard.press('Space');
  await expect(dialog).toHaveCount(0);
  now = await focused(page);
  expect(now.name).toBe('Shortcuts ?');
  expectVisibleFocus(now, 'closing the help with its button');
});

test('Settings: change the theme and save it with the keyboard only', async ({ console: page }) => {
  await tabTo(page, 'Settings');
  await press(page, 'Enter');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();

  // Tab walks the form in reading order: account, connection and preferences, shortcuts.
  const order = await tabTo(page, 'Theme');
  expectBefore(order, 'Telnyx API key', 'Relay token');
  expectBefore(order, 'Relay token', 'Test connection');
  expectBefore(order, 'Test connection', 'Relay URL');
  expectBefore(order, 'Relay URL', 'Telnyx public key');
  expectBefore(order, 'Watched queues', 'Soundboard');
  expectBefore(order, 'Text-to-speech voice', 'Theme');

  // A closed select changes with the arrow keys.
  await press(page, 'ArrowDown');
  await press(page, 'ArrowDown');
  await expect(page.getByLabel('Theme')).toHaveValue('dark');
  expect(await tabTo(page, 'Save settings')).toEqual(['Shortcuts work while other apps have focus', 'Save settings']);
  await press(page, 'Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const stored = await page.evaluate(() => window.switchboard.settings.get());
  expect(stored.ok && stored.value.theme).toBe('dark');
  expect((await focused(page)).name).toBe('Save settings');
  expectVisibleFocus(await focused(page), 'saving settings');

  // Back to the console from the navigation; the setting is still there after a reload.
  await tabTo(page, 'Console', { back: true, max: 60 });
  await press(page, 'Enter');
  await expect(page.getByRole('region', { name: 'Queue' })).toBeVisible();
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});
