/** The softphone's contract methods (electron/contract/softphone.ts), answered by the softphone service. */
import type { SoftphoneMethodResults } from '../../contract';
import type { Handlers } from '../dispatch';
import type { SoftphoneService } from './softphone-service';

export type SoftphoneMethods = keyof SoftphoneMethodResults;

export function createSoftphoneHandlers(softphone: SoftphoneService): Pick<Handlers, SoftphoneMethods> {
  return {
    'softphone.session': async () => softphone.session(),
    'softphone.token': async ({ fresh }) => softphone.token(fresh ? { fresh } : {}),
    'softphone.checkInvite': async ({ nonce }) => ({ ours: softphone.checkInvite(nonce) }),
    'softphone.setRegistered': async ({ registered, elsewhere }) => {
      softphone.setRegistered(registered, elsewhere ? { elsewhere } : {});
      return null;
    },
  };
}
