/**
 * A scripted microphone for Chromium (e2e specs and the softphone benchmark): a WAV of tone
 * bursts, played by `--use-file-for-fake-audio-capture` in a loop.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A 16-bit mono PCM WAV of `seconds` at `rate`, each sample `sampleAt(t)` in −1..1 (t in seconds). */
export function monoWav(seconds: number, sampleAt: (t: number) => number, rate = 48_000): Buffer {
  const samples = seconds * rate;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) wav.writeInt16LE(Math.round(32767 * sampleAt(i / rate)), 44 + i * 2);
  return wav;
}

/** `seconds` of `hz` bursts (300 ms on, 200 ms off) at 48 kHz: speech-like, so noise suppression keeps it. */
export function burstsWav(hz = 440, seconds = 10, rate = 48_000): Buffer {
  return monoWav(seconds, (t) => (t % 0.5 < 0.3 ? 0.3 * Math.sin(2 * Math.PI * hz * t) : 0), rate);
}

/** Writes the bursts WAV to a temporary file and returns Chromium's flags for a fake microphone that plays it. */
export function fakeMicrophoneArgs(wav = burstsWav()): string[] {
  const micFile = path.join(mkdtempSync(path.join(tmpdir(), 'sb-mic-')), 'mic.wav');
  writeFileSync(micFile, wav);
  return ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${micFile}`];
}


/**
 * A page init script (`page.addInitScript(rawMicrophone)`): every getUserMedia in the page
 * captures the scripted microphone without Chromium's voice processing (echo cancellation,
 * noise suppression, gain control). Why: the scripted microphone and the simulated callers are
 * pure tones, the worst case for an echo canceller. With some caller tones (700 Hz every time,
 * 450 and 675 Hz partly) Chromium's canceller takes the 440 Hz microphone for echo and, 2–4 s into
 * a call, turns it from ≈0.2 RMS into ≈0.002 at the far end: a call that "sends silence" for a
 * reason that is neither the softphone's nor Telnyx's, and a mute test that could pass on
 * silence the canceller made. Real voices over a headset are not cancelled like that.
 */
export function rawMicrophone(): void {
  const devices = navigator.mediaDevices;
  if (!devices?.getUserMedia) return;
  const getUserMedia = devices.getUserMedia.bind(devices);
  devices.getUserMedia = (constraints?: MediaStreamConstraints) => {
    const audio = constraints?.audio;
    if (!audio) return getUserMedia(constraints);
    const raw = { echoCancellation: false, noiseSuppression: false, autoGainControl: false };
    return getUserMedia({ ...constraints, audio: { ...(typeof audio === 'object' ? audio : {}), ...raw } });
  };
}
