// Mute reconciliation (local track vs Telnyx's participant) and device choice by label.
import { describe, expect, it } from 'vitest';
import { reconcileMute } from '../../../renderer/src/softphone/mute';
import { pickDevice } from '../../../renderer/src/softphone/devices';

describe('reconcileMute', () => {
  it('is pressed only when both the local track and Telnyx say muted', () => {
    expect(reconcileMute({ localMuted: true, remoteMuted: true, remotePending: false, wanted: undefined, answered: true })).toEqual({ pressed: true, mismatch: false, repairs: [] });
    expect(reconcileMute({ localMuted: false, remoteMuted: false, remotePending: false, wanted: undefined, answered: true })).toEqual({ pressed: false, mismatch: false, repairs: [] });
  });
  it('privacy first: the key pressed, Call Control still in flight → the microphone is off, not yet pressed', () => {
    expect(reconcileMute({ localMuted: false, remoteMuted: false, remotePending: true, wanted: true, answered: true })).toEqual({ pressed: false, mismatch: false, repairs: ['mute-local'] });
    expect(reconcileMute({ localMuted: true, remoteMuted: false, remotePending: true, wanted: true, answered: true }).repairs).toEqual([]);
  });
  it('Telnyx says muted (a supervisor, the global shortcut) while the microphone is live → the microphone goes off', () => {
    const view = reconcileMute({ localMuted: false, remoteMuted: true, remotePending: false, wanted: undefined, answered: true });
    expect(view).toEqual({ pressed: false, mismatch: true, repairs: ['mute-local'] });
  });
  it('the agent wants mute but Telnyx did not take it → shown as a mismatch, Call Control asked again, microphone stays off', () => {
    expect(reconcileMute({ localMuted: true, remoteMuted: false, remotePending: false, wanted: true, answered: true })).toEqual({ pressed: false, mismatch: true, repairs: ['mute-remote'] });
  });
  it('unmute waits for Telnyx: the microphone comes back only once Telnyx reports unmuted', () => {
    expect(reconcileMute({ localMuted: true, remoteMuted: true, remotePending: true, wanted: false, answered: true }).repairs).toEqual([]);
    expect(reconcileMute({ localMuted: true, remoteMuted: false, remotePending: false, wanted: false, answered: true })).toEqual({ pressed: false, mismatch: true, repairs: ['unmute-local'] });
    expect(reconcileMute({ localMuted: true, remoteMuted: true, remotePending: false, wanted: false, answered: true }).repairs).toEqual(['unmute-remote']);
  });
  it('while the agent\'s own command is on its way, Call Control is not asked a second time (it would toggle back)', () => {
    expect(reconcileMute({ localMuted: true, remoteMuted: false, remotePending: false, wanted: true, answered: false })).toEqual({ pressed: false, mismatch: true, repairs: [] });
  });
  it('outside a conference only the local side exists', () => {
    expect(reconcileMute({ localMuted: false, remoteMuted: undefined, remotePending: false, wanted: true, answered: true }).repairs).toEqual(['mute-local']);
    expect(reconcileMute({ localMuted: true, remoteMuted: undefined, remotePending: false, wanted: undefined, answered: true }).pressed).toBe(true);
  });
});

describe('pickDevice', () => {
  const devices = [
    { deviceId: 'default', label: 'Default - Built-in Microphone', kind: 'audioinput' },
    { deviceId: 'a1', label: 'Built-in Microphone', kind: 'audioinput' },
    { deviceId: 'h1', label: 'Jabra Evolve2 65', kind: 'audioinput' },
    { deviceId: 'default', label: 'Default - Speakers', kind: 'audiooutput' },
    { deviceId: 'h2', label: 'Jabra Evolve2 65', kind: 'audiooutput' },
  ];
  it('finds the remembered device by its label, whatever its id is today', () => {
    expect(pickDevice(devices, 'audioinput', 'Jabra Evolve2 65')).toEqual({ deviceId: 'h1', fallback: false });
    expect(pickDevice(devices, 'audiooutput', 'Jabra Evolve2 65')).toEqual({ deviceId: 'h2', fallback: false });
  });
  it('unplugged: falls back to the system default and says so; no choice: the default, no notice', () => {
    const unplugged = devices.filter((d) => d.deviceId !== 'h1');
    expect(pickDevice(unplugged, 'audioinput', 'Jabra Evolve2 65')).toEqual({ deviceId: 'default', fallback: true });
    expect(pickDevice(devices, 'audioinput', undefined)).toEqual({ deviceId: 'default', fallback: false });
  });
  it('matches the default pseudo-device by its "Default - " label when only it carries the name', () => {
    expect(pickDevice([{ deviceId: 'default', label: 'Default - USB Headset', kind: 'audioinput' }], 'audioinput', 'USB Headset')).toEqual({ deviceId: 'default', fallback: false });
  });
  it('no device of that kind at all → undefined (the "no input device" banner)', () => {
    expect(pickDevice(devices.filter((d) => d.kind === 'audiooutput'), 'audioinput', 'x')).toBeUndefined();
  });
});
