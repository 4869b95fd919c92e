/**
 * The keypad: digits from the on-screen keys and from the keyboard (while the call panel has
 * focus, never from a text field) reach the caller's leg at the simulator (send_dtmf), in order.
 */
import { test, expect } from './fixtures';

test('DTMF typed on the keypad and on the keyboard arrives at the caller\'s leg', async ({ console: page, harness }) => {
  await page.getByRole('button', { name: 'Go available' }).click();
  await expect(page.getByText('Agent status: Available')).toBeVisible();
  const { callControlId: caller } = await harness.injectCaller({ queue: 'support', from: '+15550105001' });
  await expect(page.getByRole('list', { name: 'Queue' }).getByRole('listitem')).toHaveCount(1);
  await page.getByRole('button', { name: 'Take next call' }).click();
  const call = page.getByRole('region', { name: /^sb-support-/ });
  await expect(call.getByRole('list', { name: 'Participants' }).getByRole('listitem')).toHaveCount(2);
  const heard = async () => (await harness.snapshot()).calls.find((c) => c.call_control_id === caller)?.dtmf_heard;
  const keypad = call.getByRole('group', { name: 'Keypad', exact: true });

  // On-screen keys.
  for (const key of ['1', '2', '#']) await keypad.getByRole('button', { name: `Key ${key}` }).click();
  await expect.poll(heard).toBe('12#');
  await expect(keypad.getByLabel('Digits sent')).toHaveText('12#');

  // The keyboard, focus on the call panel (its heading): digits, *, and A–D as capitals.
  await call.getByRole('heading', { level: 2 }).focus();
  await page.keyboard.press('4');
  await page.keyboard.press('5');
  await page.keyboard.press('*');
  await page.keyboard.press('Shift+A');
  await expect.poll(heard).toBe('12#45*A');

  // Typing in a text field of the panel sends nothing: the next key sent follows 'A' directly.
  await call.getByLabel('Text to speak').fill('');
  await call.getByLabel('Text to speak').press('9');
  await expect(call.getByLabel('Text to speak')).toHaveValue('9');
  await keypad.getByRole('button', { name: 'Key 0' }).click();
  await expect.poll(heard).toBe('12#45*A0');

  // The agent's own leg heard nothing.
  const agentLeg = (await harness.state()).agent.leg!.callControlId;
  expect((await harness.snapshot()).calls.find((c) => c.call_control_id === agentLeg)?.dtmf_heard).toBe('');

  // Digits outside DTMF are refused before anything runs, naming the field.
  const conferenceId = (await harness.state()).conference!.id;
  const refused = await page.evaluate((id) => window.switchboard.keypad.send({ conferenceId: id, digits: '12x' }), conferenceId);
  expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'digits' } });
  expect(await heard()).toBe('12#45*A0');
});
