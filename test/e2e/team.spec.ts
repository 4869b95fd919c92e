/**
 * Two consoles on one simulator and one relay (the harness's `--teammate`: a second core with its
 * own per-agent token, in its own browser context). Both take the same caller at the same instant:
 * exactly one conference holds the caller and the other console shows who took it. The first
 * console's token is a supervisor's: its team view shows the teammate live, and one click on the
 * teammate's row listens in on the teammate's call.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

test.use({ teammate: 'bob' });

const queueRows = (page: Page) => page.getByRole('list', { name: 'Queue' }).getByRole('listitem');

async function goAvailable(page: Page) {
  await page.getByRole('button', { name: 'Go available' }).click();
  await expect(page.getByText('Agent status: Available')).toBeVisible();
}

test('two consoles take the same caller at once: one conference holds it, the other console says who took it', async ({ console: supervisor, teammatePage: bob, harness }) => {
  await Promise.all([goAvailable(supervisor), goAvailable(bob)]);
  const { callControlId } = await harness.injectCaller({ queue: 'support', from: '+15550177001' });
  await expect(queueRows(supervisor)).toHaveCount(1);
  await expect(queueRows(bob)).toHaveCount(1);

  // Both agents press "Take call" at the same instant: each page arms its click for one shared
  // moment (both pages run on this machine's clock), so neither waits for the other's round trip.
  const at = Date.now() + 750;
  await Promise.all(
    [supervisor, bob].map((page) =>
      page.getByRole('button', { name: 'Take call' }).evaluate((button, when) => {
        setTimeout(() => (button as HTMLButtonElement).click(), when - Date.now());
      }, at),
    ),
  );

  const bothStates = () => Promise.all([harness.state(), harness.teammate!.state()]);
  await expect
    .poll(async () => {
      const states = await bothStates();
      return states.filter((s) => s.conference).length === 1 && states.every((s) => s.pending.length === 0);
    }, { timeout: 15_000 })
    .toBe(true);
  const [mine, bobs] = await bothStates();
  const supervisorWon = Boolean(mine.conference);
  const [winnerPage, loserPage, winnerId] = supervisorWon ? [supervisor, bob, 'demo-agent'] : [bob, supervisor, 'bob'];
  const conferenceId = (supervisorWon ? mine : bobs).conference!.id;

  // The simulator's truth: the caller is in exactly one conference, the winner's.
  const snapshot = await harness.snapshot();
  expect(snapshot.conferences.filter((c) => c.participants.some((p) => p.call_control_id === callControlId)).map((c) => c.id)).toEqual([conferenceId]);
  await expect(winnerPage.getByRole('region', { name: /^sb-support-/ })).toBeVisible();
  await expect(loserPage.getByRole('region', { name: /^sb-support-/ })).toHaveCount(0);
  // The console that lost says who has the caller.
  await expect(loserPage.getByText(`Taken by ${winnerId}`)).toBeVisible();

  // The supervisor's team view follows bob live.
  const bobRow = supervisor.getByRole('table', { name: 'Agents' }).getByRole('row').filter({ hasText: 'bob' });
  await expect(bobRow).toContainText(supervisorWon ? 'Available' : 'On call');
});

test("a supervisor listens in on a teammate's call from the team view", async ({ console: supervisor, teammatePage: bob, harness }) => {
  await goAvailable(bob);
  const { callControlId } = await harness.injectCaller({ queue: 'sales', from: '+15550177002' });
  await expect(queueRows(bob)).toHaveCount(1);
  await bob.getByRole('button', { name: 'Take call' }).click();
  await expect(bob.getByRole('region', { name: /^sb-sales-/ })).toBeVisible();

  const team = supervisor.getByRole('region', { name: 'Team' });
  const bobRow = team.getByRole('table', { name: 'Agents' }).getByRole('row').filter({ hasText: 'bob' });
  await expect(bobRow).toContainText('On call');
  await expect(team.getByRole('row').filter({ hasText: 'demo-agent' })).toContainText('Offline');
  // Queue KPIs arrive with the team: one call offered in sales, answered.
  await expect(team.getByRole('listitem').filter({ hasText: 'sales' })).toContainText('1 offered · 1 answered');

  await bobRow.getByRole('button', { name: 'Listen' }).click();
  await expect(bobRow.getByRole('button', { name: 'Listen' })).toHaveAttribute('aria-pressed', 'true');
  const { conference } = await harness.teammate!.state();
  await expect
    .poll(async () => {
      const snapshot = await harness.snapshot();
      const participants = snapshot.conferences.find((c) => c.id === conference!.id)?.participants ?? [];
      return participants.some((p) => p.supervisor_role === 'monitor') && participants.some((p) => p.call_control_id === callControlId);
    })
    .toBe(true);
});

test('transfer to a teammate picked from presence dials the endpoint its console published', async ({ console: supervisor, teammatePage: bob, harness }) => {
  await goAvailable(bob);
  await goAvailable(supervisor);
  const { callControlId: caller } = await harness.injectCaller({ queue: 'support', from: '+15550177003' });
  await expect(queueRows(supervisor)).toHaveCount(1);
  await supervisor.getByRole('button', { name: 'Take call' }).click();
  const call = supervisor.getByRole('region', { name: /^sb-support-/ });
  await expect(call.getByRole('list', { name: 'Participants' }).getByRole('listitem')).toHaveCount(2);
  const { conference, agent } = await harness.state();

  const transfer = call.getByRole('group', { name: 'Transfer' });
  await transfer.getByLabel('Transfer to').selectOption('agent');
  // The team from presence, each with its state; this console's own agent is not listed.
  const teammates = transfer.getByRole('list', { name: 'Teammates' });
  await expect(teammates.getByRole('button')).toHaveText(['bob · Available']);
  await teammates.getByRole('button', { name: 'bob · Available' }).click();
  await expect(transfer.getByLabel('Destination agent endpoint')).toHaveValue('sip:bob@demo.switchboard.invalid');
  await expect(teammates.getByRole('button', { name: 'bob · Available' })).toHaveAttribute('aria-pressed', 'true');
  await transfer.getByRole('button', { name: 'Blind transfer' }).click();
  await expect(supervisor.getByText('Agent status: Wrap-up')).toBeVisible();

  // The simulator's truth: the caller is with one leg dialled to bob's endpoint; this agent left.
  await expect
    .poll(async () => {
      const snapshot = await harness.snapshot();
      const toBob = new Set(snapshot.calls.filter((c) => c.to === 'sip:bob@demo.switchboard.invalid').map((c) => c.call_control_id));
      const participants = snapshot.conferences.find((c) => c.id === conference!.id)?.participants.map((p) => p.call_control_id) ?? [];
      return { caller: participants.includes(caller), bob: participants.filter((id) => toBob.has(id)).length, me: participants.includes(agent.leg!.callControlId) };
    })
    .toEqual({ caller: true, bob: 1, me: false });
});
