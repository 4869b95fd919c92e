/**
 * The demo environment: a simulator and a relay on loopback, started by the host (the app and
 * the test harness both use electron/demo), with generated keys. The console then runs
 * exactly the production path against them.
 */
import type { Logger } from '../log';
import type { AudioTestFarEndSource } from '../softphone/audio-test-line';
import type { SoftphoneCredential } from '../softphone/credential';
import type { Environment, TelnyxOverrides } from './environment';

/** A running demo, as core needs it. The host's demo may carry more (tests read the simulator). */
export interface DemoServices {
  /** Random per run; the simulator accepts only this key. */
  apiKey: string;
  /** The simulator's REST base (`…/v2`), for the SDK's `baseURL`. */
  baseURL: string;
  relayUrl: string;
  relayToken: string;
  /** The simulator's signing key (base64, raw 32 bytes): the relay and relay client verify with it. */
  telnyxPublicKey: string;
  agentEndpoint: string;
  connectionId: string;
  callerId: string;
  /** The simulator's softphone side: its SIP credential connection and `telnyx_rtc` websocket. */
  softphone?: { credentialConnectionId: string; rtcUrl: string };
  /** The loopback audio test's far end (a party the simulator answers by itself) and what a leg heard. */
  audioTest?: AudioTestFarEndSource;
  /** Where the demo's callers arrive: watched unless the agent chose other queues. */
  queues: readonly string[];
  stop(): Promise<void>;
}

/** How the host starts a demo (core gives it a logger). */
export type DemoLauncher<D extends DemoServices = DemoServices> = (log: Logger) => Promise<D>;

export function createDemoEnvironment(demo: DemoServices, telnyx?: TelnyxOverrides): Environment {
  // The demo's credential lives in its simulator: remembered for this run only, never saved.
  let credential: SoftphoneCredential | undefined;
  return {
    mode: () => 'demo',
    telnyx: () => ({ ...telnyx, apiKey: demo.apiKey, baseURL: demo.baseURL }),
    relay: () => ({ url: demo.relayUrl, token: demo.relayToken, telnyxPublicKey: demo.telnyxPublicKey }),
    // The demo's agent, without touching the saved settings.
    settings: (saved) => ({
      ...saved,
      agent: { ...saved.agent, endpoint: demo.agentEndpoint, connectionId: demo.connectionId, callerId: demo.callerId },
      watchedQueues: saved.watchedQueues.length ? saved.watchedQueues : [...demo.queues],
    }),
    softphone: () => ({
      credentialConnectionId: demo.softphone?.credentialConnectionId ?? '',
      ...(credential ? { credential } : {}),
      remember: (c) => void (credential = c),
      ...(demo.softphone ? { host: demo.softphone.rtcUrl, loopbackIce: true } : {}),
    }),
    secrets: () => [demo.apiKey, demo.relayToken],
    followsSavedConfig: false,
  };
}
