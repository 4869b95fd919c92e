/**
 * Schemas of the agent states, wrap-up and screen pop: their settings (nested keys of the
 * settings schema) and their methods' params.
 */
import { z } from 'zod';
import { NOTES_MAX } from '../agent-states';
import { ANY_QUEUE, screenPopTemplateProblem, screenPopTriggers } from '../screen-pop';

/** A short, human-chosen label: an away reason, a disposition. */
export const choiceLabel = z.string().trim().min(1).max(60);
const uniqueLabels = (max: number) =>
  z
    .array(choiceLabel)
    .max(max)
    .refine((list) => new Set(list.map((l) => l.toLowerCase())).size === list.length, 'has the same entry twice');

export const agentStatesSettingsSchema = z.object({
  /** What the agent may say they are away for ("Break", "Lunch", "Training"…). */
  awayReasons: uniqueLabels(20),
});

export const wrapUpSettingsSchema = z
  .object({
    /** Seconds of wrap-up after each call; 0 = no timer (the agent finishes it). */
    timerSecs: z.number().int().min(0).max(3600),
    /** Mandatory: the agent cannot finish before the timer ends (they may extend it once). */
    mandatory: z.boolean(),
    /** What the one extension adds, in seconds; 0 = no extension. */
    extendSecs: z.number().int().min(0).max(3600),
    /** The dispositions the agent picks from. */
    dispositions: uniqueLabels(50),
    /** Finishing wrap-up needs a disposition. */
    dispositionRequired: z.boolean(),
  })
  .superRefine((w, ctx) => {
    if (w.mandatory && w.timerSecs === 0) ctx.addIssue({ code: 'custom', path: ['timerSecs'], message: 'a mandatory wrap-up needs a timer (more than 0 seconds)' });
    if (w.dispositionRequired && w.dispositions.length === 0) ctx.addIssue({ code: 'custom', path: ['dispositions'], message: 'add at least one disposition, or make it optional' });
  });

export const screenPopTemplateSchema = z
  .string()
  .trim()
  .max(2048)
  .superRefine((url, ctx) => {
    const problem = screenPopTemplateProblem(url);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const screenPopSettingsSchema = z.object({
  /** On answer: opened when the agent is connected to the caller; click: only from the call panel. */
  openOn: z.enum(screenPopTriggers),
  /** One template per queue; queue "*" applies to every queue without its own. */
  templates: z
    .array(z.object({ queue: z.union([z.literal(ANY_QUEUE), z.string().trim().min(1).max(255)]), url: screenPopTemplateSchema }))
    .max(50)
    .refine((list) => new Set(list.map((t) => t.queue)).size === list.length, 'has two templates for the same queue'),
});

const wrapUpAfter = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('available') }),
  z.strictObject({ status: z.literal('away'), reason: choiceLabel.optional() }),
]);
const notes = z.string().max(NOTES_MAX);

/** Params of the methods added for agent states, wrap-up and screen pop. */
export const agentStateMethodParams = {
  /** The draft the timer (or the finish shortcut) ends with: kept in core as the agent edits. `disposition: null` clears it. */
  'agent.updateWrapUp': z.strictObject({ disposition: choiceLabel.nullable().optional(), notes: notes.optional(), after: wrapUpAfter.optional() }),
  'agent.extendWrapUp': z.strictObject({}),
  'screenPop.open': z.strictObject({ conferenceId: z.string().trim().min(1).max(128) }),
};

/** `agent.finishWrapUp` may carry the last edits, so what the agent saw is what is saved. */
export const finishWrapUpParams = z.strictObject({ disposition: choiceLabel.optional(), notes: notes.optional() });
/** Away may name a reason from Settings (core checks it against the list). */
export const setStatusParams = z
  .strictObject({ status: z.enum(['available', 'away']), reason: choiceLabel.optional() })
  .refine((p) => p.status === 'away' || p.reason === undefined, { path: ['reason'], message: 'only Away takes a reason' });
