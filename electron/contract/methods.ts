/**
 * Every method the renderer may call in main: its name, its params schema (validated in main
 * before anything runs) and its result type. Preload exposes exactly these; main binds exactly
 * these; the harness binds exactly these to a websocket. Adding a method = one line in each
 * table below, and TypeScript points at every place that must handle it.
 */
import { z } from 'zod';
import type { AgentState, ConferenceSummary, Conference, SupervisorRole } from './domain';
import {
  secretNames,
  settingsPatchSchema,
  shortcutActions,
  acceleratorSchema,
  type SecretsStatus,
  type Settings,
  type ShortcutStatus,
} from './settings';
import { updateMethodSchemas, type UpdateStatus } from './updates';

export interface AppInfo {
  version: string;
  platform: string;
  mode: AgentState['mode'];
  /** True when the simulator is bundled, so "Try the demo" can be offered. */
  demoAvailable: boolean;
}

export interface ConnectionTestResult {
  queues: number;
  conferences: number;
  latencyMs: number;
}

/** Result types, by method name. The keys of this interface ARE the method list. */
export interface MethodResults {
  'app.getInfo': AppInfo;
  'app.openExternal': null;
  'settings.get': Settings;
  'settings.set': Settings;
  'secrets.status': SecretsStatus;
  'secrets.set': SecretsStatus;
  'secrets.clear': SecretsStatus;
  'secrets.acceptWeakStorage': SecretsStatus;
  'telnyx.testConnection': ConnectionTestResult;
  'demo.start': AppInfo;
  'demo.stop': AppInfo;
  'agent.getState': AgentState;
  'agent.setStatus': AgentState['agent'];
  'agent.finishWrapUp': AgentState['agent'];
  'queue.takeNext': { conferenceId: string };
  'queue.takeCall': { conferenceId: string };
  'queue.enqueue': null;
  'queue.remove': null;
  'conference.list': ConferenceSummary[];
  'conference.get': Conference;
  'conference.mute': null;
  'conference.unmute': null;
  'conference.hold': null;
  'conference.unhold': null;
  'conference.play': null;
  'conference.stopAudio': null;
  'conference.speak': null;
  'conference.recordStart': null;
  'conference.recordPause': null;
  'conference.recordResume': null;
  'conference.recordStop': null;
  'conference.addParticipant': { callControlId: string };
  'conference.leave': null;
  'conference.end': null;
  'supervisor.join': { callControlId: string; role: SupervisorRole };
  'supervisor.setRole': null;
  'shortcuts.status': ShortcutStatus[];
  'shortcuts.set': ShortcutStatus[];
  'shortcuts.reset': ShortcutStatus[];
  'shortcuts.trigger': null;
  'failures.dismiss': null;
  'updates.getStatus': UpdateStatus;
  'updates.check': UpdateStatus;
  'updates.setChannel': UpdateStatus;
  'updates.installNow': UpdateStatus;
}

export type MethodName = keyof MethodResults;

const id = z.string().trim().min(1).max(128);
const callControlIds = z.array(id).max(250);
const conferenceTarget = { conferenceId: id };
const empty = z.strictObject({});
const supervisorRole = z.enum(['monitor', 'whisper', 'barge']);
const httpUrl = z.url({ protocol: /^https?$/ });

/** Params schemas, by method name. Strict objects: an unknown field is a VALIDATION error. */
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
  'agent.setStatus': z.strictObject({ status: z.enum(['available', 'away']) }),
  'agent.finishWrapUp': empty,
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
  'conference.addParticipant': z.strictObject({
    ...conferenceTarget,
    to: z.string().trim().regex(/^(\+[1-9]\d{6,14}|sips?:[^\s@]+@[^\s]+)$/, 'must be +E.164 or a SIP URI'),
  }),
  'conference.leave': z.strictObject(conferenceTarget),
  'conference.end': z.strictObject(conferenceTarget),
  'supervisor.join': z.strictObject({ ...conferenceTarget, role: supervisorRole }),
  'supervisor.setRole': z.strictObject({ ...conferenceTarget, role: supervisorRole }),
  'shortcuts.status': empty,
  'shortcuts.set': z.strictObject({ action: z.enum(shortcutActions), accelerator: acceleratorSchema }),
  'shortcuts.reset': empty,
  'shortcuts.trigger': z.strictObject({ action: z.enum(shortcutActions) }),
  'failures.dismiss': z.strictObject({ id }),
  ...updateMethodSchemas,
} satisfies { [M in MethodName]: z.ZodType };

export type MethodParams<M extends MethodName> = z.input<(typeof methodParams)[M]>;
export type ParsedParams<M extends MethodName> = z.output<(typeof methodParams)[M]>;
export type MethodResult<M extends MethodName> = MethodResults[M];
