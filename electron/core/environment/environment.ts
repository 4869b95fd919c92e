/**
 * Where the console's Telnyx account comes from. Core runs in exactly one environment at a time:
 * - live: the agent's saved API key, relay and settings (live-environment.ts);
 * - demo: a simulator and relay the host starts on loopback (demo-environment.ts).
 * The gateway, the engine and the log redactor ask the current environment, never `if (demo)`.
 */
import type { ConsoleMode, Settings } from '../../contract';
import type { RelayConfig } from '../agent';
import type { SoftphoneAccount } from '../softphone/credential';
import type { TelnyxConfig } from '../telnyx-gateway';

export interface Environment {
  /** 'demo', or 'live' / 'unconfigured' by whether an API key is saved. */
  mode(): ConsoleMode;
  /** The SDK client's config (API key, base URL). */
  telnyx(): TelnyxConfig;
  /** The relay to subscribe to, or undefined when not configured. */
  relay(): RelayConfig | undefined;
  /** The settings the engine sees: the saved ones, or the demo's agent over them. */
  settings(saved: Settings): Settings;
  /** Where the built-in softphone's credential connection and credential live. */
  softphone(saved: Settings): SoftphoneAccount;
  /** Secret values this environment holds in memory (the log redactor replaces them). */
  secrets(): string[];
  /** Saved settings and secrets feed this environment: a change to them restarts the engine. */
  readonly followsSavedConfig: boolean;
}

/** The host's overrides for the SDK client (e.g. TELNYX_BASE_URL for a staging API). */
export type TelnyxOverrides = Omit<TelnyxConfig, 'apiKey'>;
