/**
 * The "Test audio" button and its verdict in plain words. While the softphone is off it also tests
 * the path: a loopback call through the simulator in demo mode, the SDK's pre-call check live
 * (both need the agent's one registration, which the softphone holds while it runs).
 */
import { useState } from 'react';
import { TelnyxRTC } from '@telnyx/webrtc';
import { errorTitle } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { testConnection, testMicrophone, testSpeaker, within, type AudioTestVerdict } from './audio-test';
import type { ResolvedDevices } from './devices';
import { loopbackTest } from './loopback-test';

export function TestAudio({ devices, softphoneRunning }: { devices: ResolvedDevices; softphoneRunning: boolean }) {
  const [running, setRunning] = useState(false);
  const [verdict, setVerdict] = useState<AudioTestVerdict>();
  const run = async () => {
    setRunning(true);
    setVerdict(undefined);
    try {
      setVerdict(await runAudioTest(devices, softphoneRunning));
    } finally {
      setRunning(false);
    }
  };
  return (
    <div className="test-audio">
      <button type="button" className="button" disabled={running} aria-busy={running} onClick={() => void run()}>
        {running ? 'Testing audio… speak now' : 'Test audio'}
      </button>
      {verdict ? (
        <div role="status" aria-label="Audio test result" data-verdict={verdict.ok ? 'ok' : 'problem'}>
          <strong>{verdict.ok ? 'Audio works.' : 'Audio needs attention.'}</strong>
          <ul>
            <li>{verdict.microphone}</li>
            <li>{verdict.speaker}</li>
            {verdict.connection ? <li>{verdict.connection}</li> : null}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

async function runAudioTest(devices: ResolvedDevices, softphoneRunning: boolean): Promise<AudioTestVerdict> {
  const api = switchboard();
  const session = await api.softphone.session();
  const canCall = session.ok && session.value.enabled && !softphoneRunning;
  if (session.ok && canCall && session.value.host) {
    // Demo: the loopback call says what the far end heard and what arrived here; the local check adds the level.
    const local = await testMicrophone(undefined, devices);
    const loop = await loopbackTest(api, session.value, devices);
    const microphone = local.ok ? loop.microphone : local;
    return { ok: microphone.ok && loop.speaker.ok, microphone: microphone.words, speaker: loop.speaker.words };
  }
  const [microphone, speaker] = [await testMicrophone(precallClient(), devices), await testSpeaker(devices)];
  let connection: { ok: boolean; words: string } | undefined;
  if (canCall) {
    const token = await api.softphone.token();
    if (!token.ok) connection = { ok: false, words: `The connection test could not log in: ${errorTitle(token.error)}.` };
    else {
      const client = new TelnyxRTC({ login_token: token.value.token });
      const ready = new Promise<void>((resolve) => client.on('telnyx.ready', () => resolve()));
      void client.connect();
      connection = await within(ready, 'registering')
        .then(() => testConnection(client))
        .catch((e: unknown) => ({ ok: false, words: e instanceof Error ? e.message : String(e) }));
      await client.disconnect().catch(() => undefined);
    }
  } else {
    connection = { ok: true, words: softphoneRunning ? 'The connection to Telnyx is tested while you are offline (the softphone holds your one registration now).' : 'The built-in softphone is off, so the connection to Telnyx was not tested.' };
  }
  return { ok: microphone.ok && speaker.ok && connection.ok, microphone: microphone.words, speaker: speaker.words, connection: connection.words };
}

/** A client that is never connected: the SDK's microphone check needs none. */
function precallClient(): TelnyxRTC {
  return new TelnyxRTC({ login_token: 'pre-call-check' });
}
