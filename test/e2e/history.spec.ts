/**
 * Call history that lasts: a call the agent handled is in History (read from core's SQLite
 * database), is still there after the harness is killed and started again on the same user-data
 * folder, is found by a search by number, and exports to CSV.
 */
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { expectEveryControlNamed } from './helpers';

test('a handled call is kept in History across a restart, searchable and exportable', async ({ console: page, harness }) => {
  test.slow(); // two harness starts (the restart is part of the test)
  await page.getByRole('button', { name: 'Go available' }).click();
  await expect(page.getByText('Agent status: Available')).toBeVisible();
  await harness.injectCaller({ queue: 'support', from: '+15550177001' });
  await page.getByRole('button', { name: 'Take next call' }).click();
  const history = page.getByRole('list', { name: 'Call history' });
  const row = history.getByRole('listitem').filter({ hasText: '+15550177001' });
  await expect(row).toContainText('in progress');
  await page.getByRole('button', { name: 'Leave', exact: true }).click();
  await expect(page.getByText('Agent status: Wrap-up')).toBeVisible();
  await expect(row).not.toContainText('in progress');
  await expect(row).toContainText('support');

  // The core is killed (no shutdown) and started again on the same folder.
  await harness.restart();
  await page.goto(harness.url);
  await expect(page.getByRole('button', { name: 'Console' })).toBeVisible();
  await expect(history.getByRole('listitem')).toHaveCount(1);
  await expect(row).toContainText('support');
  await expect(row).not.toContainText('in progress');
  await expectEveryControlNamed(page, 'history after restart');

  // Search by part of the number, typed the way a person would.
  const search = page.getByRole('search', { name: 'Search call history' });
  await search.getByLabel('Number').fill('0177 001');
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(history.getByRole('listitem')).toHaveCount(1);
  await search.getByLabel('Number').fill('+1 555 0199');
  await search.getByLabel('Number').press('Enter');
  await expect(page.getByText('No calls match.')).toBeVisible();
  await expect(history.getByRole('listitem')).toHaveCount(0);
  await search.getByLabel('Number').fill('');
  await search.getByLabel('Outcome').selectOption('missed');
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText('No calls match.')).toBeVisible();
  await search.getByLabel('Outcome').selectOption('');
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(row).toBeVisible();

  // Export: core writes the CSV where the host says (the harness: its user-data folder).
  await page.getByRole('button', { name: 'Export to CSV' }).click();
  const saved = page.getByRole('status').filter({ hasText: /^Saved 1 calls to / });
  await expect(saved).toBeVisible();
  const file = (await saved.textContent())!.replace(/^Saved 1 calls to /, '');
  expect(file.startsWith(harness.userDataDir)).toBe(true);
  const lines = readFileSync(file, 'utf8').trim().split('\r\n');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`'+15550177001`);
});
