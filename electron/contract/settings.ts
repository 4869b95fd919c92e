/** Non-secret settings (electron-store in the app) and the secret names main keeps encrypted. */
import { z } from 'zod';

export const shortcutActions = ['takeNext', 'toggleMute', 'toggleHold', 'toggleRecordPause', 'leave'] as const;
export type ShortcutAction = (typeof shortcutActions)[number];

/** Agent-desktop convention; `CommandOrControl` becomes Cmd on macOS. */
export const defaultShortcuts: Record<ShortcutAction, string> = {
  takeNext: 'CommandOrControl+Shift+A',
  toggleMute: 'CommandOrControl+Shift+M',
  toggleHold: 'CommandOrControl+Shift+H',
  toggleRecordPause: 'CommandOrControl+Shift+R',
  leave: 'CommandOrControl+Shift+E',
};

export const shortcutActionLabels: Record<ShortcutAction, string> = {
  takeNext: 'Take next call',
  toggleMute: 'Mute / unmute',
  toggleHold: 'Hold / resume caller',
  toggleRecordPause: 'Pause / resume recording',
  leave: 'Leave the call',
};

/** Electron accelerator syntax: modifiers joined with "+", then one key. */
export const acceleratorSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(
    /^((CommandOrControl|CmdOrCtrl|Command|Cmd|Control|Ctrl|Alt|Option|AltGr|Shift|Super|Meta)\+)*([A-Z0-9]|F([1-9]|1[0-9]|2[0-4])|Space|Tab|Enter|Return|Escape|Esc|Backspace|Delete|Insert|Home|End|PageUp|PageDown|Up|Down|Left|Right|Plus|[`\-=[\];',./\\])$/,
    'not an accelerator such as CommandOrControl+Shift+M',
  );

const e164OrSip = z
  .string()
  .trim()
  .regex(/^(\+[1-9]\d{6,14}|sips?:[^\s@]+@[^\s]+)$/, 'must be +E.164 or a SIP URI such as sip:agent@example.com');

export const settingsSchema = z.object({
  /** https://relay.example.com — the companion relay that forwards Telnyx webhooks. */
  relayUrl: z.union([z.literal(''), z.url({ protocol: /^(https?|wss?)$/ })]),
  /** Account public key (base64, 32 raw bytes) used to re-verify every webhook. Not secret. */
  telnyxPublicKey: z.union([z.literal(''), z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'must be a 32-byte key in base64')]),
  agent: z.object({
    /** The agent's own phone or SIP endpoint the console dials when going available. */
    endpoint: z.union([z.literal(''), e164OrSip]),
    /** Call Control application (connection) id used to dial. */
    connectionId: z.string().trim().max(64),
    /** Caller id presented on the agent leg. */
    callerId: z.union([z.literal(''), e164OrSip]),
    displayName: z.string().trim().max(64),
  }),
  watchedQueues: z.array(z.string().trim().min(1).max(255)).max(50),
  shortcuts: z.object(
    Object.fromEntries(shortcutActions.map((a) => [a, acceleratorSchema])) as Record<ShortcutAction, typeof acceleratorSchema>,
  ),
  /** Whether shortcuts are registered with the OS (work while another app has focus). */
  globalShortcuts: z.boolean(),
  theme: z.enum(['system', 'light', 'dark']),
  /** Wait times (seconds) where a queued call turns amber, then red. */
  sla: z.object({ warnSecs: z.number().int().min(1).max(3600), breachSecs: z.number().int().min(1).max(7200) }),
  /** Soundboard: audio the agent can play into the conference. */
  soundboard: z.array(z.object({ label: z.string().trim().min(1).max(40), url: z.url({ protocol: /^https?$/ }) })).max(20),
  /** What a held caller hears (Telnyx's default hold audio when empty). */
  holdAudioUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]),
  /** Voice used for text-to-speech. */
  ttsVoice: z.string().trim().min(1).max(64),
});

export type Settings = z.infer<typeof settingsSchema>;

/** A partial update: every top-level key optional, nested objects replaced whole. */
export const settingsPatchSchema = settingsSchema.partial();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const defaultSettings: Settings = {
  relayUrl: '',
  telnyxPublicKey: '',
  agent: { endpoint: '', connectionId: '', callerId: '', displayName: '' },
  watchedQueues: ['support', 'sales'],
  shortcuts: { ...defaultShortcuts },
  globalShortcuts: true,
  theme: 'system',
  sla: { warnSecs: 30, breachSecs: 60 },
  soundboard: [],
  holdAudioUrl: '',
  ttsVoice: 'female',
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

export interface ShortcutStatus {
  action: ShortcutAction;
  label: string;
  accelerator: string;
  /** registered: the OS accepted it globally; in-app: works while the window has focus only. */
  state: 'registered' | 'in-app' | 'refused' | 'conflict';
  message?: string;
}
