/**
 * Audio devices are remembered by label: device ids are per origin and change across
 * sessions, labels are what the agent recognises. A missing device falls back to the system
 * default (and the caller shows a notice); when it comes back, it is chosen again.
 */
export interface DeviceLike {
  deviceId: string;
  label: string;
  kind: string;
}

export interface DeviceChoice {
  deviceId: string;
  /** The remembered device is not plugged in: this is the fallback. */
  fallback: boolean;
}

/** Chromium's pseudo-devices carry these ids; their labels are prefixed ("Default - Headset"). */
const DEFAULT_ID = 'default';

export function pickDevice(devices: readonly DeviceLike[], kind: 'audioinput' | 'audiooutput', rememberedLabel: string | undefined): DeviceChoice | undefined {
  const ofKind = devices.filter((d) => d.kind === kind);
  if (ofKind.length === 0) return undefined;
  const label = rememberedLabel?.trim();
  if (label) {
    const exact = ofKind.find((d) => d.deviceId !== DEFAULT_ID && d.deviceId !== 'communications' && d.label === label);
    if (exact) return { deviceId: exact.deviceId, fallback: false };
    // Chromium's "Default - <label>" names the same device when it is the system default.
    const viaDefault = ofKind.find((d) => d.label === `Default - ${label}`);
    if (viaDefault) return { deviceId: viaDefault.deviceId, fallback: false };
  }
  const systemDefault = ofKind.find((d) => d.deviceId === DEFAULT_ID) ?? ofKind[0]!;
  return { deviceId: systemDefault.deviceId, fallback: Boolean(label) };
}

/** The three things the softphone plays or records through; the ringer may differ from the speaker. */
export type DeviceRole = 'microphone' | 'speaker' | 'ringer';
export const deviceRoles: readonly DeviceRole[] = ['microphone', 'speaker', 'ringer'];
export const roleKind = (role: DeviceRole): 'audioinput' | 'audiooutput' => (role === 'microphone' ? 'audioinput' : 'audiooutput');

/** Remembered labels per role ('' = the system default), as saved in settings.audioDevices. */
export type RememberedDevices = Record<DeviceRole, string>;

export interface ResolvedDevice extends DeviceChoice {
  /** The label of the device in use (what the call panel shows). */
  label: string;
}

/** What each role uses now; undefined = no device of that kind at all. */
export type ResolvedDevices = Record<DeviceRole, ResolvedDevice | undefined>;

/** Picks every role's device from the current list (run again on every `devicechange`). */
export function resolveDevices(devices: readonly DeviceLike[], remembered: RememberedDevices): ResolvedDevices {
  const resolve = (role: DeviceRole): ResolvedDevice | undefined => {
    const choice = pickDevice(devices, roleKind(role), remembered[role] || undefined);
    if (!choice) return undefined;
    const label = devices.find((d) => d.kind === roleKind(role) && d.deviceId === choice.deviceId)?.label ?? '';
    return { ...choice, label };
  };
  return { microphone: resolve('microphone'), speaker: resolve('speaker'), ringer: resolve('ringer') };
}

/** Roles whose device changed between two resolutions: what must be switched live (replace the track, setSinkId). */
export function devicesToSwitch(previous: ResolvedDevices | undefined, next: ResolvedDevices): DeviceRole[] {
  return deviceRoles.filter((role) => next[role] && next[role]?.deviceId !== previous?.[role]?.deviceId);
}

const roleName: Record<DeviceRole, string> = { microphone: 'microphone', speaker: 'speaker', ringer: 'ringer' };

/**
 * The visible notices for the current resolution: a remembered device that is not plugged in
 * (the system default is used meanwhile, and the remembered one comes back by itself).
 */
export function deviceNotices(resolved: ResolvedDevices, remembered: RememberedDevices): string[] {
  return deviceRoles
    .filter((role) => resolved[role]?.fallback)
    .map((role) => `${remembered[role]} is not connected: the ${roleName[role]} is the system default for now. Switchboard switches back when it is plugged in again.`);
}
