/**
 * After-call work on the harness: the wrap-up timer runs on core's clock, which the test moves
 * forward (`/clock/advance`) instead of waiting; a required disposition blocks finishing; Away
 * with a reason shows its time in state (the page's clock moved forward); the screen pop opens
 * in the "system browser" (the harness records it) on answer, with the call's values encoded.
 */
import type { Page } from '@playwright/test';
import { test, expect, type HarnessHandle } from './fixtures';

async function simCall(harness: HarnessHandle, callControlId: string) {
  return (await harness.snapshot()).calls.find((c) => c.call_control_id === callControlId);
}

/** Goes available, takes a caller from `queue`, and waits until the agent is connected to them. */
async function takeACall(page: Page, harness: HarnessHandle, from: string, queue = 'support') {
  await page.getByRole('button', { name: 'Go available' }).click();
  await expect(page.getByText('Agent status: Available')).toBeVisible();
  const caller = await harness.injectCaller({ queue, from });
  await expect(page.getByRole('list', { name: 'Queue' }).getByRole('listitem')).toHaveCount(1);
  await page.getByRole('button', { name: 'Take next call' }).click();
  const conference = page.getByRole('region', { name: new RegExp(`^sb-${queue}-`) });
  await expect(conference.getByRole('list', { name: 'Participants' }).getByRole('listitem')).toHaveCount(2);
  await expect(page.getByText('Agent status: On a call')).toBeVisible();
  return { caller, conference };
}

async function saveAfterCallSettings(page: Page, fill: (section: ReturnType<Page['getByRole']>) => Promise<void>) {
  await page.getByRole('button', { name: 'Settings' }).click();
  const section = page.getByRole('region', { name: 'Agent states, wrap-up and screen pop' });
  await fill(section);
  await section.getByRole('button', { name: 'Save wrap-up and screen pop' }).click();
  await expect(section.getByRole('status')).toHaveText('Saved');
  await page.getByRole('button', { name: 'Console' }).click();
}

test('the wrap-up timer expiring returns the agent to Available on the same leg, with the disposition and notes kept in core until then', async ({ console: page, harness }) => {
  // A whole call and wrap-up on the simulator: the longest flow here (the time limit is a hang
  // guard; nothing in it waits on time).
  test.slow();
  // Core's time moves only when this test says so.
  await harness.control('/clock/freeze', {});
  const { conference } = await takeACall(page, harness, '+15550144001');
  const agentLeg = (await harness.state()).agent.leg!.callControlId;
  await conference.getByRole('button', { name: 'Leave', exact: true }).click();
  await expect(page.getByText('Agent status: Wrap-up')).toBeVisible();

  const wrapUp = page.getByRole('region', { name: 'Wrap-up' });
  await expect(wrapUp).toContainText('Call with +15550144001 from support');
  await expect(wrapUp).toContainText(/Available in [01]:\d\d/);
  await wrapUp.getByLabel('Disposition').selectOption('Resolved');
  await wrapUp.getByLabel('Notes').fill('Reset the password; call back Friday');
  await expect.poll(async () => (await harness.state()).agent.wrapUp).toMatchObject({ disposition: 'Resolved', notes: 'Reset the password; call back Friday' });

  // Extend once: the button says so and is done.
  await wrapUp.getByRole('button', { name: 'Extend by 30 s' }).click();
  await expect(wrapUp.getByRole('button', { name: 'Extended' })).toBeDisabled();
  // 60 s + 30 s on core's clock, moved by the test: one second short of it, still wrapping up.
  const { endsAt, startedAt } = (await harness.state()).agent.wrapUp!;
  expect(Date.parse(endsAt!) - Date.parse(startedAt)).toBe(90_000);
  const { now } = await harness.control<{ now: string }>('/clock/advance', { ms: 89_000 });
  expect(Date.parse(endsAt!) - Date.parse(now)).toBe(1_000);
  await expect(page.getByText('Agent status: Wrap-up')).toBeVisible();
  expect((await harness.state()).agent.status).toBe('wrap-up');
  await harness.control('/clock/advance', { ms: 1_000 });
  await expect(page.getByText('Agent status: Available')).toBeVisible();
  await expect(wrapUp).toHaveCount(0);
  // The disposition landed on the call's history row (history's annotate port).
  await expect(page.getByRole('list', { name: 'Call history' }).getByRole('listitem').filter({ hasText: '+15550144001' })).toContainText('Resolved');
  // The same leg, parked in the simulator: the next call can come.
  expect((await harness.state()).agent.leg?.callControlId).toBe(agentLeg);
  expect((await simCall(harness, agentLeg))?.state).toBe('parked');
});

test('a required disposition blocks finishing until one is chosen, and says so', async ({ console: page, harness }) => {
  await saveAfterCallSettings(page, async (section) => {
    await section.getByLabel('A disposition is required to finish wrap-up').check();
  });
  const { conference } = await takeACall(page, harness, '+15550144003');
  await conference.getByRole('button', { name: 'Leave', exact: true }).click();
  const wrapUp = page.getByRole('region', { name: 'Wrap-up' });
  const disposition = wrapUp.getByLabel('Disposition (required)');
  await expect(disposition).toHaveAttribute('aria-invalid', 'true');
  await expect(disposition).toHaveAccessibleDescription('Choose a disposition to finish wrap-up');

  await page.getByRole('button', { name: 'Finish wrap-up' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'disposition: choose a disposition before finishing wrap-up' })).toBeVisible();
  await expect(page.getByText('Agent status: Wrap-up')).toBeVisible();

  await disposition.selectOption('Escalated');
  await expect(disposition).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Finish wrap-up' }).click();
  await expect(page.getByText('Agent status: Available')).toBeVisible();
});

test('Away with a reason shows the reason and the time in state, in the console and the tray text', async ({ console: page, harness }) => {
  await page.clock.install();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Console' })).toBeVisible();
  await page.getByLabel('Away reason').selectOption('Lunch');
  await page.getByRole('button', { name: 'Go away' }).click();
  await expect(page.getByText('Agent status: Away — Lunch')).toBeVisible();
  const timeInState = page.getByRole('timer', { name: 'Time in state' });
  await expect(timeInState).toHaveText(/^0:0\d$/);
  await page.clock.fastForward('02:05');
  await expect(timeInState).toHaveText(/^2:\d\d$/);
  expect(await harness.control<string>('/status-text')).toMatch(/^Switchboard — Away — Lunch · 0:\d\d$/);
  await harness.control('/clock/advance', { ms: 600_000 });
  expect(await harness.control<string>('/status-text')).toMatch(/^Switchboard — Away — Lunch · 10:\d\d$/);
  expect((await harness.state()).agent).toMatchObject({ status: 'away', reason: 'Lunch' });
});

test('the screen pop opens on answer with the call values URL-encoded; a bad template is refused naming the field', async ({ console: page, harness }) => {
  await page.getByRole('button', { name: 'Settings' }).click();
  const section = page.getByRole('region', { name: 'Agent states, wrap-up and screen pop' });
  const template = section.getByLabel('Screen pop URL for the support queue');
  await template.fill('https://crm.example.com/search?phone={phone}');
  await expect(template).toHaveAccessibleDescription(/^Screen pop URL for the support queue unknown placeholder \{phone\}/);
  await section.getByRole('button', { name: 'Save wrap-up and screen pop' }).click();
  await expect(section.getByRole('alert').filter({ hasText: 'screenPop.templates.0.url: unknown placeholder {phone}' })).toBeVisible();
  await template.fill('https://crm.example.com/search?phone={from}&queue={queue}&call={call_id}');
  await section.getByRole('button', { name: 'Save wrap-up and screen pop' }).click();
  await expect(section.getByRole('status')).toHaveText('Saved');
  await page.getByRole('button', { name: 'Console' }).click();

  const { caller, conference } = await takeACall(page, harness, '+15550144005');
  const expected = `https://crm.example.com/search?phone=%2B15550144005&queue=support&call=${encodeURIComponent(caller.callControlId)}`;
  await expect.poll(() => harness.control<string[]>('/opened')).toEqual([expected]);
  await conference.getByRole('button', { name: 'Open screen pop' }).click();
  await expect.poll(() => harness.control<string[]>('/opened')).toEqual([expected, expected]);
});
