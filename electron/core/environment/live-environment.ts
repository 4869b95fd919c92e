/** The live environment: the agent's own Telnyx account, from saved settings and secrets. */
import type { SecretsService } from '../secrets-service';
import type { SettingsService } from '../settings-service';
import type { Environment, TelnyxOverrides } from './environment';

export function createLiveEnvironment(deps: { settings: SettingsService; secrets: SecretsService; telnyx?: TelnyxOverrides }): Environment {
  const { settings, secrets } = deps;
  return {
    mode: () => (secrets.status().apiKey.configured ? 'live' : 'unconfigured'),
    telnyx: () => ({ ...deps.telnyx, apiKey: secrets.reveal('apiKey') }),
    relay() {
      const token = secrets.reveal('relayToken');
      const { relayUrl, telnyxPublicKey } = settings.get();
      return relayUrl && token && telnyxPublicKey ? { url: relayUrl, token, telnyxPublicKey } : undefined;
    },
    settings: (saved) => saved,
    secrets: () => [secrets.reveal('apiKey'), secrets.reveal('relayToken')].filter((v): v is string => Boolean(v)),
    followsSavedConfig: true,
  };
}
