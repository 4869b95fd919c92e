/**
 * The softphone's audio truth, main's half: the OS notification when a call that is not the
 * console's own rings on the softphone, and each call's quality (worst MOS, warnings) reported by
 * the renderer when the agent leaves each conference. The quality is kept here (the newest
 * QUALITY_KEPT calls) and handed to the call history's port (its `recordQuality`), which puts it
 * in the conference's row.
 */
import type { CallQualityReport, SoftphoneAudioMethodResults } from '../../contract';
import type { Handlers } from '../dispatch';
import { CommandError } from '../errors';

export type SoftphoneAudioMethods = keyof SoftphoneAudioMethodResults;

const QUALITY_KEPT = 200;

/** Where a call's quality goes besides this keeper: the call history's port (its row is named by the conference). */
export interface CallQualitySink {
  recordQuality(conferenceId: string, quality: { worstMos: number; warnings: string[] }): boolean;
}

/** The demo's loopback test call; absent outside demo mode (the renderer then runs the SDK's pre-call check). */
export interface AudioTestLine {
  start(): Promise<{ testId: string }>;
  finish(testId: string): Promise<{ heardRms: number }>;
}

export interface SoftphoneAudioDeps {
  /** The host's OS notification (Electron `Notification`; the harness records it). */
  notify?(notification: { title: string; body: string }): void;
  history?: CallQualitySink;
  audioTest?(): AudioTestLine | undefined;
}

export interface SoftphoneAudio {
  /** The quality reported for a call (by conference id, else the leg's id), newest report wins. */
  qualityOf(id: string): CallQualityReport | undefined;
  /** Every kept report, oldest first. */
  qualityReports(): CallQualityReport[];
  handlers: Pick<Handlers, SoftphoneAudioMethods>;
}

export function createSoftphoneAudio(deps: SoftphoneAudioDeps): SoftphoneAudio {
  const kept = new Map<string, CallQualityReport>();
  const noTestLine = () => new CommandError({ code: 'INVALID_STATE', message: 'The loopback audio test runs in demo mode only; use the pre-call check' });
  return {
    qualityOf: (id) => kept.get(id),
    qualityReports: () => [...kept.values()],
    handlers: {
      'softphone.notifyIncoming': async ({ from }) => {
        deps.notify?.({ title: 'Incoming call', body: `${from} is calling your softphone. Open Switchboard to accept or decline.` });
        return null;
      },
      'softphone.reportQuality': async ({ callId, conferenceId, worstMos, warnings }) => {
        const report: CallQualityReport = { callId, ...(conferenceId ? { conferenceId } : {}), ...(worstMos !== undefined ? { worstMos } : {}), warnings: [...new Set(warnings)] };
        const key = conferenceId ?? callId;
        kept.delete(key);
        kept.set(key, report);
        if (kept.size > QUALITY_KEPT) kept.delete(kept.keys().next().value!);
        // The history row is the conference's; a stretch with no MOS sample has nothing to add to it.
        if (conferenceId && report.worstMos !== undefined) deps.history?.recordQuality(conferenceId, { worstMos: report.worstMos, warnings: report.warnings });
        return null;
      },
      'softphone.startAudioTest': async () => {
        const line = deps.audioTest?.();
        if (!line) throw noTestLine();
        return line.start();
      },
      'softphone.finishAudioTest': async ({ testId }) => {
        const line = deps.audioTest?.();
        if (!line) throw noTestLine();
        return line.finish(testId);
      },
    },
  };
}
