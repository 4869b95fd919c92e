/**
 * The preferences form's draft: every field as the text the agent types, and the patch sent to
 * `settings.set` (main validates it and answers with the stored settings).
 */
import type { Settings } from '../../../electron/contract';

export interface Draft {
  relayUrl: string;
  /** Failover relays, one URL a line (settings `relayFailover.urls`). */
  relayFailoverUrls: string;
  telnyxPublicKey: string;
  endpointMode: Settings['endpointMode'];
  endpoint: string;
  credentialConnectionId: string;
  connectionId: string;
  callerId: string;
  displayName: string;
  watchedQueues: string;
  warnSecs: string;
  breachSecs: string;
  soundboard: string;
  holdAudioUrl: string;
  ttsVoice: string;
  theme: Settings['theme'];
  globalShortcuts: boolean;
  historyRetentionDays: string;
  /** Offers missed in a row before the console sets the agent away. */
  missedOffersBeforeAway: string;
}

export function toDraft(settings: Settings): Draft {
  return {
    relayUrl: settings.relayUrl,
    relayFailoverUrls: settings.relayFailover.urls.join('\n'),
    telnyxPublicKey: settings.telnyxPublicKey,
    endpointMode: settings.endpointMode,
    endpoint: settings.agent.endpoint,
    credentialConnectionId: settings.softphone.credentialConnectionId,
    connectionId: settings.agent.connectionId,
    callerId: settings.agent.callerId,
    displayName: settings.agent.displayName,
    watchedQueues: settings.watchedQueues.join('\n'),
    warnSecs: String(settings.sla.warnSecs),
    breachSecs: String(settings.sla.breachSecs),
    soundboard: settings.soundboard.map((s) => `${s.label} | ${s.url}`).join('\n'),
    holdAudioUrl: settings.holdAudioUrl,
    ttsVoice: settings.ttsVoice,
    theme: settings.theme,
    globalShortcuts: settings.globalShortcuts,
    historyRetentionDays: String(settings.history.retentionDays),
    missedOffersBeforeAway: String(settings.team.missedOffersBeforeAway),
  };
}

export const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/**
 * The patch sent to `settings.set`; main validates it and answers with the stored settings.
 * The softphone's credential (id, SIP username) is main's to keep: only its connection is the agent's.
 */
export function draftToPatch(draft: Draft, current: Settings) {
  return {
    endpointMode: draft.endpointMode,
    softphone: { ...current.softphone, credentialConnectionId: draft.credentialConnectionId.trim() },
    relayUrl: draft.relayUrl.trim(),
    relayFailover: { urls: lines(draft.relayFailoverUrls) },
    telnyxPublicKey: draft.telnyxPublicKey.trim(),
    agent: {
      endpoint: draft.endpoint.trim(),
      connectionId: draft.connectionId.trim(),
      callerId: draft.callerId.trim(),
      displayName: draft.displayName.trim(),
    },
    watchedQueues: lines(draft.watchedQueues),
    sla: { warnSecs: Number(draft.warnSecs), breachSecs: Number(draft.breachSecs) },
    soundboard: lines(draft.soundboard).map((line) => {
      const at = line.indexOf('|');
      return at === -1 ? { label: line, url: line } : { label: line.slice(0, at).trim(), url: line.slice(at + 1).trim() };
    }),
    holdAudioUrl: draft.holdAudioUrl.trim(),
    ttsVoice: draft.ttsVoice.trim(),
    theme: draft.theme,
    globalShortcuts: draft.globalShortcuts,
    history: { retentionDays: Number(draft.historyRetentionDays) },
    team: { missedOffersBeforeAway: Number(draft.missedOffersBeforeAway) },
  };
}
