/**
 * "Test audio": checks the chosen microphone and speaker and, where it can, the path to Telnyx,
 * and says what it found in plain words. The microphone: the SDK's pre-call microphone check
 * (permission, devices) plus the level of the chosen microphone while the agent speaks. The
 * speaker: a test tone on the chosen speaker. The connection: the SDK's pre-call check
 * (`runPreCall`, a short call to Telnyx's test number) live, or in demo mode a loopback call
 * through the simulator (loopback-test.ts), whose far end reports what it heard.
 */
import type { PreCallDiagnosticReport, TelnyxRTC } from '@telnyx/webrtc';
import type { ResolvedDevices } from './devices';
import { MicMonitor } from './mic-monitor';
import { TALKING_LEVEL } from './muted-talk';

export interface AudioTestVerdict {
  ok: boolean;
  microphone: string;
  speaker: string;
  connection?: string;
}

/** Samples of the chosen microphone (at the monitor's 100 ms) the test listens for speech. */
const MIC_SAMPLES = 20;
const TONE_SECONDS = 1;

/** The microphone: the SDK's report on permission and devices, then the level of the chosen one. */
export async function testMicrophone(client: TelnyxRTC | undefined, devices: ResolvedDevices): Promise<{ ok: boolean; words: string }> {
  const report = await client?.runMicrophoneCheck({ durationMs: 1000 }).catch(() => undefined);
  const error = report?.microphone?.captureError;
  if (error === 'permission_denied') return { ok: false, words: 'Switchboard may not use the microphone: allow it in your system settings.' };
  if (error === 'no_device' || !devices.microphone) return { ok: false, words: 'No microphone found: plug in a headset or microphone.' };
  const peak = await peakLevel(devices.microphone.deviceId);
  const name = devices.microphone.label || 'the system default microphone';
  return peak >= TALKING_LEVEL
    ? { ok: true, words: `Your microphone (${name}) hears you.` }
    : { ok: false, words: `Your microphone (${name}) heard nothing: speak while the test runs, check its mute switch, or choose another microphone.` };
}

/** Listens to the chosen microphone for MIC_SAMPLES samples; the loudest one. */
function peakLevel(deviceId: string): Promise<number> {
  return new Promise((resolve) => {
    let samples = 0;
    let peak = 0;
    const monitor = new MicMonitor((level) => {
      if (++samples > MIC_SAMPLES) return;
      peak = Math.max(peak, level);
      if (samples === MIC_SAMPLES) {
        monitor.stop();
        resolve(peak);
      }
    });
    void monitor.start(deviceId).then((started) => {
      if (!started) resolve(0); // no capture: nothing was heard
    });
  });
}

/** The speaker: a short tone on the chosen device; it says where it played (only the agent can say they heard it). */
export async function testSpeaker(devices: ResolvedDevices): Promise<{ ok: boolean; words: string }> {
  const name = devices.speaker?.label || 'the system default speaker';
  if (typeof AudioContext === 'undefined') return { ok: false, words: 'This window cannot play audio.' };
  const context = new AudioContext();
  const tone = context.createOscillator();
  tone.frequency.value = 660;
  const gain = context.createGain();
  gain.gain.value = 0.1;
  const destination = context.createMediaStreamDestination();
  tone.connect(gain).connect(destination);
  const element = new Audio() as HTMLAudioElement & { setSinkId?(id: string): Promise<void>; sinkId?: string };
  element.srcObject = destination.stream;
  try {
    await element.setSinkId?.(devices.speaker?.deviceId ?? '');
    tone.start();
    tone.stop(context.currentTime + TONE_SECONDS);
    await element.play();
    await new Promise((resolve) => (tone.onended = resolve));
    return { ok: true, words: `A test tone played on ${name}. If you did not hear it, choose another speaker.` };
  } catch {
    return { ok: false, words: `The test tone could not play on ${name}: choose another speaker.` };
  } finally {
    element.pause();
    element.srcObject = null;
    void context.close().catch(() => undefined);
  }
}

/** The SDK's pre-call check (live): a short call to Telnyx's test number, judged by the SDK. */
export async function testConnection(client: TelnyxRTC): Promise<{ ok: boolean; words: string }> {
  let report: PreCallDiagnosticReport;
  try {
    report = await client.runPreCall({ durationMs: 5000 });
  } catch (e) {
    return { ok: false, words: `The connection test could not run (${e instanceof Error ? e.message : String(e)}).` };
  }
  return connectionWords(report);
}

/** The SDK's verdict in plain words. */
export function connectionWords(report: Pick<PreCallDiagnosticReport, 'verdict' | 'network' | 'reasons'>): { ok: boolean; words: string } {
  const quality = report.network?.quality;
  const reason = report.reasons?.[0]?.message;
  switch (report.verdict) {
    case 'ready':
      return { ok: true, words: `The connection to Telnyx is good${quality ? ` (quality: ${quality})` : ''}.` };
    case 'degraded':
      return { ok: true, words: `Calls will work, but the connection is weak${reason ? `: ${reason}` : ''}. A wired network helps.` };
    case 'blocked':
      return { ok: false, words: `Call audio cannot reach Telnyx${reason ? `: ${reason}` : ''}. Ask IT to allow Telnyx media (WebRTC).` };
    case 'permission_denied':
      return { ok: false, words: 'Switchboard may not use the microphone: allow it in your system settings.' };
    default:
      return { ok: false, words: `The connection test was inconclusive${reason ? `: ${reason}` : ''}. Try again.` };
  }
}

const STEP_TIMEOUT_MS = 15_000;

/** A step of the test that may never answer (a server that does not register us): it fails with words, not silence. */
export function within<T>(promise: Promise<T>, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The audio test timed out while ${what === 'registering' ? 'registering with Telnyx' : `waiting for ${what}`}.`)), STEP_TIMEOUT_MS);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
