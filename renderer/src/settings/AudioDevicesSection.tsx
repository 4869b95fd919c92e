/** Audio devices: the softphone's microphone, speaker and ringer, saved at once (remembered by label). */
import { useState } from 'react';
import { errorTitle, type Settings } from '../../../electron/contract';
import { switchboard } from '../bridge';
import type { DeviceRole } from '../softphone/devices';
import { DeviceSelects } from '../softphone/DeviceSelects';
import { TestAudio } from '../softphone/TestAudio';
import { useAudioDevices } from '../softphone/useAudioDevices';

export function AudioDevicesSection({ settings, onSettings, softphoneRunning }: { settings: Settings; onSettings(next: Settings): void; softphoneRunning: boolean }) {
  const { devices, resolved } = useAudioDevices(settings.audioDevices, undefined);
  const [error, setError] = useState<string>();
  const choose = (role: DeviceRole, label: string) =>
    void switchboard()
      .settings.set({ audioDevices: { ...settings.audioDevices, [role]: label } })
      .then((outcome) => {
        setError(outcome.ok ? undefined : errorTitle(outcome.error));
        if (outcome.ok) onSettings(outcome.value);
      });
  return (
    <section className="settings-section" aria-labelledby="audio-devices-heading" data-focus-scope="audio-devices">
      <h2 id="audio-devices-heading">Audio devices</h2>
      <p className="hint">For the built-in softphone. Switchboard remembers each device by name and switches to it whenever it is plugged in; the ringer can ring on other speakers than the call.</p>
      <DeviceSelects devices={devices} remembered={settings.audioDevices} onChoose={choose} />
      {error ? <p role="alert">{error}</p> : null}
      <TestAudio devices={resolved} softphoneRunning={softphoneRunning} />
    </section>
  );
}
