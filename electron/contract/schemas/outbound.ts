/** Params of the outbound methods and the `outbound` settings key (electron/contract/outbound.ts). */
import { z } from 'zod';
import { dialCountryCodes, isE164 } from '../outbound';

const id = z.string().trim().min(1).max(128);
/** A caller id: one of the account's numbers, so always +E.164. */
export const callerIdSchema = z.string().trim().refine(isE164, 'must be +E.164, one of the account’s numbers, such as +15551234567');

export const outboundSettingsSchema = z.object({
  /** National numbers (no +) are read as this country's; '' = only +E.164 is accepted. */
  defaultCountry: z.union([z.literal(''), z.enum(dialCountryCodes)]),
  /** A tel:/callto: link asks before dialling. */
  confirmLinks: z.boolean(),
  /** The caller id a call for this queue presents unless the agent picks another. */
  callerIdByQueue: z.record(z.string().trim().min(1).max(255), callerIdSchema).refine((m) => Object.keys(m).length <= 50, 'at most 50 queues'),
});

export const outboundMethodParams = {
  'call.dial': z.strictObject({
    /** As typed: +E.164, or national in the default country; main normalises it (VALIDATION names `to`). */
    to: z.string().trim().min(1, 'enter a number to call').max(64),
    /** The caller id for this call; absent = the queue's default, else the account's first suitable number. */
    from: callerIdSchema.optional(),
    /** The queue the call is for (its default caller id; the history row's queue). */
    queue: id.optional(),
    /** Confirms this tel:/callto: link request. */
    linkRequestId: id.optional(),
  }),
  'call.cancelDial': z.strictObject({}),
  'call.dismissLink': z.strictObject({ id }),
  /** `refresh`: ask Telnyx again instead of answering from the cache. */
  'phoneNumbers.list': z.strictObject({ refresh: z.boolean().optional() }),
};
