// The softphone's audio-truth decisions, as pure functions: which device each role uses (by
// label, falling back when unplugged and returning when plugged in), what must switch live,
// "talking while muted" hysteresis, call quality holding and clearing, the pre-call verdict's
// words, and each problem banner's trigger.
import { describe, expect, it } from 'vitest';
import { devicesToSwitch, deviceNotices, resolveDevices, type DeviceLike, type RememberedDevices } from '../../../renderer/src/softphone/devices';
import { mutedTalkIdle, nextMutedTalk, QUIET_SAMPLES, TALKING_SAMPLES, type MutedTalkState } from '../../../renderer/src/softphone/muted-talk';
import { BREACH_SAMPLES, CLEAR_SAMPLES, mosOf, QualityTracker, SDK_HOLD_SAMPLES, type StatsSample } from '../../../renderer/src/softphone/quality';
import { connectionWords } from '../../../renderer/src/softphone/audio-test';
import { iceProblem, mediaProblemKind, problemFor, sdkErrorProblem, socketLostProblem } from '../../../renderer/src/softphone/problems';

const headset = 'Jabra Evolve2 65';
const plugged: DeviceLike[] = [
  { deviceId: 'default', label: 'Default - Built-in Microphone', kind: 'audioinput' },
  { deviceId: 'mic', label: 'Built-in Microphone', kind: 'audioinput' },
  { deviceId: 'hs-in', label: headset, kind: 'audioinput' },
  { deviceId: 'default', label: 'Default - Speakers', kind: 'audiooutput' },
  { deviceId: 'spk', label: 'Speakers', kind: 'audiooutput' },
  { deviceId: 'hs-out', label: headset, kind: 'audiooutput' },
];
const unplugged = plugged.filter((d) => !d.deviceId.startsWith('hs-'));
const remembered: RememberedDevices = { microphone: headset, speaker: headset, ringer: 'Speakers' };

describe('devices by label, with fallback', () => {
  it('each role gets its remembered device; the ringer may differ from the speaker', () => {
    const r = resolveDevices(plugged, remembered);
    expect(r.microphone).toEqual({ deviceId: 'hs-in', fallback: false, label: headset });
    expect(r.speaker).toEqual({ deviceId: 'hs-out', fallback: false, label: headset });
    expect(r.ringer).toEqual({ deviceId: 'spk', fallback: false, label: 'Speakers' });
    expect(deviceNotices(r, remembered)).toEqual([]);
  });
  it('unplugging the headset: microphone and speaker fall back to the system default, with one notice each; the ringer stays', () => {
    const before = resolveDevices(plugged, remembered);
    const after = resolveDevices(unplugged, remembered);
    expect(after.microphone).toMatchObject({ deviceId: 'default', fallback: true });
    expect(after.speaker).toMatchObject({ deviceId: 'default', fallback: true });
    expect(devicesToSwitch(before, after)).toEqual(['microphone', 'speaker']);
    const notices = deviceNotices(after, remembered);
    expect(notices).toHaveLength(2);
    expect(notices[0]).toContain(`${headset} is not connected`);
    expect(notices[0]).toContain('switches back when it is plugged in again');
  });
  it('plugging it back in returns to it (and the notices go)', () => {
    const fallback = resolveDevices(unplugged, remembered);
    const back = resolveDevices(plugged, remembered);
    expect(devicesToSwitch(fallback, back)).toEqual(['microphone', 'speaker']);
    expect(back.microphone?.deviceId).toBe('hs-in');
    expect(deviceNotices(back, remembered)).toEqual([]);
  });
  it('nothing changed → nothing switches; the first resolution switches every role that has a device', () => {
    expect(devicesToSwitch(resolveDevices(plugged, remembered), resolveDevices([...plugged], remembered))).toEqual([]);
    expect(devicesToSwitch(undefined, resolveDevices(plugged, remembered))).toEqual(['microphone', 'speaker', 'ringer']);
    expect(devicesToSwitch(undefined, resolveDevices(plugged.filter((d) => d.kind === 'audiooutput'), remembered))).toEqual(['speaker', 'ringer']);
  });
  it('no choice saved: the system default, never a notice', () => {
    const none = { microphone: '', speaker: '', ringer: '' };
    const r = resolveDevices(unplugged, none);
    expect(r.microphone).toMatchObject({ deviceId: 'default', fallback: false });
    expect(deviceNotices(r, none)).toEqual([]);
  });
});

describe('talking while muted', () => {
  const feed = (levels: number[], muted = true, from: MutedTalkState = mutedTalkIdle) => levels.reduce((s, level) => nextMutedTalk(s, { level, muted }), from);
  it(`shows after ${TALKING_SAMPLES} loud samples in a row while muted, not after fewer`, () => {
    expect(feed(Array(TALKING_SAMPLES - 1).fill(0.2)).showing).toBe(false);
    expect(feed(Array(TALKING_SAMPLES).fill(0.2)).showing).toBe(true);
    expect(feed([0.2, 0.2, 0, 0.2, 0.2]).showing).toBe(false); // a click and a cough are not speech
  });
  it('never while unmuted, and unmuting clears it at once', () => {
    expect(feed(Array(10).fill(0.3), false).showing).toBe(false);
    const showing = feed(Array(TALKING_SAMPLES).fill(0.2));
    expect(nextMutedTalk(showing, { level: 0.3, muted: false }).showing).toBe(false);
  });
  it('does not flicker between words: short pauses keep it; a long quiet stretch clears it', () => {
    const showing = feed(Array(TALKING_SAMPLES).fill(0.2));
    const bursts = feed([0, 0, 0.2, 0.2, 0, 0, 0, 0.2], true, showing);
    expect(bursts.showing).toBe(true);
    expect(feed(Array(QUIET_SAMPLES - 1).fill(0), true, showing).showing).toBe(true);
    expect(feed(Array(QUIET_SAMPLES).fill(0), true, showing).showing).toBe(false);
    // Between the thresholds (murmur) keeps it up without counting as quiet.
    expect(feed(Array(QUIET_SAMPLES * 2).fill(0.03), true, showing).showing).toBe(true);
  });
});

describe('call quality', () => {
  let counter = 0;
  const sample = (over: Partial<StatsSample> & { lost?: number } = {}): StatsSample => {
    counter += 1;
    return { rttMs: 40, jitterMs: 5, packetsLost: over.lost ?? 0, packetsReceived: counter * 50, bytesSent: counter * 4000, bytesReceived: counter * 4000, ...over };
  };
  it('the SDK\'s MOS: a clean loopback is ≈4.4, heavy loss pulls it under 3.5', () => {
    expect(mosOf(5, 40, 0)).toBeGreaterThan(4.3);
    expect(mosOf(5, 40, 10)).toBeLessThan(3.5);
  });
  it(`a breach shows after ${BREACH_SAMPLES} bad samples and clears after ${CLEAR_SAMPLES} good ones`, () => {
    const q = new QualityTracker();
    q.sample(sample());
    for (let i = 1; i < BREACH_SAMPLES; i++) expect(q.sample(sample({ jitterMs: 60 }))).toEqual([]);
    expect(q.sample(sample({ jitterMs: 60 }))).toEqual(['HIGH_JITTER']);
    for (let i = 1; i < CLEAR_SAMPLES; i++) expect(q.sample(sample())).toEqual(['HIGH_JITTER']);
    expect(q.sample(sample())).toEqual([]);
    expect(q.report('c1')).toMatchObject({ callId: 'c1', warnings: ['HIGH_JITTER'] });
  });
  it('packet loss per interval, the worst MOS kept for the report', () => {
    const q = new QualityTracker();
    let lost = 0;
    q.sample(sample());
    for (let i = 0; i < BREACH_SAMPLES; i++) q.sample(sample({ lost: (lost += 10) }));
    expect(q.current()).toEqual(expect.arrayContaining(['HIGH_PACKET_LOSS', 'LOW_MOS']));
    const report = q.report('c2');
    expect(report.worstMos).toBeLessThan(3.5);
    expect(report.warnings).toEqual(['HIGH_PACKET_LOSS', 'LOW_MOS']);
  });
  it('one-way audio: sending but receiving nothing', () => {
    const q = new QualityTracker();
    const frozen = 1_000;
    q.sample(sample({ bytesReceived: frozen }));
    for (let i = 0; i < BREACH_SAMPLES; i++) q.sample(sample({ bytesReceived: frozen }));
    expect(q.current()).toEqual(['ONE_WAY_AUDIO']);
  });
  it('an SDK warning shows at once; one we do not measure goes after a few samples unless repeated', () => {
    const q = new QualityTracker();
    expect(q.sdkWarning('LOW_INBOUND_AUDIO')).toEqual(['LOW_INBOUND_AUDIO']);
    expect(q.sdkWarning('RECORDING_UNAVAILABLE')).toEqual(['LOW_INBOUND_AUDIO']); // not a quality warning
    for (let i = 1; i < SDK_HOLD_SAMPLES; i++) q.sample(sample());
    expect(q.current()).toEqual(['LOW_INBOUND_AUDIO']);
    q.sample(sample());
    expect(q.current()).toEqual([]);
    expect(q.report('c3').warnings).toEqual(['LOW_INBOUND_AUDIO']);
  });
  it('an SDK warning we measure goes when our own samples are good', () => {
    const q = new QualityTracker();
    q.sample(sample());
    expect(q.sdkWarning('HIGH_RTT')).toEqual(['HIGH_RTT']);
    for (let i = 0; i < CLEAR_SAMPLES; i++) q.sample(sample());
    expect(q.current()).toEqual([]);
  });
  it('no samples → no MOS in the report', () => {
    expect(new QualityTracker().report('c4')).toEqual({ callId: 'c4', warnings: [] });
  });
});

describe('the pre-call verdict in plain words', () => {
  it('ready, degraded, blocked, denied, inconclusive', () => {
    expect(connectionWords({ verdict: 'ready', network: { quality: 'good' } })).toEqual({ ok: true, words: 'The connection to Telnyx is good (quality: good).' });
    expect(connectionWords({ verdict: 'degraded', reasons: [{ code: 'network_high_jitter', message: 'High jitter', source: 'network' }] }).words).toContain('weak: High jitter');
    expect(connectionWords({ verdict: 'blocked' })).toMatchObject({ ok: false });
    expect(connectionWords({ verdict: 'blocked' }).words).toContain('Ask IT to allow Telnyx media');
    expect(connectionWords({ verdict: 'permission_denied' }).words).toContain('allow it in your system settings');
    expect(connectionWords({}).words).toContain('inconclusive');
  });
});

describe('one banner per problem, each saying what to do', () => {
  it('no microphone permission / no input device, from getUserMedia', () => {
    expect(mediaProblemKind({ name: 'NotAllowedError' })).toBe('microphone-permission');
    expect(mediaProblemKind({ name: 'NotFoundError' })).toBe('no-input-device');
    expect(mediaProblemKind({ name: 'OverconstrainedError' })).toBe('no-input-device');
  });
  it('token refused: a login error before the first registration', () => {
    expect(sdkErrorProblem({ error: { code: -32001, message: 'Authentication Required' } }, false)).toBe('token-refused');
    expect(sdkErrorProblem({ error: { code: -32001, message: 'Authentication Required' } }, true)).toBeUndefined();
    expect(sdkErrorProblem({ error: { name: 'NotAllowedError' } }, true)).toBe('microphone-permission');
    expect(sdkErrorProblem({ error: { message: 'Requested device not found' } }, true)).toBe('no-input-device');
  });
  it('signalling unreachable before the first registration, registration lost after it', () => {
    expect(socketLostProblem(false)).toBe('signalling-unreachable');
    expect(socketLostProblem(true)).toBe('registration-lost');
  });
  it('ICE failed', () => {
    expect(iceProblem('failed')).toBe('ice-failed');
    expect(iceProblem('disconnected')).toBeUndefined();
  });
  it('every banner says what to do, and carries Telnyx\'s own title when given', () => {
    const what: Record<string, RegExp> = {
      'microphone-permission': /Allow microphone access/,
      'no-input-device': /Plug in a headset/,
      'signalling-unreachable': /Check your network/,
      'ice-failed': /ask IT to allow Telnyx media/,
      'token-refused': /Check the SIP credential connection/,
      'registration-lost': /reconnecting/,
    };
    for (const [kind, pattern] of Object.entries(what)) expect(problemFor(kind as Parameters<typeof problemFor>[0]).message).toMatch(pattern);
    expect(problemFor('token-refused', 'Forbidden').message).toMatch(/\(Forbidden\)$/);
  });
});
