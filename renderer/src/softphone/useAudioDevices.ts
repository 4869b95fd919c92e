/**
 * The audio devices plugged in now, and which one each role uses: read again on every
 * `devicechange` (a headset unplugged falls back to the system default, and comes back when it
 * is plugged in again) and whenever `refresh` changes (labels appear once the microphone is allowed).
 */
import { useEffect, useMemo, useState } from 'react';
import { deviceNotices, resolveDevices, type DeviceLike, type RememberedDevices, type ResolvedDevices } from './devices';

export interface AudioDevices {
  devices: DeviceLike[];
  resolved: ResolvedDevices;
  notices: string[];
}

const none: RememberedDevices = { microphone: '', speaker: '', ringer: '' };

export function useAudioDevices(remembered: RememberedDevices | undefined, refresh: unknown): AudioDevices {
  const [devices, setDevices] = useState<DeviceLike[]>([]);
  useEffect(() => {
    const media = navigator.mediaDevices;
    if (!media?.enumerateDevices) return;
    let active = true;
    const read = () =>
      void media.enumerateDevices().then((list) => {
        if (!active) return;
        const next = list.filter((d) => d.kind === 'audioinput' || d.kind === 'audiooutput').map((d) => ({ deviceId: d.deviceId, label: d.label, kind: d.kind }));
        // Same list: keep the old array so nothing downstream switches devices for nothing.
        setDevices((current) => (JSON.stringify(current) === JSON.stringify(next) ? current : next));
      });
    read();
    media.addEventListener('devicechange', read);
    return () => {
      active = false;
      media.removeEventListener('devicechange', read);
    };
  }, [refresh]);

  const wanted = remembered ?? none;
  const key = JSON.stringify(wanted);
  return useMemo(() => {
    const resolved = resolveDevices(devices, wanted);
    return { devices, resolved, notices: deviceNotices(resolved, wanted) };
    // `key` stands for `wanted` (a new object on every settings push).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [devices, key]);
}
