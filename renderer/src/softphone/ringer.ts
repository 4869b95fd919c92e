/**
 * The ringer: a ring tone on the agent's chosen ringer device (often the laptop speakers while
 * the call itself goes to the headset). The SDK's own ringtone is a plain <audio> with no device
 * choice, so this module makes its own: a Web Audio two-tone cadence (2 s on, 4 s off, scheduled
 * on the audio clock) into a MediaStream played by an <audio> element whose sink is the ringer.
 *
 * Anything may ring: the softphone for an invite that is not the console's own, the team panel
 * for a relay offer. Each caller names its reason; the tone plays while any reason is active.
 */

const CADENCE_ON_S = 2;
const CADENCE_PERIOD_S = 6;
/** Cycles scheduled at once (10 minutes); nothing rings longer than Telnyx lets an invite ring. */
const CYCLES = 100;

interface Playing {
  context: AudioContext;
  element: HTMLAudioElement;
}

let playing: Playing | undefined;
let sinkId = '';
const reasons = new Set<string>();
const listeners = new Set<(ringing: boolean) => void>();

/** Starts ringing for `reason` (idempotent per reason). */
export function ring(reason = 'default'): void {
  reasons.add(reason);
  if (!playing) start();
}

/** Stops ringing for `reason`; the tone stops when no reason is left. */
export function stopRing(reason = 'default'): void {
  reasons.delete(reason);
  if (reasons.size === 0) stop();
}

export function isRinging(): boolean {
  return playing !== undefined;
}

export function onRingingChange(listener: (ringing: boolean) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The ringer device ('' = system default); applied at once if ringing. */
export function setRingerDevice(deviceId: string): void {
  sinkId = deviceId;
  if (playing) void applySink(playing.element);
}

/** The device the ringer plays on now (tests and the device menu read it). */
export function ringerDevice(): string {
  return sinkId;
}

function start(): void {
  if (typeof AudioContext === 'undefined') return;
  const context = new AudioContext();
  const gain = context.createGain();
  gain.gain.value = 0;
  for (const hz of [440, 480]) {
    const tone = context.createOscillator();
    tone.frequency.value = hz;
    tone.connect(gain);
    tone.start();
  }
  const t0 = context.currentTime + 0.05;
  for (let i = 0; i < CYCLES; i++) {
    gain.gain.setValueAtTime(0.15, t0 + i * CADENCE_PERIOD_S);
    gain.gain.setValueAtTime(0, t0 + i * CADENCE_PERIOD_S + CADENCE_ON_S);
  }
  const destination = context.createMediaStreamDestination();
  gain.connect(destination);
  const element = new Audio();
  element.dataset.ringer = 'true';
  element.hidden = true;
  element.srcObject = destination.stream;
  // In the document (invisible: no controls) so the ringing state and its device can be inspected.
  document.body.append(element);
  playing = { context, element };
  void applySink(element).then(() => element.play().catch(() => undefined));
  listeners.forEach((l) => l(true));
}

function stop(): void {
  const current = playing;
  if (!current) return;
  playing = undefined;
  current.element.pause();
  current.element.srcObject = null;
  current.element.remove();
  void current.context.close().catch(() => undefined);
  listeners.forEach((l) => l(false));
}

async function applySink(element: HTMLAudioElement): Promise<void> {
  const withSink = element as HTMLAudioElement & { setSinkId?(id: string): Promise<void> };
  // A device that vanished a moment ago: keep ringing on the default rather than not at all.
  await withSink.setSinkId?.(sinkId).catch(() => withSink.setSinkId?.(''));
}
