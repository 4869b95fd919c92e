import type { Settings } from '../../contract';

/**
 * Where a call reaches this agent: the built-in softphone's SIP address once its credential
 * exists, else the endpoint in Settings (what going available dials without the softphone).
 * One answer for the participant label, the presence teammates transfer to, the transfer note
 * and the history of transfers in.
 */
export function agentAddress(settings: Settings): string | undefined {
  if (settings.endpointMode === 'softphone' && settings.softphone.sipUsername) return `sip:${settings.softphone.sipUsername}@sip.telnyx.com`;
  // No credential yet (or an engine run without the softphone, as in tests): the endpoint it dials.
  return settings.agent.endpoint || undefined;
}
