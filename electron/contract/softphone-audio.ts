/**
 * The softphone's audio-truth side of the contract (zod-free): the OS notification for a call
 * that rings on the softphone, the quality each call had (reported at its end), and the demo's
 * loopback audio test. Params are in schemas/softphone-audio.ts.
 */

/** The SIP header on main's loopback test call (demo): the renderer answers the test it asked for, by its id. */
export const AUDIO_TEST_HEADER = 'X-Switchboard-Audio-Test';

/** SDK quality warning names the console shows (the SDK's own names, e.g. HIGH_JITTER). */
export const qualityWarningNames = ['HIGH_RTT', 'HIGH_JITTER', 'HIGH_PACKET_LOSS', 'LOW_MOS', 'ONE_WAY_AUDIO', 'LOW_LOCAL_AUDIO', 'LOW_INBOUND_AUDIO', 'LOW_BYTES_RECEIVED', 'LOW_BYTES_SENT'] as const;
export type QualityWarningName = (typeof qualityWarningNames)[number];

/** The quality of one call the agent took on the softphone (one conference), sent when the agent leaves it. */
export interface CallQualityReport {
  /** The softphone leg's call control id when known, else the SDK's call id. */
  callId: string;
  /** The conference the agent talked in during this stretch of the leg (the history row it belongs to). */
  conferenceId?: string;
  /** The worst MOS (1–5) measured during the call; absent when no sample was taken. */
  worstMos?: number;
  /** Every quality warning that held at some point during the call. */
  warnings: QualityWarningName[];
}

/** The demo's loopback test call: what the simulator's far end heard from the agent's microphone. */
export interface AudioTestFarEnd {
  /** RMS of the agent's decoded microphone at the far end (0 when nothing arrived). */
  heardRms: number;
}

export interface SoftphoneAudioMethodResults {
  /** A call rings on the softphone that is not the console's own leg: the host shows an OS notification. */
  'softphone.notifyIncoming': null;
  /** The agent left a conference (or the softphone's leg ended): its worst MOS and warnings, for the call history. */
  'softphone.reportQuality': null;
  /** Demo only: main dials a loopback test call to the softphone (a synthetic voice on the far end). */
  'softphone.startAudioTest': { testId: string };
  /** Demo only: ends the test call and says what the far end heard. */
  'softphone.finishAudioTest': AudioTestFarEnd;
}
