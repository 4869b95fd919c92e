/** Microphone, speaker and ringer pickers (Settings and the softphone's compact menu): the choice is remembered by label. */
import { useId } from 'react';
import { deviceRoles, roleKind, type DeviceLike, type DeviceRole, type RememberedDevices } from './devices';

const roleLabel: Record<DeviceRole, string> = { microphone: 'Microphone', speaker: 'Speaker', ringer: 'Ringer' };
/** Chromium's pseudo-devices: "System default" stands for them. */
const pseudoIds = new Set(['default', 'communications']);

export function DeviceSelects({ devices, remembered, onChoose }: { devices: readonly DeviceLike[]; remembered: RememberedDevices; onChoose(role: DeviceRole, label: string): void }) {
  const id = useId();
  return (
    <div className="device-selects">
      {deviceRoles.map((role) => {
        const labels = [...new Set(devices.filter((d) => d.kind === roleKind(role) && !pseudoIds.has(d.deviceId) && d.label).map((d) => d.label))];
        const chosen = remembered[role];
        return (
          <div className="field" key={role}>
            <label htmlFor={`${id}-${role}`}>{roleLabel[role]}</label>
            <select id={`${id}-${role}`} value={chosen} onChange={(e) => onChoose(role, e.target.value)}>
              <option value="">System default</option>
              {labels.map((label) => (
                <option key={label} value={label}>
                  {label}
                </option>
              ))}
              {chosen && !labels.includes(chosen) ? <option value={chosen}>{chosen} (not connected)</option> : null}
            </select>
          </div>
        );
      })}
    </div>
  );
}
