/**
 * The console tells the truth when things go wrong: after a relay outage during a call (while
 * the agent mutes and a new caller arrives) the UI matches the simulator again, and a command
 * Telnyx refuses shows Telnyx's own error title next to its control with nothing left busy.
 */
import type { Page } from '@playwright/test';
import { test, expect, type HarnessHandle } from './fixtures';
import { expectNothingBusy } from './helpers';

function queueRows(page: Page) {
  return page.getByRole('list', { name: 'Queue' }).getByRole('listitem');
}

/** Available, with one caller (who stays until the console acts) taken into a conference. */
async function startCall(page: Page, harness: HarnessHandle, from: string) {
  await page.getByRole('button', { name: 'Go available' }).click();
  await expect(page.getByText('Agent status: Available')).toBeVisible();
  const caller = await harness.injectCaller({ queue: 'support', from });
  await queueRows(page).filter({ hasText: from }).getByRole('button', { name: 'Take call' }).click();
  const conference = page.getByRole('region', { name: /^sb-support-/ });
  await expect(conference.getByRole('list', { name: 'Participants' }).getByRole('listitem')).toHaveCount(2);
  const state = await harness.state();
  return { conference, caller, conferenceId: state.conference!.id, agentLeg: state.agent.leg!.callControlId };
}

test('after a relay outage mid-call the console matches the simulator again', async ({ console: page, harness }) => {
  const { conference, conferenceId, agentLeg } = await startCall(page, harness, '+15550144001');
  await harness.injectCaller({ queue: 'sales', from: '+15550144002' });
  await expect(queueRows(page)).toHaveCount(1);

  const relay = page.getByRole('term').filter({ hasText: 'Relay' }).locator('xpath=following-sibling::dd[1]');
  await expect(relay).toHaveText('live');
  await harness.control('/relay/outage', {});
  await expect(relay).not.toHaveText('live');

  // During the outage: the agent mutes by shortcut (REST still works) and a caller arrives
  // (its webhooks wait in the simulator's retry queue). The test ends the outage only once both
  // have happened and their webhooks are known to be backed up, however slow the machine.
  await page.keyboard.press('Control+Shift+M');
  const simMuted = async () =>
    (await harness.snapshot()).conferences.find((c) => c.id === conferenceId)?.participants.find((p) => p.call_control_id === agentLeg)?.muted;
  await expect.poll(simMuted).toBe(true);
  await harness.injectCaller({ queue: 'support', from: '+15550144003' });
  await expect.poll(() => harness.control<number>('/sim/webhook-backlog')).toBeGreaterThan(0);
  await expect(relay).not.toHaveText('live');
  await harness.control('/relay/restore', {});
  await expect(relay).toHaveText('live', { timeout: 15_000 });

  const mute = conference.getByRole('button', { name: 'Mute', exact: true });
  await expect(async () => {
    const snapshot = await harness.snapshot();
    // Queue: the same callers, in the simulator's order within each queue.
    const fromOf = new Map(snapshot.calls.map((c) => [c.call_control_id, c.from]));
    const expectedQueue = snapshot.queues.flatMap((q) => q.call_control_ids.map((id) => fromOf.get(id)));
    const shown = await page.getByRole('list', { name: 'Queue' }).locator('.caller').allTextContents();
    expect(shown.sort()).toEqual([...expectedQueue].sort());
    expect(shown).toHaveLength(2);
    // Mute: the button shows what Telnyx has.
    const mine = snapshot.conferences.find((c) => c.id === conferenceId)?.participants.find((p) => p.call_control_id === agentLeg);
    expect(mine?.muted).toBe(true);
    await expect(mute).toHaveAttribute('aria-pressed', 'true', { timeout: 100 });
    // Participants: the same legs.
    const inSim = snapshot.conferences.find((c) => c.id === conferenceId)?.participants.length;
    await expect(conference.getByRole('list', { name: 'Participants' }).getByRole('listitem')).toHaveCount(inSim ?? -1, { timeout: 100 });
  }).toPass({ timeout: 15_000 });
  await expect(queueRows(page).filter({ hasText: '+15550144003' })).toBeVisible();
  await expectNothingBusy(page);

  // And it keeps working after the outage: unmute by shortcut, confirmed by the simulator.
  await page.keyboard.press('Control+Shift+M');
  await expect(mute).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(simMuted).toBe(false);
});

test('a command Telnyx refuses shows its title next to the control and leaves nothing busy', async ({ console: page, harness }) => {
  const { conference, conferenceId, agentLeg } = await startCall(page, harness, '+15550144101');
  const muteFault = { method: 'POST', path: `/conferences/${conferenceId}/actions/mute`, status: 422, code: '90018', title: 'Call has already ended' };
  const mute = conference.getByRole('button', { name: 'Mute', exact: true });
  const muteControl = conference
    .getByRole('group', { name: 'Call controls' })
    .locator('.command')
    .filter({ has: page.getByRole('button', { name: 'Mute', exact: true }) });

  // By mouse: the error sits beside the Mute button; the button shows the true (unmuted) state.
  await harness.control('/sim/fault', muteFault);
  await mute.click();
  await expect(muteControl.getByRole('alert')).toHaveText(/Call has already ended/); // exactly one
  await expect(mute).toHaveAttribute('aria-pressed', 'false');
  await expectNothingBusy(page);
  const snapshot = await harness.snapshot();
  expect(snapshot.conferences.find((c) => c.id === conferenceId)?.participants.find((p) => p.call_control_id === agentLeg)?.muted).toBe(false);
  await muteControl.getByRole('button', { name: 'Dismiss error' }).click();
  await expect(muteControl.getByRole('alert')).toHaveCount(0);

  // By shortcut: the same title, kept in the store next to the same control until dismissed.
  await harness.control('/sim/fault', muteFault);
  await page.keyboard.press('Control+Shift+M');
  await expect(muteControl.getByRole('alert')).toContainText('Call has already ended');
  await expect(mute).toHaveAttribute('aria-pressed', 'false');
  await expectNothingBusy(page);
  await muteControl.getByRole('button', { name: 'Dismiss error' }).click();
  await expect(muteControl.getByRole('alert')).toHaveCount(0);
  // One road for errors: the store's failure was the only place it showed (no second notice).
  await expect(page.getByRole('alert')).toHaveCount(0);

  // The fault is spent: the next press mutes for real.
  await page.keyboard.press('Control+Shift+M');
  await expect(mute).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('alert')).toHaveCount(0);
});
