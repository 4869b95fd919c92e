/**
 * Non-secret settings (electron-store in the app) and the secret names main keeps encrypted.
 * The types come from the schema (electron/contract/schemas/settings.ts) as types only, so this
 * file stays zod-free for the renderer.
 */
import type { z } from 'zod';
import type { settingsPatchSchema, settingsSchema } from './schemas/settings';
import { defaultShortcuts } from './shortcuts';

export type Settings = z.infer<typeof settingsSchema>;
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const defaultSettings: Settings = {
  relayUrl: '',
  telnyxPublicKey: '',
  agent: { endpoint: '', connectionId: '', callerId: '', displayName: '' },
  endpointMode: 'softphone',
  softphone: { credentialConnectionId: '', credentialId: '', sipUsername: '' },
  watchedQueues: ['support', 'sales'],
  shortcuts: { ...defaultShortcuts },
  globalShortcuts: true,
  theme: 'system',
  sla: { warnSecs: 30, breachSecs: 60 },
  soundboard: [],
  holdAudioUrl: '',
  relayFailover: { urls: [] },
  ttsVoice: 'female',
  audioDevices: { microphone: '', speaker: '', ringer: '' },
  history: { retentionDays: 365 },
  agentStates: { awayReasons: ['Break', 'Lunch', 'Training', 'Meeting'] },
  wrapUp: { timerSecs: 60, mandatory: false, extendSecs: 30, dispositions: ['Resolved', 'Follow-up needed', 'Escalated', 'Wrong number'], dispositionRequired: false },
  screenPop: { openOn: 'answer', templates: [] },
  transfers: { recent: [], favourites: [] },
  outbound: { defaultCountry: '', confirmLinks: true, callerIdByQueue: {} },
  team: { missedOffersBeforeAway: 2 },
};

export const secretNames = ['apiKey', 'relayToken'] as const;
export type SecretName = (typeof secretNames)[number];

export interface SecretStatus {
  configured: boolean;
  /** Last four characters, only for the API key, so the agent can tell keys apart. */
  last4?: string;
}

export interface SecretsStatus {
  apiKey: SecretStatus;
  relayToken: SecretStatus;
  storage: {
    /** `safeStorage.isEncryptionAvailable()` */
    available: boolean;
    /** Linux: `safeStorage.getSelectedStorageBackend()`; "basic_text" means obfuscation only. */
    backend: string;
    /** True when the backend is only obfuscation (Linux `basic_text`). */
    weak: boolean;
    /** The user accepted storing secrets with the weak backend. */
    weakAccepted: boolean;
  };
}
