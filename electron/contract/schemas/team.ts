/** Params of the team's contract methods (electron/contract/team.ts). */
import { z } from 'zod';

export const teamMethodParams = {
  'team.getState': z.strictObject({}),
  'team.answerOffer': z.strictObject({ offerId: z.string().trim().min(1).max(128), accept: z.boolean() }),
};
