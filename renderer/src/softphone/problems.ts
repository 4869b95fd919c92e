/** The softphone's failures, each one banner saying what happened and what to do. */
export type SoftphoneProblemKind =
  | 'microphone-permission'
  | 'no-input-device'
  | 'signalling-unreachable'
  | 'ice-failed'
  | 'token-refused'
  | 'registration-lost'
  | 'registered-elsewhere';

export interface SoftphoneProblem {
  kind: SoftphoneProblemKind;
  message: string;
}

const messages: Record<SoftphoneProblemKind, string> = {
  'microphone-permission': 'Switchboard may not use the microphone. Allow microphone access for Switchboard in your system settings, then go available again.',
  'no-input-device': 'No microphone found. Plug in a headset or microphone, then go available again.',
  'signalling-unreachable': "Cannot reach Telnyx's softphone service. Check your network or VPN; Switchboard keeps trying.",
  'ice-failed': 'The call audio could not connect (ICE failed). A firewall may block WebRTC media; ask IT to allow Telnyx media, or switch to External phone in Settings.',
  'token-refused': 'Telnyx refused the softphone login. Check the SIP credential connection in Settings, then go available again.',
  'registration-lost': 'The softphone lost its connection to Telnyx. Switchboard is reconnecting; calls will ring again once it is back.',
  // One credential = one registration (Telnyx gives the calls to the last device that signs in).
  'registered-elsewhere': 'Your softphone signed in on another device, which now gets your calls. Close Switchboard (or the other softphone) there, then go available again here.',
};

export function problemFor(kind: SoftphoneProblemKind, detail?: string): SoftphoneProblem {
  return { kind, message: detail ? `${messages[kind]} (${detail})` : messages[kind] };
}

/** A getUserMedia failure: no device (or none matching) vs. not allowed. */
export function mediaProblemKind(e: unknown): SoftphoneProblemKind {
  const name = (e as { name?: string })?.name;
  return name === 'NotFoundError' || name === 'OverconstrainedError' ? 'no-input-device' : 'microphone-permission';
}

/**
 * An SDK `telnyx.error`: a login refused before the softphone was ever ready is the token
 * ('token-refused': the client asks once for a fresh one first); media errors name the microphone.
 */
export function sdkErrorProblem(event: unknown, everReady: boolean): SoftphoneProblemKind | undefined {
  const text = JSON.stringify(event ?? {});
  if (!everReady && /login|token|auth|-32001/i.test(text)) return 'token-refused';
  if (/NotAllowedError|Permission/i.test(text)) return 'microphone-permission';
  if (/NotFoundError|Requested device not found/i.test(text)) return 'no-input-device';
  return undefined;
}

/** The signalling socket closed or failed: before the first registration Telnyx was never reached. */
export function socketLostProblem(everReady: boolean): SoftphoneProblemKind {
  return everReady ? 'registration-lost' : 'signalling-unreachable';
}

/** The call's ICE connection state: 'failed' means the audio path cannot be made. */
export function iceProblem(state: RTCIceConnectionState): SoftphoneProblemKind | undefined {
  return state === 'failed' ? 'ice-failed' : undefined;
}
