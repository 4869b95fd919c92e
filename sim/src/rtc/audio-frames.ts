// 20 ms frames of 48 kHz mono PCM (what one Opus packet carries), the synthetic voices of the
// simulated parties, and the energy measure every meter uses.

export const SAMPLE_RATE = 48_000;
export const FRAME_MS = 20;
export const FRAME_SAMPLES = (SAMPLE_RATE * FRAME_MS) / 1000; // 960

/** Peak amplitude of a synthetic voice (the notes' 0.3: loud enough to survive any processing). */
const VOICE_AMPLITUDE = 0.3;
/** Hold audio: two alternating notes, quieter than a voice. */
const HOLD_NOTES_HZ = [523.25, 659.25] as const;
const HOLD_AMPLITUDE = 0.2;
const HOLD_NOTE_MS = 400;
const MEDIA_HZ = 1000;

export const silence = (): Float32Array => new Float32Array(FRAME_SAMPLES);

/** Each caller's voice is a steady tone of its own pitch (derived from its call control id): 300–775 Hz. */
export function voiceFrequencyFor(callControlId: string): number {
  let hash = 2166136261;
  for (let i = 0; i < callControlId.length; i++) hash = Math.imul(hash ^ callControlId.charCodeAt(i), 16777619);
  return 300 + ((hash >>> 0) % 20) * 25;
}

/** Frame number `n` of a sine at `hz` (phase-continuous across frames). */
export function toneFrame(hz: number, n: number, amplitude = VOICE_AMPLITUDE): Float32Array {
  const out = new Float32Array(FRAME_SAMPLES);
  const start = n * FRAME_SAMPLES;
  const w = (2 * Math.PI * hz) / SAMPLE_RATE;
  for (let i = 0; i < FRAME_SAMPLES; i++) out[i] = amplitude * Math.sin(w * (start + i));
  return out;
}

/** Frame number `n` of the hold audio a held participant hears. */
export function holdFrame(n: number): Float32Array {
  const note = HOLD_NOTES_HZ[Math.floor((n * FRAME_MS) / HOLD_NOTE_MS) % HOLD_NOTES_HZ.length] ?? HOLD_NOTES_HZ[0];
  return toneFrame(note, n, HOLD_AMPLITUDE);
}

/** Frame number `n` of conference playback / speech (a steady 1 kHz tone: any audio URL or text sounds like this). */
export function mediaFrame(n: number): Float32Array {
  return toneFrame(MEDIA_HZ, n, HOLD_AMPLITUDE);
}

/** Adds `src` into `into` (mixing); the result is clipped when it is encoded. */
export function mixInto(into: Float32Array, src: Float32Array): void {
  for (let i = 0; i < FRAME_SAMPLES; i++) into[i] = (into[i] ?? 0) + (src[i] ?? 0);
}

export function rms(frame: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < frame.length; i++) sum += (frame[i] ?? 0) ** 2;
  return frame.length === 0 ? 0 : Math.sqrt(sum / frame.length);
}

export function toPcm16(frame: Float32Array): Buffer {
  const out = Buffer.alloc(frame.length * 2);
  for (let i = 0; i < frame.length; i++) out.writeInt16LE(Math.round(Math.max(-1, Math.min(1, frame[i] ?? 0)) * 32767), i * 2);
  return out;
}

export function fromPcm16(pcm: Buffer, channels: number): Float32Array {
  const frames = Math.floor(pcm.length / 2 / channels);
  const out = new Float32Array(frames);
  for (let i = 0; i < frames; i++) out[i] = pcm.readInt16LE(i * 2 * channels) / 32768;
  return out;
}
