/** Assertions several specs share. */
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Each button, field and list box on the page has a non-empty accessible name. */
export async function expectEveryControlNamed(page: Page, where: string): Promise<number> {
  const controls = page.locator('button, input, select, textarea, [role=button]');
  const count = await controls.count();
  expect(count, `${where}: controls on the page`).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const control = controls.nth(i);
    if (!(await control.isVisible())) continue;
    const describe = await control.evaluate((el) => el.outerHTML.slice(0, 160));
    await expect(control, `${where}: ${describe}`).toHaveAccessibleName(/\S/);
  }
  return count;
}

/** No control or row is left busy (pending) on the page. */
export async function expectNothingBusy(scope: Page | ReturnType<Page['locator']>): Promise<void> {
  await expect(scope.locator('[aria-busy="true"]')).toHaveCount(0);
}

/**
 * Starts recording, in the page, every distinct text that elements matching `selector` show
 * (MutationObserver): a state that lasts a second or two is seen however late the test looks.
 * Read the record with `recordedTexts`.
 */
export async function recordTexts(page: Page, selector: string): Promise<void> {
  await page.evaluate((sel) => {
    const seen: string[] = [];
    const note = () => {
      for (const el of document.querySelectorAll(sel)) {
        const text = el.textContent ?? '';
        if (seen.at(-1) !== text) seen.push(text);
      }
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
    note();
    (window as unknown as { recordedTexts: string[] }).recordedTexts = seen;
  }, selector);
}

export async function recordedTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(window as unknown as { recordedTexts: string[] }).recordedTexts]);
}
