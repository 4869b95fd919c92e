/** The settings schema: what main accepts from the renderer and from electron-store. */
import { z } from 'zod';
import { acceleratorPattern, acceleratorPatternMessage } from '../accelerator';
import { phoneOrSipMessage, phoneOrSipPattern } from '../addresses';
import { MAX_FAILOVER_RELAYS, relayUrlProblem } from '../relay-url';
import { shortcutActions, type ShortcutAction } from '../shortcuts';
import { endpointModes } from '../softphone';
import { historySettingsSchema } from './history';
import { agentStatesSettingsSchema, screenPopSettingsSchema, wrapUpSettingsSchema } from './agent-states';
import { transferSettingsSchema } from './transfer';
import { outboundSettingsSchema } from './outbound';

/** Electron accelerator syntax: modifiers joined with "+", then one key. */
export const acceleratorSchema = z.string().trim().min(1).max(64).regex(acceleratorPattern, acceleratorPatternMessage);

export const phoneOrSipSchema = z.string().trim().regex(phoneOrSipPattern, phoneOrSipMessage);

export const settingsSchema = z.object({
  /** https://relay.example.com — the companion relay that forwards Telnyx webhooks (encrypted unless loopback). */
  relayUrl: z
    .string()
    .max(2048)
    .regex(/^$|^(https?|wss?):\/\/\S+$/i, 'must be a URL such as https://relay.example.com') // also in the settings file's JSON schema
    .superRefine((url, ctx) => {
      const problem = relayUrlProblem(url);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  /** Account public key (base64, 32 raw bytes) used to re-verify every webhook. Not secret. */
  telnyxPublicKey: z.union([z.literal(''), z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'must be a 32-byte key in base64')]),
  agent: z.object({
    /** The agent's own phone or SIP endpoint the console dials when going available. */
    endpoint: z.union([z.literal(''), phoneOrSipSchema]),
    /** Call Control application (connection) id used to dial. */
    connectionId: z.string().trim().max(64),
    /** Caller id presented on the agent leg. */
    callerId: z.union([z.literal(''), phoneOrSipSchema]),
    displayName: z.string().trim().max(64),
  }),
  /** Built-in softphone (WebRTC in the renderer) or the agent's external phone / SIP endpoint. */
  endpointMode: z.enum(endpointModes),
  /** The softphone's Telnyx objects: the account's SIP credential connection (one-time setup) and the agent's credential (created once by main). */
  softphone: z.object({
    credentialConnectionId: z.string().trim().max(64),
    credentialId: z.string().trim().max(64),
    sipUsername: z.string().trim().max(128),
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
  /**
   * The softphone's devices, remembered by label (ids change across sessions; labels are what the
   * agent recognises). Empty = the system default. The ringer may differ from the speaker.
   */
  audioDevices: z.object({
    microphone: z.string().max(256),
    speaker: z.string().max(256),
    ringer: z.string().max(256),
  }),
  /** Call history (electron/core/history): how long calls are kept. */
  history: historySettingsSchema,
  /** Agent states, wrap-up after each call and screen pop (schemas/agent-states.ts). */
  agentStates: agentStatesSettingsSchema,
  wrapUp: wrapUpSettingsSchema,
  screenPop: screenPopSettingsSchema,
  /** Transfer destinations: the last ones used (newest first) and the agent's favourites. */
  transfers: transferSettingsSchema,
  /** Outbound calls: national numbers' country, confirming tel:/callto: links, each queue's caller id. */
  outbound: outboundSettingsSchema,
  /** The team (relay offers): offers missed in a row before the console sets the agent away ("missed offers"). */
  team: z.object({ missedOffersBeforeAway: z.number().int().min(1).max(20) }),
  /**
   * Failover: more relays of the same deployment (one Redis, same tokens), tried in order after
   * `relayUrl` when a relay cannot be reached. The relay token is sent to them too.
   */
  relayFailover: z.object({
    urls: z
      .array(
        z
          .string()
          .max(2048)
          .superRefine((url, ctx) => {
            const problem = url === '' ? 'must be a URL such as https://relay-2.example.com' : relayUrlProblem(url);
            if (problem) ctx.addIssue({ code: 'custom', message: problem });
          }),
      )
      .max(MAX_FAILOVER_RELAYS),
  }),
});

/** A partial update: every top-level key optional, nested objects replaced whole. */
export const settingsPatchSchema = settingsSchema.partial();
