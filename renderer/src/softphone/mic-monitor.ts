/**
 * The raw microphone level: its own capture of the chosen microphone (voice processing off, so
 * the level is what the agent says, not what gain control makes of it), read by an analyser every
 * SAMPLE_MS. It keeps running while the call's track is disabled by mute: that is how "you are
 * talking while muted" can be true. The meter in the call panel shows this level.
 */
export const SAMPLE_MS = 100;

export class MicMonitor {
  private stream?: MediaStream;
  private context?: AudioContext;
  private timer?: ReturnType<typeof setInterval>;
  private deviceId = '';
  private generation = 0;

  constructor(private readonly onLevel: (level: number) => void) {}

  /** Starts (or moves to another device): false when the capture failed (the level stays 0; the softphone's banner says why). */
  async start(deviceId: string): Promise<boolean> {
    if (this.stream && deviceId === this.deviceId) return true;
    this.stop();
    const generation = ++this.generation;
    this.deviceId = deviceId;
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: { ...(deviceId ? { deviceId: { exact: deviceId } } : {}), echoCancellation: false, noiseSuppression: false, autoGainControl: false },
        video: false,
      });
    } catch {
      return false;
    }
    if (generation !== this.generation) {
      stream.getTracks().forEach((t) => t.stop());
      return false;
    }
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    this.stream = stream;
    this.context = context;
    this.timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const v of samples) sum += v * v;
      this.onLevel(Math.min(1, Math.sqrt(sum / samples.length)));
    }, SAMPLE_MS);
    return true;
  }

  stop(): void {
    this.generation++;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = undefined;
    void this.context?.close().catch(() => undefined);
    this.context = undefined;
    this.onLevel(0);
  }
}
