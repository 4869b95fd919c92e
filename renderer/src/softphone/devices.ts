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
