/**
 * Outbound calls on the harness: dial a number with a caller id the agent picks (the simulator
 * sees that `from`, the dialled party answers when the test says so, and the call is the same
 * conference as an inbound one), a number that cannot be dialled says why next to the field, a
 * tel: link asks first and then dials, and a caller who gave up in the queue is called back
 * from the missed list.
 */
import type { Page } from '@playwright/test';
import { test, expect, type HarnessHandle } from './fixtures';

async function goAvailable(page: Page) {
  await page.getByRole('button', { name: 'Go available' }).click();
  await expect(page.getByText('Agent status: Available')).toBeVisible();
}

function dialPanel(page: Page) {
  return page.getByRole('region', { name: 'Dial' });
}

/** The simulator's view of the leg the console dialled to `to`. */
async function simLegTo(harness: HarnessHandle, to: string) {
  return (await harness.snapshot()).calls.find((c) => c.direction === 'outgoing' && c.to === to);
}

async function leaveCall(page: Page) {
  await page.getByRole('button', { name: 'Leave', exact: true }).click();
  await expect(page.getByRole('region', { name: /^sb-outbound-/ })).toHaveCount(0);
}

test.describe('at real speed (the dialled party rings for Telnyx’s 30 s, long enough for the test to answer)', () => {
  test.use({ timeScale: 1 });
  test('dials out with the caller id the agent chose: the simulator sees that from, and the answered call is a conference with the agent', async ({ console: page, harness }) => {
    await goAvailable(page);
    // The dialled party rings until the test answers for them.
    await harness.control('/sim/dial-policy', { rules: [{ match: '+1555700*', outcome: 'no_answer' }] });
    const dial = dialPanel(page);
    await dial.getByLabel('Number to call').fill('+1 555 700 1234');
    const callerId = dial.getByLabel('Caller ID', { exact: true });
    await expect(callerId.locator('option')).toHaveCount(3);
    await callerId.selectOption('+15550100002');
    await dial.getByRole('button', { name: 'Call', exact: true }).click();

    await expect(dial.getByRole('status')).toHaveText('Calling +15557001234 from +15550100002…');
    const ringing = await simLegTo(harness, '+15557001234');
    expect(ringing).toMatchObject({ from: '+15550100002', state: 'ringing' });
    await harness.control('/sim/remote-answer', { callControlId: ringing!.call_control_id });

    const conference = page.getByRole('region', { name: /^sb-outbound-/ });
    await expect(conference).toBeVisible();
    const participants = conference.getByRole('list', { name: 'Participants' });
    await expect(participants.getByRole('listitem')).toHaveCount(2);
    await expect(participants.getByRole('listitem').filter({ hasText: '+15557001234' })).toContainText('Caller');
    expect(await simLegTo(harness, '+15557001234')).toMatchObject({ from: '+15550100002', state: 'in_conference' });

    // The same controls as an inbound call: mute the agent, confirmed by the simulator.
    const mute = conference.getByRole('button', { name: 'Mute', exact: true });
    await mute.click();
    await expect(mute).toHaveAttribute('aria-pressed', 'true');
    const agentLeg = (await harness.state()).agent.leg!.callControlId;
    const snapshot = await harness.snapshot();
    expect(snapshot.conferences.flatMap((c) => c.participants).find((p) => p.call_control_id === agentLeg)?.muted).toBe(true);

    // The dialled party hangs up: the console leaves the call by itself.
    await harness.control('/sim/remote-hangup', { callControlId: ringing!.call_control_id });
    await expect(conference).toHaveCount(0);
  });
});

test('a number that cannot be dialled says why next to the field, and nothing is dialled', async ({ console: page, harness }) => {
  await goAvailable(page);
  const dial = dialPanel(page);
  const number = dial.getByLabel('Number to call');
  await number.fill('555 700 1234');
  // Checked as typed, with the same rule main applies: no default country yet, so +E.164 only.
  const problem = dial.getByText(/^Number must be \+E\.164 .*choose a default country in Settings$/);
  await expect(problem).toBeVisible();
  await expect(number).toHaveAttribute('aria-invalid', 'true');
  await dial.getByRole('button', { name: 'Call', exact: true }).click();
  // Main refuses it too, naming the field.
  await expect(dial.getByRole('alert')).toContainText(/^to: must be \+E\.164/);
  expect((await harness.snapshot()).calls.filter((c) => c.direction === 'outgoing' && c.to.startsWith('+1555700'))).toEqual([]);
});

test('a tel: link asks first, then dials the number it names', async ({ console: page, harness }) => {
  await goAvailable(page);
  const opened = await harness.control<{ ok: boolean; to: string }>('/dial-link', { link: 'tel:+1-555-700-2000' });
  expect(opened).toEqual({ ok: true, to: '+15557002000' });
  const dialog = page.getByRole('dialog', { name: 'Call this number?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('+15557002000');
  // Nothing is dialled before the agent says so.
  expect(await simLegTo(harness, '+15557002000')).toBeUndefined();
  await dialog.getByRole('button', { name: 'Call +15557002000' }).click();
  await expect(dialog).toHaveCount(0);
  const conference = page.getByRole('region', { name: /^sb-outbound-/ });
  await expect(conference.getByRole('list', { name: 'Participants' }).getByRole('listitem').filter({ hasText: '+15557002000' })).toBeVisible();
  expect(await simLegTo(harness, '+15557002000')).toMatchObject({ state: 'in_conference' });

  // A link that names no number is refused with a notice, and no dialog opens.
  const refused = await harness.control<{ ok: boolean }>('/dial-link', { link: 'callto://echo123' });
  expect(refused.ok).toBe(false);
  await expect(page.getByText(/Could not dial the link: the link does not name a phone number/)).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Call this number?' })).toHaveCount(0);
  await leaveCall(page);
});

test('a caller who gave up waiting is called back from the missed list, with their queue’s caller id', async ({ console: page, harness }) => {
  await goAvailable(page);
  // Waits one simulated second in support, then hangs up: call.dequeued reason hangup.
  await harness.injectCaller({ queue: 'support', from: '+15557003000', patienceSecs: 1 });
  const missed = page.getByRole('list', { name: 'Missed callers' });
  await expect(missed.getByRole('listitem')).toHaveCount(1);
  await expect(missed.getByRole('listitem')).toContainText('+15557003000');
  await expect(missed.getByRole('listitem')).toContainText('support');
  await missed.getByRole('button', { name: 'Call back +15557003000' }).click();

  const conference = page.getByRole('region', { name: /^sb-outbound-/ });
  await expect(conference.getByRole('list', { name: 'Participants' }).getByRole('listitem').filter({ hasText: '+15557003000' })).toBeVisible();
  // The number tagged "support" on the account is support's caller id.
  expect(await simLegTo(harness, '+15557003000')).toMatchObject({ from: '+15550100001', state: 'in_conference' });
  // Both stay in call history: the missed call, and the call back as an outbound call.
  await expect(page.getByRole('list', { name: 'Call history' }).getByRole('listitem').filter({ hasText: '+15557003000' }).filter({ hasText: 'Outbound' })).toHaveCount(1);
  await leaveCall(page);
});
