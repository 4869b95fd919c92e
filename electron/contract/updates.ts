/** Update status and methods (owned by the release work; see electron/core/updates). */
import { z } from 'zod';

export type UpdateChannel = 'stable' | 'beta';

export interface AdminUpdatePolicy {
  source: string;
  disabled?: boolean;
  pinnedVersion?: string;
  channel?: UpdateChannel;
}

export type UpdateStatus = {
  state: 'idle' | 'checking' | 'up-to-date' | 'disabled' | 'downloading' | 'ready-waiting' | 'installing' | 'error';
  channel: UpdateChannel;
  currentVersion: string;
  policy?: AdminUpdatePolicy;
  message?: string;
};

export const updateMethodSchemas = {
  'updates.getStatus': z.object({}),
  'updates.check': z.object({}),
  'updates.setChannel': z.object({ channel: z.enum(['stable', 'beta']) }),
  'updates.installNow': z.object({}),
};
