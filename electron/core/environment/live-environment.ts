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
      const { relayUrl, telnyxPublicKey, relayFailover } = settings.get();
      if (!(relayUrl && token && telnyxPublicKey)) return undefined;
      // Only failover relays the token was saved for (settings-file edits add none behind its back).
      const fallbackUrls = relayFailover.urls.filter((url) => secrets.relayTokenBoundTo(url));
      return { url: relayUrl, token, telnyxPublicKey, ...(fallbackUrls.length ? { fallbackUrls } : {}) };
    },
    settings: (saved) => saved,
    softphone: (saved) => ({
      credentialConnectionId: saved.softphone.credentialConnectionId,
      ...(saved.softphone.credentialId ? { credential: { id: saved.softphone.credentialId, sipUsername: saved.softphone.sipUsername } } : {}),
      // Kept in settings so the next start reuses it instead of creating another.
      remember: (c) => void settings.set({ softphone: { ...settings.get().softphone, credentialId: c.id, sipUsername: c.sipUsername } }),
    }),
    secrets: () => [secrets.reveal('apiKey'), secrets.reveal('relayToken')].filter((v): v is string => Boolean(v)),
    followsSavedConfig: true,
  };
}
