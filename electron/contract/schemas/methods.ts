/**
 * The params schema of every method, validated in main before anything runs. Strict objects:
 * an unknown field is a VALIDATION error. Command code takes `ParsedParams<'conference.mute'>`,
 * so a param is declared once, here.
 */
import { z } from 'zod';
import type { MethodName } from '../names';
import { secretNames } from '../settings';
import { shortcutActions } from '../shortcuts';
import { updateChannels } from '../updates';
import { acceleratorSchema, phoneOrSipSchema, settingsPatchSchema } from './settings';
import { historyMethodParams } from './history';
import { outboundMethodParams } from './outbound';
import { softphoneMethodParams } from './softphone';
import { agentStateMethodParams, finishWrapUpParams, setStatusParams } from './agent-states';
import { transferMethodParams } from './transfer';
import { teamMethodParams } from './team';
import { softphoneAudioMethodParams } from './softphone-audio';

const id = z.string().trim().min(1).max(128);
const callControlIds = z.array(id).max(250);
const conferenceTarget = { conferenceId: id };
const empty = z.strictObject({});
const supervisorRole = z.enum(['monitor', 'whisper', 'barge']);
const httpUrl = z.url({ protocol: /^https?$/ });

export const methodParams = {
  'app.getInfo': empty,
  'app.openExternal': z.strictObject({ url: httpUrl }),
  'settings.get': empty,
  'settings.set': settingsPatchSchema.strict(),
  'secrets.status': empty,
  'secrets.set': z.strictObject({ name: z.enum(secretNames), value: z.string().trim().min(8).max(512) }),
  'secrets.clear': z.strictObject({ name: z.enum(secretNames) }),
  'secrets.acceptWeakStorage': z.strictObject({ accept: z.boolean() }),
  'telnyx.testConnection': empty,
  'demo.start': empty,
  'demo.stop': empty,
  'agent.getState': empty,
  'agent.setStatus': setStatusParams,
  'agent.finishWrapUp': finishWrapUpParams,
  'queue.takeNext': z.strictObject({ queue: id.optional() }),
  'queue.takeCall': z.strictObject({ callControlId: id }),
  'queue.enqueue': z.strictObject({ callControlId: id, queue: id }),
  'queue.remove': z.strictObject({ callControlId: id }),
  'conference.list': empty,
  'conference.get': z.strictObject({ conferenceId: id }),
  /** No ids = everyone (Telnyx's rule for mute/unmute/hold). */
  'conference.mute': z.strictObject({ ...conferenceTarget, callControlIds: callControlIds.optional() }),
  'conference.unmute': z.strictObject({ ...conferenceTarget, callControlIds: callControlIds.optional() }),
  'conference.hold': z.strictObject({ ...conferenceTarget, callControlIds: callControlIds.optional(), audioUrl: httpUrl.optional() }),
  /** Telnyx requires explicit ids to unhold. */
  'conference.unhold': z.strictObject({ ...conferenceTarget, callControlIds: callControlIds.min(1) }),
  'conference.play': z.strictObject({
    ...conferenceTarget,
    audioUrl: httpUrl,
    callControlIds: callControlIds.optional(),
    loop: z.union([z.number().int().min(1).max(100), z.literal('infinity')]).optional(),
  }),
  'conference.stopAudio': z.strictObject({ ...conferenceTarget, callControlIds: callControlIds.optional() }),
  'conference.speak': z.strictObject({
    ...conferenceTarget,
    text: z.string().trim().min(1).max(3000),
    voice: z.string().trim().min(1).max(64).optional(),
    language: z.string().trim().min(2).max(16).optional(),
    callControlIds: callControlIds.optional(),
  }),
  'conference.recordStart': z.strictObject({
    ...conferenceTarget,
    format: z.enum(['wav', 'mp3']).default('mp3'),
    channels: z.enum(['single', 'dual']).optional(),
  }),
  'conference.recordPause': z.strictObject(conferenceTarget),
  'conference.recordResume': z.strictObject(conferenceTarget),
  'conference.recordStop': z.strictObject(conferenceTarget),
  'conference.addParticipant': z.strictObject({ ...conferenceTarget, to: phoneOrSipSchema }),
  'conference.leave': z.strictObject(conferenceTarget),
  'conference.end': z.strictObject(conferenceTarget),
  'supervisor.join': z.strictObject({ ...conferenceTarget, role: supervisorRole }),
  'supervisor.setRole': z.strictObject({ ...conferenceTarget, role: supervisorRole }),
  'shortcuts.status': empty,
  'shortcuts.set': z.strictObject({ action: z.enum(shortcutActions), accelerator: acceleratorSchema }),
  'shortcuts.reset': empty,
  'shortcuts.trigger': z.strictObject({ action: z.enum(shortcutActions) }),
  'failures.dismiss': z.strictObject({ id }),
  'updates.getStatus': empty,
  'updates.check': empty,
  'updates.setChannel': z.strictObject({ channel: z.enum(updateChannels) }),
  'updates.installNow': empty,
  ...softphoneMethodParams,
  ...softphoneAudioMethodParams,
  ...historyMethodParams,
  ...agentStateMethodParams,
  ...transferMethodParams,
  ...outboundMethodParams,
  ...teamMethodParams,
} satisfies { [M in MethodName]: z.ZodType };

/** What the renderer passes (defaults still optional). */
export type MethodParams<M extends MethodName> = z.input<(typeof methodParams)[M]>;
/** What a handler receives after validation (defaults filled in). */
export type ParsedParams<M extends MethodName> = z.output<(typeof methodParams)[M]>;
