/** Params of the softphone's contract methods (electron/contract/softphone.ts). */
import { z } from 'zod';

export const softphoneMethodParams = {
  'softphone.session': z.strictObject({}),
  /** `fresh`: the SDK refused the token just handed over; mint a new one instead of the cached one. */
  'softphone.token': z.strictObject({ fresh: z.boolean().optional() }),
  'softphone.checkInvite': z.strictObject({ nonce: z.string().trim().min(1).max(128) }),
  /** `elsewhere`: Telnyx punted this registration because the credential signed in on another device. */
  'softphone.setRegistered': z.strictObject({ registered: z.boolean(), elsewhere: z.boolean().optional() }),
};
