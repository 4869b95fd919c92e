/** Params of call history's contract methods (electron/contract/history.ts). */
import { z } from 'zod';
import { callOutcomes, HISTORY_PAGE_MAX } from '../history';

/** A date (2026-12-01) or a date-time with offset (2026-12-01T09:30:00Z). */
const isoDate = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const historyQuerySchema = z.strictObject({
  number: z.string().trim().max(64).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  disposition: z.string().trim().min(1).max(64).optional(),
  outcome: z.enum(callOutcomes).optional(),
});

export const historyMethodParams = {
  'history.list': z.strictObject({
    /** From the previous page's `nextCursor`; opaque. */
    cursor: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(HISTORY_PAGE_MAX).default(50),
    query: historyQuerySchema.optional(),
  }),
  'history.get': z.strictObject({ id: z.number().int().positive() }),
  'history.exportCsv': z.strictObject({ query: historyQuerySchema.optional() }),
  'history.dispositions': z.strictObject({}),
};

/** Settings of call history: how many days of calls are kept (older ones are deleted at start and daily). */
export const historySettingsSchema = z.object({
  retentionDays: z.number().int().min(1).max(3650),
});
