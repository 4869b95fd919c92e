/**
 * Call quality while it holds: each stats sample (softphone-client's getStats, once a second) is
 * judged against the SDK's own thresholds; a warning shows after BREACH_SAMPLES bad samples in a
 * row and goes after CLEAR_SAMPLES good ones. The SDK's `telnyx.warning` events (only sent when
 * call reports are on) show at once and go the same way when we measure that metric, or after
 * SDK_HOLD_SAMPLES samples when we do not. The worst MOS and every warning seen are kept for the
 * call's end (`softphone.reportQuality`).
 */
import { qualityWarningNames, type CallQualityReport, type QualityWarningName } from '../../../electron/contract';

/** The SDK's thresholds (@telnyx/webrtc 2.27: HIGH_RTT 400 ms, HIGH_JITTER 30 ms, 1 % loss, LOW_MOS 3.5). */
export const THRESHOLDS = { rttMs: 400, jitterMs: 30, lossPct: 1, mos: 3.5 } as const;
export const BREACH_SAMPLES = 3;
export const CLEAR_SAMPLES = 3;
export const SDK_HOLD_SAMPLES = 5;

/** Cumulative counters and current values from one getStats() report. */
export interface StatsSample {
  rttMs?: number;
  jitterMs?: number;
  packetsLost: number;
  packetsReceived: number;
  bytesSent: number;
  bytesReceived: number;
}

/** The SDK's MOS (its `utils/mos.ts`: a simplified E-model from jitter, RTT and loss), 1..5. */
export function mosOf(jitterMs: number, rttMs: number, lossPct: number): number {
  const d = jitterMs + rttMs / 2;
  const delayImpairment = 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
  const lossImpairment = 20 * Math.log(1 + lossPct);
  const r = 93.2 - delayImpairment - lossImpairment;
  return Math.min(5, Math.max(1, 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r)));
}

const measured: readonly QualityWarningName[] = ['HIGH_RTT', 'HIGH_JITTER', 'HIGH_PACKET_LOSS', 'LOW_MOS', 'ONE_WAY_AUDIO'];

export class QualityTracker {
  private previous?: StatsSample;
  private readonly bad = new Map<QualityWarningName, number>();
  private readonly good = new Map<QualityWarningName, number>();
  private readonly sdkHeld = new Map<QualityWarningName, number>();
  private readonly holding = new Set<QualityWarningName>();
  private readonly seen = new Set<QualityWarningName>();
  private worstMos: number | undefined;

  /** Judges one sample; returns the warnings holding now, in the contract's order. */
  sample(s: StatsSample): QualityWarningName[] {
    const prev = this.previous;
    this.previous = s;
    if (prev) {
      const lost = Math.max(0, s.packetsLost - prev.packetsLost);
      const received = Math.max(0, s.packetsReceived - prev.packetsReceived);
      const lossPct = lost + received > 0 ? (100 * lost) / (lost + received) : 0;
      const sent = s.bytesSent - prev.bytesSent;
      const got = s.bytesReceived - prev.bytesReceived;
      const mos = s.jitterMs !== undefined && s.rttMs !== undefined ? mosOf(s.jitterMs, s.rttMs, lossPct) : undefined;
      if (mos !== undefined) this.worstMos = Math.min(this.worstMos ?? 5, mos);
      this.judge('HIGH_RTT', s.rttMs !== undefined && s.rttMs > THRESHOLDS.rttMs);
      this.judge('HIGH_JITTER', s.jitterMs !== undefined && s.jitterMs > THRESHOLDS.jitterMs);
      this.judge('HIGH_PACKET_LOSS', lossPct > THRESHOLDS.lossPct);
      this.judge('LOW_MOS', mos !== undefined && mos < THRESHOLDS.mos);
      // Audio one way only: this side sends but receives nothing, or the reverse.
      this.judge('ONE_WAY_AUDIO', (sent > 0) !== (got > 0));
    }
    for (const [name, left] of this.sdkHeld) {
      if (measured.includes(name)) continue;
      if (left <= 1) {
        this.sdkHeld.delete(name);
        this.holding.delete(name);
      } else this.sdkHeld.set(name, left - 1);
    }
    return this.current();
  }

  /** An SDK `telnyx.warning` for this call: shown now. */
  sdkWarning(name: string): QualityWarningName[] {
    const known = qualityWarningNames.find((n) => n === name);
    if (known) {
      this.holding.add(known);
      this.seen.add(known);
      this.sdkHeld.set(known, SDK_HOLD_SAMPLES);
      this.good.set(known, 0);
    }
    return this.current();
  }

  current(): QualityWarningName[] {
    return qualityWarningNames.filter((n) => this.holding.has(n));
  }

  report(callId: string): CallQualityReport {
    return { callId, ...(this.worstMos !== undefined ? { worstMos: Math.round(this.worstMos * 100) / 100 } : {}), warnings: qualityWarningNames.filter((n) => this.seen.has(n)) };
  }

  private judge(name: QualityWarningName, breached: boolean): void {
    if (breached) {
      this.good.set(name, 0);
      const bad = (this.bad.get(name) ?? 0) + 1;
      this.bad.set(name, bad);
      if (bad >= BREACH_SAMPLES) {
        this.holding.add(name);
        this.seen.add(name);
      }
      return;
    }
    this.bad.set(name, 0);
    const good = (this.good.get(name) ?? 0) + 1;
    this.good.set(name, good);
    if (good >= CLEAR_SAMPLES) {
      this.holding.delete(name);
      this.sdkHeld.delete(name);
    }
  }
}

/** Plain words for the call panel. */
export const warningText: Record<QualityWarningName, string> = {
  HIGH_RTT: 'high latency',
  HIGH_JITTER: 'high jitter (choppy audio)',
  HIGH_PACKET_LOSS: 'packet loss',
  LOW_MOS: 'low call quality score',
  ONE_WAY_AUDIO: 'audio flowing one way only',
  LOW_LOCAL_AUDIO: 'your microphone is very quiet',
  LOW_INBOUND_AUDIO: 'the caller is very quiet',
  LOW_BYTES_RECEIVED: 'little audio arriving',
  LOW_BYTES_SENT: 'little audio leaving',
};
