/**
 * A transfer to a teammate is an offer (issue 13), through two consoles on one simulator and one
 * relay (`--teammate bob`): the supervisor's console, on a call, picks bob under Transfer → Teammate
 * (from presence), adds a note and transfers. Nothing is dialled: bob's console rings with the
 * transfer (who sends it, the note, blind or consult). Accept → bob's own leg joins the caller's
 * conference; Complete → the simulator holds the caller and bob, the sender is out. Decline → the
 * sender is back with the caller (off hold), the reason next to Transfer. A teammate who is away
 * is listed as such and cannot be picked.
 */
import type { Page } from '@playwright/test';
import { test, expect, type HarnessHandle } from './fixtures';

test.use({ teammate: 'bob' });

const queueRows = (page: Page) => page.getByRole('list', { name: 'Queue' }).getByRole('listitem');
const transferOffer = (page: Page) => page.getByRole('alertdialog', { name: 'Transfer from demo-agent' });

async function goAvailable(page: Page) {
  await page.getByRole('button', { name: 'Go available' }).click();
  await expect(page.getByText('Agent status: Available')).toBeVisible();
}

/** Bob available (seen so by the relay: the supervisor's picker lists him Available), the supervisor on a call. */
async function onACallWithBobAvailable(supervisor: Page, bob: Page, harness: HarnessHandle, from: string) {
  await goAvailable(bob);
  await goAvailable(supervisor);
  const { callControlId: caller } = await harness.injectCaller({ queue: 'support', from });
  await expect(queueRows(supervisor)).toHaveCount(1);
  await supervisor.getByRole('button', { name: 'Take call' }).click();
  const call = supervisor.getByRole('region', { name: /^sb-support-/ });
  await expect(call.getByRole('list', { name: 'Participants' }).getByRole('listitem')).toHaveCount(2);
  const { conference, agent } = await harness.state();
  const transfer = call.getByRole('group', { name: 'Transfer' });
  await transfer.getByLabel('Transfer to').selectOption('teammate');
  const bobButton = transfer.getByRole('list', { name: 'Teammates' }).getByRole('button', { name: /^bob · Available/ });
  await expect(bobButton).toBeEnabled();
  await bobButton.click();
  await expect(transfer.getByLabel('Teammate agent id')).toHaveValue('bob');
  return { caller, conferenceId: conference!.id, myLeg: agent.leg!.callControlId, transfer };
}

const participantsOf = async (harness: HarnessHandle, conferenceId: string) =>
  ((await harness.snapshot()).conferences.find((c) => c.id === conferenceId)?.participants ?? []).map((p) => [p.call_control_id, p.on_hold] as const).sort();

test('consult by offer: bob rings with the note, accepts and joins; Complete leaves the caller with bob', async ({ console: supervisor, teammatePage: bob, harness }) => {
  const { caller, conferenceId, myLeg, transfer } = await onACallWithBobAvailable(supervisor, bob, harness, '+15550179001');
  await transfer.getByLabel('Note for the teammate').fill('Billing question, verified');
  await transfer.getByRole('button', { name: 'Consult' }).click();
  const status = transfer.getByTestId('transfer-status');
  await expect(status).toHaveAttribute('data-phase', 'offering');
  await expect(status).toContainText('Offering the caller to Teammate bob');

  // Bob's console rings with the transfer: from whom, the caller, the note, consult first.
  const ringing = transferOffer(bob);
  await expect(ringing).toBeVisible();
  await expect(ringing).toContainText('+15550179001');
  await expect(ringing).toContainText('consult first');
  await expect(bob.getByTestId('offer-transfer-note')).toContainText('Billing question, verified');
  // Nothing was dialled: the conference holds the caller (on hold) and the supervisor only.
  expect(await participantsOf(harness, conferenceId)).toEqual([[caller, true], [myLeg, false]].sort());

  await ringing.getByRole('button', { name: 'Accept' }).click();
  await expect(ringing).toHaveCount(0);
  await expect(status).toHaveAttribute('data-phase', 'consulting');
  const bobLeg = (await harness.teammate!.state()).agent.leg!.callControlId;
  await expect(bob.getByText('Agent status: On a call')).toBeVisible();

  await transfer.getByRole('button', { name: 'Complete transfer' }).click();
  await expect(supervisor.getByText('Agent status: Wrap-up')).toBeVisible();
  // Simulator truth: the caller (off hold) and bob, the sender out.
  await expect.poll(() => participantsOf(harness, conferenceId)).toEqual([[bobLeg, false], [caller, false]].sort());
  expect((await harness.teammate!.state()).conference?.id).toBe(conferenceId);
});

test('blind by offer, declined: the sender is back with the caller and reads why', async ({ console: supervisor, teammatePage: bob, harness }) => {
  const { caller, conferenceId, myLeg, transfer } = await onACallWithBobAvailable(supervisor, bob, harness, '+15550179002');
  await transfer.getByRole('button', { name: 'Blind transfer' }).click();
  const ringing = transferOffer(bob);
  await expect(ringing).toBeVisible();
  await expect(ringing).toContainText('blind transfer');
  await ringing.getByRole('button', { name: 'Decline' }).click();

  const status = transfer.getByTestId('transfer-status');
  await expect(status).toHaveAttribute('data-phase', 'failed');
  await expect(status).toContainText('Transfer to Teammate bob failed: bob declined. You are back with the caller.');
  await expect.poll(() => participantsOf(harness, conferenceId)).toEqual([[caller, false], [myLeg, false]].sort());
  expect((await harness.teammate!.state()).conference).toBeUndefined();

  // Bob goes away: the picker says so and will not offer him the caller.
  await bob.getByRole('button', { name: 'Go away' }).click();
  await expect(transfer.getByRole('list', { name: 'Teammates' }).getByRole('button', { name: /^bob · Away/ })).toBeDisabled();
});
