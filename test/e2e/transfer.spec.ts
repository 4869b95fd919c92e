/**
 * Transfers on the harness, by mouse and keyboard, each outcome checked against the
 * simulator's own truth (who is in the conference, on hold, queued, which legs are alive).
 * The simulator runs at a tenth of real time; every wait is for a condition.
 */
import type { Page } from '@playwright/test';
import { test, expect, type HarnessHandle } from './fixtures';

const BUSY = '+15550003001';
const SLOW = '+15550003002'; // rings 1000 s × 0.1: cancelled long before it could answer
const ANSWERS = '+15550003003';

async function onACall(page: Page, harness: HarnessHandle, from: string) {
  await harness.control('/sim/dial-policy', {
    rules: [
      { match: BUSY, outcome: 'busy' },
      { match: SLOW, outcome: 'answer', afterSecs: 1000 },
    ],
  });
  await page.getByRole('button', { name: 'Go available' }).click();
  await expect(page.getByText('Agent status: Available')).toBeVisible();
  const { callControlId: caller } = await harness.injectCaller({ queue: 'support', from });
  await expect(page.getByRole('list', { name: 'Queue' }).getByRole('listitem')).toHaveCount(1);
  await page.getByRole('button', { name: 'Take next call' }).click();
  const call = page.getByRole('region', { name: /^sb-support-/ });
  await expect(call.getByRole('list', { name: 'Participants' }).getByRole('listitem')).toHaveCount(2);
  const state = await harness.state();
  return { caller, agentLeg: state.agent.leg!.callControlId, conferenceId: state.conference!.id, call, transfer: call.getByRole('group', { name: 'Transfer' }) };
}

async function simConference(harness: HarnessHandle, id: string) {
  return (await harness.snapshot()).conferences.find((c) => c.id === id);
}
async function simLeg(harness: HarnessHandle, id: string) {
  return (await harness.snapshot()).calls.find((c) => c.call_control_id === id);
}

test('blind transfer to a busy target brings the agent back to the caller with the reason', async ({ console: page, harness }) => {
  const { caller, agentLeg, conferenceId, transfer } = await onACall(page, harness, '+15550104001');
  await transfer.getByLabel('Destination number or SIP address').fill(BUSY);
  await transfer.getByRole('button', { name: 'Blind transfer' }).click();
  const status = transfer.getByTestId('transfer-status');
  await expect(status).toHaveAttribute('data-phase', 'failed');
  await expect(status).toContainText('failed: busy (user_busy)');
  await expect(status).toContainText('back with the caller');
  // Simulator truth: the caller never left, is off hold, and the agent is still with it.
  await expect.poll(async () => (await simConference(harness, conferenceId))?.participants.map((p) => [p.call_control_id, p.on_hold]).sort())
    .toEqual([[agentLeg, false], [caller, false]].sort());
  expect((await simLeg(harness, caller))?.state).toBe('in_conference');

  // The destination is remembered (Settings), searchable, and can be starred; it survives a reload.
  const saved = transfer.getByRole('list', { name: 'Saved destinations' });
  await expect(saved.getByRole('button', { name: BUSY })).toBeVisible();
  await transfer.getByLabel('Search destinations').fill('3001');
  await expect(saved.getByRole('listitem')).toHaveCount(1);
  await transfer.getByLabel('Search destinations').fill('nothing like it');
  await expect(saved).toHaveCount(0);
  await transfer.getByRole('button', { name: 'Add to favourites' }).click();
  await expect(transfer.getByRole('button', { name: 'Remove from favourites' })).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  const again = page.getByRole('region', { name: /^sb-support-/ }).getByRole('group', { name: 'Transfer' });
  await expect(again.getByRole('list', { name: 'Saved destinations' }).getByRole('button', { name: `★ ${BUSY}` })).toBeVisible();
});

test('blind transfer to a number that answers: the agent leaves, caller and target stay together', async ({ console: page, harness }) => {
  const { caller, agentLeg, conferenceId, transfer } = await onACall(page, harness, '+15550104002');
  await transfer.getByLabel('Destination number or SIP address').fill(ANSWERS);
  await transfer.getByRole('button', { name: 'Blind transfer' }).click();
  await expect(page.getByText('Agent status: Wrap-up')).toBeVisible();
  const target = (await harness.snapshot()).calls.find((c) => c.to === ANSWERS)!;
  await expect.poll(async () => (await simConference(harness, conferenceId))?.participants.map((p) => [p.call_control_id, p.on_hold]).sort())
    .toEqual([[caller, false], [target.call_control_id, false]].sort());
  expect((await simLeg(harness, agentLeg))?.state).toBe('parked');
});

test('blind transfer to a queue: the caller waits in the target queue', async ({ console: page, harness }) => {
  const { caller, transfer } = await onACall(page, harness, '+15550104003');
  await transfer.getByLabel('Transfer to').selectOption('queue');
  await transfer.getByLabel('Destination queue').fill('sales');
  await expect(transfer.getByRole('button', { name: 'Consult' })).toHaveCount(0);
  await transfer.getByRole('button', { name: 'Blind transfer' }).click();
  await expect(page.getByText('Agent status: Wrap-up')).toBeVisible();
  const leg = await simLeg(harness, caller);
  expect(leg).toMatchObject({ state: 'queued', queue: 'sales' });
  expect(JSON.parse(Buffer.from(leg!.client_state!, 'base64').toString('utf8'))).toMatchObject({ transferredBy: expect.any(String) });
  await expect(page.getByRole('list', { name: 'Queue' }).getByRole('listitem').filter({ hasText: '+15550104003' })).toContainText('sales');
});

test('consult cancelled while the target rings: target leg gone, caller off hold', async ({ console: page, harness }) => {
  const { caller, conferenceId, transfer } = await onACall(page, harness, '+15550104004');
  await transfer.getByLabel('Destination number or SIP address').fill(SLOW);
  await transfer.getByRole('button', { name: 'Consult' }).click();
  const status = transfer.getByTestId('transfer-status');
  await expect(status).toHaveAttribute('data-phase', 'ringing');
  const target = (await harness.snapshot()).calls.find((c) => c.to === SLOW)!;
  expect(target.state).toBe('ringing');
  expect((await simConference(harness, conferenceId))?.participants.find((p) => p.call_control_id === caller)?.on_hold).toBe(true);
  await transfer.getByRole('button', { name: 'Cancel transfer' }).click();
  await expect(status).toHaveAttribute('data-phase', 'cancelled');
  expect((await simLeg(harness, target.call_control_id))?.is_alive).toBe(false);
  await expect.poll(async () => (await simConference(harness, conferenceId))?.participants.find((p) => p.call_control_id === caller)?.on_hold).toBe(false);
  await expect(page.getByText('Agent status: Wrap-up')).toHaveCount(0);
});

test('consult then complete: caller and target together, the agent gone', async ({ console: page, harness }) => {
  const { caller, agentLeg, conferenceId, transfer } = await onACall(page, harness, '+15550104005');
  await transfer.getByLabel('Destination number or SIP address').fill(ANSWERS);
  await transfer.getByRole('button', { name: 'Consult' }).click();
  const status = transfer.getByTestId('transfer-status');
  await expect(status).toHaveAttribute('data-phase', 'consulting');
  const target = (await harness.snapshot()).calls.find((c) => c.to === ANSWERS)!;
  // Agent and target talk; the caller hears hold music.
  expect((await simConference(harness, conferenceId))?.participants.map((p) => [p.call_control_id, p.on_hold]).sort())
    .toEqual([[agentLeg, false], [caller, true], [target.call_control_id, false]].sort());
  await transfer.getByRole('button', { name: 'Complete transfer' }).click();
  await expect(page.getByText('Agent status: Wrap-up')).toBeVisible();
  await expect.poll(async () => (await simConference(harness, conferenceId))?.participants.map((p) => [p.call_control_id, p.on_hold]).sort())
    .toEqual([[caller, false], [target.call_control_id, false]].sort());
});

test('consult then three-way: everyone talks, the agent stays', async ({ console: page, harness }) => {
  const { caller, agentLeg, conferenceId, transfer } = await onACall(page, harness, '+15550104006');
  await transfer.getByLabel('Destination number or SIP address').fill(ANSWERS);
  await transfer.getByRole('button', { name: 'Consult' }).click();
  const status = transfer.getByTestId('transfer-status');
  await expect(status).toHaveAttribute('data-phase', 'consulting');
  await transfer.getByRole('button', { name: 'Three-way' }).click();
  await expect(status).toHaveAttribute('data-phase', 'three-way');
  const target = (await harness.snapshot()).calls.find((c) => c.to === ANSWERS)!;
  expect((await simConference(harness, conferenceId))?.participants.map((p) => [p.call_control_id, p.on_hold, p.muted]).sort())
    .toEqual([[agentLeg, false, false], [caller, false, false], [target.call_control_id, false, false]].sort());
  // From three-way, cancelling drops only the target.
  await transfer.getByRole('button', { name: 'Cancel transfer' }).click();
  await expect(status).toHaveAttribute('data-phase', 'cancelled');
  await expect.poll(async () => (await simConference(harness, conferenceId))?.participants.map((p) => p.call_control_id).sort()).toEqual([agentLeg, caller].sort());
});
