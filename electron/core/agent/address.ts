import type { Settings } from '../../contract';

/**
 * Where a call reaches this agent: the built-in softphone's SIP address once its credential
 * exists, else the external endpoint from Settings. One answer for the participant label, the
 * presence teammates transfer to, the transfer note and the history of transfers in.
 */
export function agentAddress(settings: Settings): string | undefined {
  if (settings.endpointMode === 'softphone') return settings.softphone.sipUsername ? `sip:${settings.softphone.sipUsername}@sip.telnyx.com` : undefined;
  return settings.agent.endpoint || undefined;
}
