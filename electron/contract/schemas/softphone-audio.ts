/** Params of the softphone's audio-truth methods (electron/contract/softphone-audio.ts). */
import { z } from 'zod';
import { qualityWarningNames } from '../softphone-audio';

export const softphoneAudioMethodParams = {
  'softphone.notifyIncoming': z.strictObject({ from: z.string().trim().min(1).max(128) }),
  'softphone.reportQuality': z.strictObject({
    callId: z.string().trim().min(1).max(128),
    conferenceId: z.string().trim().min(1).max(128).optional(),
    worstMos: z.number().min(1).max(5).optional(),
    warnings: z.array(z.enum(qualityWarningNames)).max(qualityWarningNames.length),
  }),
  'softphone.startAudioTest': z.strictObject({}),
  'softphone.finishAudioTest': z.strictObject({ testId: z.string().trim().min(1).max(128) }),
};
