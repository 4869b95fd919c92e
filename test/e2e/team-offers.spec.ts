/**
 * Offer mode through the consoles: the harness runs the demo relay with `support` in offer mode and
 * a teammate console (bob) on the same simulator and relay. A caller arrives; the real relay offers
 * it to the longest-idle Available agent; that page rings with Accept / Decline and a countdown.
 * Decline or a timeout moves the offer to the next agent; Accept puts that agent in the conference
 * with the caller (the simulator's truth); with no agent left to try, the caller waits.
 *
 * Offers ring for 120 s and the timeout is reached by advancing the harness's one clock (both cores
 * and the relay's team timers run on it), never by waiting: a slow machine cannot time one out.
 */
import type { Page } from '@playwright/test';
import { test, expect, type HarnessHandle } from './fixtures';

const OFFER_TIMEOUT_MS = 120_000;
test.use({ teammate: 'bob', offerQueues: ['support'], offerTimeoutMs: OFFER_TIMEOUT_MS });

const offer = (page: Page) => page.getByRole('alertdialog', { name: 'Call offered' });
const agentRow = (supervisor: Page, agentId: string) =>
  supervisor.getByRole('region', { name: 'Team' }).getByRole('table', { name: 'Agents' }).getByRole('row').filter({ hasText: agentId });

/**
 * The supervisor's console goes Available first, then bob, each seen Available by the relay (the
 * team view shows the relay's presence) before the next: the supervisor is the longest idle.
 */
async function bothAvailable(supervisor: Page, bob: Page): Promise<void> {
  for (const [page, id] of [[supervisor, 'demo-agent'], [bob, 'bob']] as const) {
    await page.getByRole('button', { name: 'Go available' }).click();
    await expect(page.getByText('Agent status: Available')).toBeVisible();
    await expect(agentRow(supervisor, id)).toContainText('Available');
  }
}

async function callerState(harness: HarnessHandle, callControlId: string): Promise<string | undefined> {
  return (await harness.snapshot()).calls.find((c) => c.call_control_id === callControlId)?.state;
}

test('an offered caller rings the longest-idle agent; Decline rings the teammate; Accept puts the teammate in the conference with the caller', async ({ console: supervisor, teammatePage: bob, harness }) => {
  await bothAvailable(supervisor, bob);
  const { callControlId } = await harness.injectCaller({ queue: 'support', from: '+15550178001' });

  // The supervisor's console rings: who, which queue, a countdown from the relay's 120 s.
  const ringing = offer(supervisor);
  await expect(ringing).toBeVisible();
  await expect(ringing).toContainText('+15550178001');
  await expect(ringing).toContainText('support');
  await expect(ringing).toHaveAttribute('data-ringing', 'true');
  const left = Number(await supervisor.getByTestId('offer-countdown').textContent());
  expect(left).toBeGreaterThan(OFFER_TIMEOUT_MS / 1000 - 30);
  expect(left).toBeLessThanOrEqual(OFFER_TIMEOUT_MS / 1000);
  expect(await harness.control<Array<{ title: string; body: string }>>('/notifications')).toContainEqual({ title: 'Call offered', body: '+15550178001 in support' });
  // One offer at a time: bob does not ring for the same caller.
  await expect(offer(bob)).toHaveCount(0);

  await ringing.getByRole('button', { name: 'Decline' }).click();
  await expect(ringing).toHaveCount(0);
  await expect(supervisor.getByTestId('last-offer')).toContainText('Last offer (+15550178001): declined');
  expect(await callerState(harness, callControlId)).toBe('queued');

  // The relay moves the offer on to bob, the next Available agent of the queue.
  const bobsOffer = offer(bob);
  await expect(bobsOffer).toBeVisible();
  await expect(bobsOffer).toContainText('+15550178001');
  await bobsOffer.getByRole('button', { name: 'Accept' }).click();
  await expect(bob.getByRole('region', { name: /^sb-support-/ })).toBeVisible();
  await expect(bobsOffer).toHaveCount(0);

  // The simulator's truth: exactly one conference holds the caller, and bob's agent leg is in it.
  const bobs = await harness.teammate!.state();
  const held = (await harness.snapshot()).conferences.filter((c) => c.participants.some((p) => p.call_control_id === callControlId));
  expect(held.map((c) => c.id)).toEqual([bobs.conference!.id]);
  expect(held[0]!.participants.map((p) => p.call_control_id)).toContain(bobs.agent.leg!.callControlId);
  expect((await harness.state()).conference).toBeUndefined();
  await expect(agentRow(supervisor, 'bob')).toContainText('On call');
});

test('an offer nobody answers times out on the test clock and goes to the next agent; with nobody left to try the caller waits', async ({ console: supervisor, teammatePage: bob, harness }) => {
  await bothAvailable(supervisor, bob);
  const { callControlId } = await harness.injectCaller({ queue: 'support', from: '+15550178002' });
  await expect(offer(supervisor)).toBeVisible();
  await expect(offer(bob)).toHaveCount(0);

  // The relay's offer timer and both consoles' expiry run on the harness clock: jump past the timeout.
  await harness.control('/clock/advance', { ms: OFFER_TIMEOUT_MS + 1_500 });
  await expect(offer(supervisor)).toHaveCount(0);
  await expect(supervisor.getByTestId('last-offer')).toContainText('Last offer (+15550178002): missed · 1 missed in a row');
  await expect(offer(bob)).toBeVisible();
  await expect(offer(bob)).toContainText('+15550178002');

  // Bob declines: both agents have been tried, so nobody rings and the caller keeps waiting.
  await offer(bob).getByRole('button', { name: 'Decline' }).click();
  await expect(bob.getByTestId('last-offer')).toContainText('declined');
  // The relay looks at every waiting caller again on each tick (1 s of its clock); then a caller in
  // a pull-mode queue arrives: once both consoles list it, a new offer would already have rung.
  await harness.control('/clock/advance', { ms: 2_000 });
  await harness.injectCaller({ queue: 'sales', from: '+15550178003' });
  for (const page of [supervisor, bob]) await expect(page.getByRole('list', { name: 'Queue' }).getByRole('listitem').filter({ hasText: '+15550178003' })).toHaveCount(1);
  await expect(offer(supervisor)).toHaveCount(0);
  await expect(offer(bob)).toHaveCount(0);
  expect(await callerState(harness, callControlId)).toBe('queued');
  await expect(supervisor.getByRole('list', { name: 'Queue' }).getByRole('listitem').filter({ hasText: '+15550178002' })).toHaveCount(1);
});
