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
