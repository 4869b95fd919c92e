/**
 * An agent's call from start to finish, by mouse and keyboard: go available, see callers
 * arrive, take the next call, mute and hold by shortcut (checked against the simulator's own
 * participant state), play audio, speak, record with pause/resume, get the saved recording
 * from Call history, and leave by shortcut.
 */
import type { Page } from '@playwright/test';
import { test, expect, type HarnessHandle } from './fixtures';
import { expectEveryControlNamed, recordTexts, recordedTexts } from './helpers';

/** The simulator's view of one participant of the console's conference. */
async function simParticipant(harness: HarnessHandle, callControlId: string) {
  const snapshot = await harness.snapshot();
  for (const conference of snapshot.conferences) {
    if (conference.status === 'completed') continue;
    const participant = conference.participants.find((p) => p.call_control_id === callControlId);
    if (participant) return participant;
  }
  return undefined;
}

function queueRows(page: Page) {
  return page.getByRole('list', { name: 'Queue' }).getByRole('listitem');
}

test('an agent works a call from the queue to wrap-up', async ({ console: page, harness }) => {
  // Go available: the console dials the agent's endpoint and parks the answered leg.
  await page.getByRole('button', { name: 'Go available' }).click();
  await expect(page.getByText('Agent status: Available')).toBeVisible();
  const agentLeg = (await harness.state()).agent.leg?.callControlId;
  expect(agentLeg).toBeTruthy();

  // Two callers arrive (they wait until the console acts; no talk time runs out mid-test).
  const first = await harness.injectCaller({ queue: 'support', from: '+15550142001' });
  await expect(queueRows(page)).toHaveCount(1);
  const second = await harness.injectCaller({ queue: 'sales', from: '+15550142002' });
  await expect(queueRows(page)).toHaveCount(2);
  await expect(queueRows(page).nth(0)).toContainText('+15550142001');
  await expect(queueRows(page).nth(1)).toContainText('+15550142002');
  await expect(page.getByTestId('waiting-count')).toHaveText('2');

  // Take the next call: the one that waited longest.
  await page.getByRole('button', { name: 'Take next call' }).click();
  const conference = page.getByRole('region', { name: /^sb-support-/ });
  await expect(conference).toBeVisible();
  const participants = conference.getByRole('list', { name: 'Participants' });
  await expect(participants.getByRole('listitem')).toHaveCount(2);
  await expect(participants.getByRole('listitem').filter({ hasText: '(you)' })).toBeVisible();
  await expect(participants.getByRole('listitem').filter({ hasText: '+15550142001' })).toContainText('Caller');
  await expect(queueRows(page)).toHaveCount(1);
  await expect(queueRows(page).first()).toContainText('+15550142002');
  const snapshot = await harness.snapshot();
  expect(snapshot.calls.find((c) => c.call_control_id === first.callControlId)?.state).toBe('in_conference');
  expect(snapshot.calls.find((c) => c.call_control_id === second.callControlId)?.state).toBe('queued');
  await expectEveryControlNamed(page, 'in a call');

  // Mute by shortcut: the button's pressed state follows what Telnyx (the simulator) reports.
  const mute = conference.getByRole('button', { name: 'Mute', exact: true });
  await expect(mute).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('Control+Shift+M');
  await expect(mute).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => (await simParticipant(harness, agentLeg!))?.muted).toBe(true);
  await page.keyboard.press('Control+Shift+M');
  await expect(mute).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(async () => (await simParticipant(harness, agentLeg!))?.muted).toBe(false);

  // Hold the caller by shortcut, then resume.
  const hold = conference.getByRole('button', { name: 'Hold caller' });
  await page.keyboard.press('Control+Shift+H');
  await expect(hold).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => (await simParticipant(harness, first.callControlId))?.on_hold).toBe(true);
  await expect(participants.getByRole('listitem').filter({ hasText: '+15550142001' })).toContainText('On hold');
  await page.keyboard.press('Control+Shift+H');
  await expect(hold).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(async () => (await simParticipant(harness, first.callControlId))?.on_hold).toBe(false);
  await expect(mute).not.toHaveAttribute('aria-busy', 'true');
  await expect(hold).not.toHaveAttribute('aria-busy', 'true');

  // Play an announcement into the conference, then speak text to everyone. Each media state
  // lasts about two seconds: the page records what it showed, and the test checks that record
  // once Telnyx reported the end (the state is gone), not the screen at a lucky moment.
  const mediaState = conference.locator('.media-state');
  await recordTexts(page, '.media-state');
  await conference.getByLabel('Audio URL').fill('https://example.com/announcement.mp3');
  await conference.getByRole('button', { name: 'Play audio' }).click();
  await expect.poll(() => recordedTexts(page)).toContain('Playing audio: https://example.com/announcement.mp3');
  await expect(mediaState).toHaveCount(0, { timeout: 15_000 });

  await conference.getByLabel('Text to speak').fill('Thank you for holding, an agent will help you with your order now.');
  await conference.getByLabel('Speak to').selectOption({ label: 'Everyone' });
  await conference.getByRole('button', { name: 'Speak', exact: true }).click();
  await expect.poll(() => recordedTexts(page)).toContain('Speaking…');
  await expect(mediaState).toHaveCount(0, { timeout: 15_000 });
  expect(await recordedTexts(page)).toEqual(['Playing audio: https://example.com/announcement.mp3', 'Speaking…']);

  // Record; pause and resume with Ctrl+Shift+R; stop with the Record button.
  const record = conference.getByRole('button', { name: 'Record', exact: true });
  const banner = conference.getByRole('status').filter({ hasText: /Recording|recording/ });
  await record.click();
  await expect(record).toHaveAttribute('aria-pressed', 'true');
  await expect(banner).toHaveText('Recording');
  await page.keyboard.press('Control+Shift+R');
  await expect(banner).toHaveText('Recording paused');
  await expect(conference.getByRole('button', { name: 'Resume recording' })).toBeVisible();
  await expect.poll(async () => (await harness.snapshot()).recordings.map((r) => r.status)).toEqual(['paused']);
  await page.keyboard.press('Control+Shift+R');
  await expect(banner).toHaveText('Recording');
  await expect.poll(async () => (await harness.snapshot()).recordings.map((r) => r.status)).toEqual(['recording']);
  await record.click();
  await expect(record).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(async () => (await harness.snapshot()).recordings.map((r) => r.status)).toEqual(['saved']);

  // The saved recording is in Call history; opening it hands its URL to the system browser.
  const history = page.getByRole('list', { name: 'Call history' });
  const open = history.getByRole('button', { name: 'Open Recording 1 of +15550142001' });
  await expect(open).toBeVisible();
  await open.click();
  await expect.poll(() => harness.control<string[]>('/opened')).toHaveLength(1);
  const [opened] = await harness.control<string[]>('/opened');
  const saved = (await harness.snapshot()).recordings[0]!;
  expect([saved.recording_urls.mp3, saved.recording_urls.wav]).toContain(opened);
  const audio = await fetch(opened!);
  expect(audio.status).toBe(200);
  expect(Buffer.from(await audio.arrayBuffer()).subarray(0, 4).toString('latin1')).toBe('RIFF');

  // Leave by shortcut: the agent's leg leaves, the console goes to wrap-up.
  await page.keyboard.press('Control+Shift+E');
  await expect(page.getByRole('heading', { name: 'Conference', exact: true })).toBeVisible();
  await expect(page.getByText('Agent status: Wrap-up')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Finish wrap-up' })).toBeVisible();
  await expect.poll(async () => simParticipant(harness, agentLeg!)).toBeUndefined();
  await expect(history.getByRole('listitem').filter({ hasText: '+15550142001' })).not.toContainText('in progress');
});

test('a shortcut that cannot run says why', async ({ console: page }) => {
  // No call: pause-recording has nothing to act on, and the agent is told so.
  await page.keyboard.press('Control+Shift+R');
  await expect(page.getByRole('alert').filter({ hasText: 'You are not on a call' })).toBeVisible();
});
