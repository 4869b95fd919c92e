/** Params of the transfer and keypad methods (electron/contract/transfer.ts). */
import { z } from 'zod';
import { phoneOrSipMessage, phoneOrSipPattern } from '../addresses';
import { DTMF_MAX_LENGTH, dtmfMessage, dtmfPattern, FAVOURITE_DESTINATIONS_LIMIT, RECENT_DESTINATIONS_LIMIT } from '../transfer';

// Not settings.ts's phoneOrSipSchema: the settings schema imports this file (no import circle).
const phoneOrSipSchema = z.string().trim().regex(phoneOrSipPattern, phoneOrSipMessage);

const id = z.string().trim().min(1).max(128);

export const transferDestinationSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('number'), to: phoneOrSipSchema }),
  z.strictObject({ type: z.literal('queue'), queue: z.string().trim().min(1).max(255) }),
  z.strictObject({ type: z.literal('agent'), endpoint: phoneOrSipSchema, name: z.string().trim().min(1).max(64).optional() }),
  // The relay's agent ids (a token's `sub`, ≤ 256).
  z.strictObject({ type: z.literal('teammate'), agentId: z.string().trim().min(1).max(256) }),
]);

const savedDestination = z.strictObject({ destination: transferDestinationSchema, label: z.string().trim().max(80) });

/** Settings `transfers`: recent destinations (newest first) and favourites. */
export const transferSettingsSchema = z.object({
  recent: z.array(savedDestination).max(RECENT_DESTINATIONS_LIMIT),
  favourites: z.array(savedDestination).max(FAVOURITE_DESTINATIONS_LIMIT),
});

export const dtmfDigitsSchema = z.string().min(1).max(DTMF_MAX_LENGTH).regex(dtmfPattern, dtmfMessage);

const conferenceTarget = { conferenceId: id };

export const transferMethodParams = {
  'transfer.start': z.strictObject({
    ...conferenceTarget,
    destination: transferDestinationSchema,
    kind: z.enum(['blind', 'consult']),
    /** A few words for a teammate (shown on its ringing offer); teammate transfers only. */
    note: z.string().trim().max(200).optional(),
  }),
  'transfer.complete': z.strictObject(conferenceTarget),
  'transfer.threeWay': z.strictObject(conferenceTarget),
  'transfer.cancel': z.strictObject(conferenceTarget),
  'keypad.send': z.strictObject({ ...conferenceTarget, digits: dtmfDigitsSchema, callControlId: id.optional() }),
};
