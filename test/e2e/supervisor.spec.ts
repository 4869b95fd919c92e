/**
 * A supervisor joins another agent's live call: the panel lists it, "Whisper" joins so only
 * the agent hears, "Barge" switches the role live (`actions.update`); the simulator confirms
 * each role. "Listen" then goes back to monitor.
 */
import { test, expect, type HarnessHandle } from './fixtures';
import { expectNothingBusy } from './helpers';

interface OtherAgentsCall {
  conferenceId: string;
  conferenceName: string;
  callerCallControlId: string;
  agentCallControlId: string;
}

/** The simulator's truth about our supervisor leg in that conference. */
async function supervisorInSim(harness: HarnessHandle, call: OtherAgentsCall) {
  const snapshot = await harness.snapshot();
  const conference = snapshot.conferences.find((c) => c.id === call.conferenceId);
  const others = new Set([call.callerCallControlId, call.agentCallControlId]);
  const supervisor = conference?.participants.find((p) => !others.has(p.call_control_id));
  return supervisor ? { role: supervisor.supervisor_role, whisperTo: supervisor.whisper_call_control_ids } : undefined;
}

test('a supervisor whispers to an agent, then barges in', async ({ console: page, harness }) => {
  const call = await harness.control<OtherAgentsCall>('/sim/other-agent-call', { queue: 'support', from: '+15550143001' });

  const list = page.getByRole('list', { name: 'Live conferences' });
  // conference.created carries no name (Telnyx's payload has none): the row appears at once,
  // and the name comes with the next REST listing, which "Refresh" asks for.
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await page.getByRole('region', { name: 'Live conferences' }).getByRole('button', { name: 'Refresh' }).click();
  const row = list.getByRole('listitem').filter({ hasText: call.conferenceName });
  await expect(row).toBeVisible();
  await expect(row).toContainText('2 participants');
  const actions = row.getByRole('group', { name: `Supervise ${call.conferenceName}` });

  // Whisper: our own leg is dialled, answers, and joins heard by the agent only.
  await actions.getByRole('button', { name: 'Whisper' }).click();
  const panel = page.getByRole('region', { name: new RegExp(call.conferenceName) });
  await expect(panel.getByText('Supervising')).toBeVisible();
  await expect(actions.getByRole('button', { name: 'Whisper' })).toHaveAttribute('aria-pressed', 'true');
  await expect(actions.getByRole('button', { name: 'Barge' })).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => supervisorInSim(harness, call)).toEqual({ role: 'whisper', whisperTo: [call.agentCallControlId] });
  const participants = panel.getByRole('list', { name: 'Participants' });
  await expect(participants.getByRole('listitem')).toHaveCount(3);
  await expect(participants.getByRole('listitem').filter({ hasText: '(you)' })).toContainText('Whispering');

  // Barge: the same leg, switched live.
  await actions.getByRole('button', { name: 'Barge' }).click();
  await expect(actions.getByRole('button', { name: 'Barge' })).toHaveAttribute('aria-pressed', 'true');
  await expect(actions.getByRole('button', { name: 'Whisper' })).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => supervisorInSim(harness, call)).toEqual({ role: 'barge', whisperTo: [] });
  await expect(participants.getByRole('listitem').filter({ hasText: '(you)' })).toContainText('Barged in');
  await expect(participants.getByRole('listitem')).toHaveCount(3);

  // Listen: back to monitor, still the same three legs.
  await actions.getByRole('button', { name: 'Listen' }).click();
  await expect(actions.getByRole('button', { name: 'Listen' })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => supervisorInSim(harness, call)).toEqual({ role: 'monitor', whisperTo: [] });
  const snapshot = await harness.snapshot();
  expect(snapshot.conferences.find((c) => c.id === call.conferenceId)?.participants).toHaveLength(3);
  await expectNothingBusy(page);

  // Leaving hands the call back to the agent: the conference goes on without us.
  await panel.getByRole('button', { name: 'Leave' }).click();
  await expect(page.getByRole('heading', { name: 'Conference', exact: true })).toBeVisible();
  await expect.poll(() => supervisorInSim(harness, call)).toBeUndefined();
  await expect(row).toContainText('2 participants');
});

test('the live conference list follows participants coming and going', async ({ console: page, harness }) => {
  const list = page.getByRole('list', { name: 'Live conferences' });
  const first = await harness.control<OtherAgentsCall>('/sim/other-agent-call', { queue: 'support', from: '+15550143002' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  // This caller hangs up 2 s (simulated) into the call; the agent stays on alone.
  const second = await harness.control<OtherAgentsCall>('/sim/other-agent-call', { queue: 'sales', from: '+15550143003', talkSecs: 2 });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await page.getByRole('region', { name: 'Live conferences' }).getByRole('button', { name: 'Refresh' }).click();
  await expect(list.getByRole('listitem').filter({ hasText: first.conferenceName })).toContainText('2 participants');
  await expect(list.getByRole('listitem').filter({ hasText: second.conferenceName })).toContainText('1 participant ·');
  // The other agent leaves too: Telnyx ends the empty conference and the row goes.
  await harness.control('/sim/hangup', { callControlId: second.agentCallControlId });
  await expect(list.getByRole('listitem').filter({ hasText: second.conferenceName })).toHaveCount(0);
  await expect(list.getByRole('listitem')).toHaveCount(1);
});
