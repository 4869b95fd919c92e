/**
 * The offer's ring, drawn with Web Audio (no audio file, nothing for the CSP to admit): the
 * North American ring cadence, 440 + 480 Hz for 2 s, then 4 s of silence, until stopped.
 */
import { useEffect } from 'react';

const ON_SECS = 2;
const PERIOD_SECS = 6;

export function startRing(): () => void {
  const AudioContextImpl = window.AudioContext as typeof AudioContext | undefined;
  if (!AudioContextImpl) return () => {};
  const context = new AudioContextImpl();
  const gain = context.createGain();
  gain.gain.value = 0;
  gain.connect(context.destination);
  const tones = [440, 480].map((frequency) => {
    const oscillator = context.createOscillator();
    oscillator.frequency.value = frequency;
    oscillator.connect(gain);
    oscillator.start();
    return oscillator;
  });
  // Schedule a minute of cadence ahead; an offer never rings that long.
  const start = context.currentTime;
  for (let t = 0; t < 60; t += PERIOD_SECS) {
    gain.gain.setValueAtTime(0.15, start + t);
    gain.gain.setValueAtTime(0, start + t + ON_SECS);
  }
  void context.resume().catch(() => undefined);
  return () => {
    for (const tone of tones) tone.stop();
    void context.close().catch(() => undefined);
  };
}

/** Rings while `ringing` is true. */
export function useRingTone(ringing: boolean): void {
  useEffect(() => (ringing ? startRing() : undefined), [ringing]);
}
