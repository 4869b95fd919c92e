// Who hears whom in a conference with a WebRTC agent (sim/src/rtc/mixer.ts), frame by frame, with
// Telnyx's rules: muted and held participants and monitors are heard by nobody, a whisperer only by
// the ones it whispers to, a held participant hears hold audio. The agent's "peer" here is a stub
// that says a fixed tone; the browser test drives the real one.
import { describe, expect, it } from 'vitest';
import type { CallLeg, Conference, ConferenceMedia, Participant, SupervisorRole } from '../../../sim/src/model';
import { CONFERENCE_MEDIA, HOLD_AUDIO, Mixer } from '../../../sim/src/rtc/mixer';
import { FRAME_SAMPLES, rms, toneFrame, voiceFrequencyFor } from '../../../sim/src/rtc/audio-frames';

function world(parties: Array<{ id: string; role?: SupervisorRole; whisperTo?: string[]; muted?: boolean; onHold?: boolean }>) {
  const legs = new Map<string, CallLeg>();
  const participants = new Map<string, Participant>();
  for (const p of parties) {
    legs.set(p.id, { callControlId: p.id, alive: true, answered: true, conferenceId: 'conf' } as CallLeg);
    participants.set(p.id, {
      callControlId: p.id, muted: p.muted ?? false, onHold: p.onHold ?? false, supervisorRole: p.role ?? 'none',
      whisperCallControlIds: p.whisperTo ?? [],
    } as Participant);
  }
  const media = new Set<ConferenceMedia>();
  const conferences = new Map<string, Conference>([['conf', { id: 'conf', participants, media } as Conference]]);
  return { legs, conferences, participants, media };
}

/** A WebRTC peer stand-in: says a 440 Hz tone and keeps what it is sent. */
function stubPeer() {
  const sent: Float32Array[] = [];
  let n = 0;
  return { sent, take: () => toneFrame(440, n++), send: (frame: Float32Array) => void sent.push(frame) };
}

function heardFrom(mixer: Mixer, id: string): string[] {
  return mixer.audio().find((a) => a.call_control_id === id)?.heard_from ?? [];
}

describe('rtc mixer', () => {
  it('everyone hears the agent and the caller; a whisperer only the agent; a monitor nobody', () => {
    const w = world([{ id: 'agent' }, { id: 'caller' }, { id: 'coach', role: 'whisper', whisperTo: ['agent'] }, { id: 'monitor', role: 'monitor' }]);
    const mixer = new Mixer(w);
    const peer = stubPeer();
    mixer.add('agent', peer, false);
    for (let n = 0; n < 10; n++) mixer.mixFrame(n);
    expect(heardFrom(mixer, 'agent').sort()).toEqual(['caller', 'coach']);
    expect(heardFrom(mixer, 'caller')).toEqual(['agent']);
    expect(heardFrom(mixer, 'coach').sort()).toEqual(['agent', 'caller']);
    expect(heardFrom(mixer, 'monitor').sort()).toEqual(['agent', 'caller']);
    // What the agent's peer was sent is the mix of both voices (not silence).
    expect(peer.sent).toHaveLength(10);
    expect(rms(peer.sent[9]!)).toBeGreaterThan(0.2);
    expect(peer.sent[9]).toHaveLength(FRAME_SAMPLES);
    const agent = mixer.audio().find((a) => a.call_control_id === 'agent')!;
    expect(agent.kind).toBe('webrtc');
    expect(agent.said_rms).toBeCloseTo(0.3 / Math.SQRT2, 2);
    mixer.close();
  });

  it('a muted agent is heard by nobody; a held caller hears hold audio and is not heard', () => {
    const w = world([{ id: 'agent', muted: true }, { id: 'caller', onHold: true }, { id: 'barge', role: 'barge' }]);
    const mixer = new Mixer(w);
    mixer.add('agent', stubPeer(), false);
    for (let n = 0; n < 10; n++) mixer.mixFrame(n);
    expect(heardFrom(mixer, 'caller')).toEqual([HOLD_AUDIO]);
    expect(heardFrom(mixer, 'barge')).toEqual([]);
    expect(heardFrom(mixer, 'agent')).toEqual(['barge']);
    // The participant un-holds: the caller hears the barging supervisor (the agent is still muted).
    w.participants.get('caller')!.onHold = false;
    for (let n = 10; n < 20; n++) mixer.mixFrame(n);
    expect(heardFrom(mixer, 'caller')).toEqual(['barge']);
    mixer.close();
  });

  it('the client holding its call stops hearing; a party that hung up hears nothing from then on', () => {
    const w = world([{ id: 'agent' }, { id: 'caller' }]);
    const mixer = new Mixer(w);
    const peer = stubPeer();
    mixer.add('agent', peer, false);
    mixer.setClientHold('agent', true);
    for (let n = 0; n < 10; n++) mixer.mixFrame(n);
    expect(heardFrom(mixer, 'agent')).toEqual([]);
    expect(rms(peer.sent[9]!)).toBe(0);
    expect(heardFrom(mixer, 'caller')).toEqual(['agent']); // the microphone keeps flowing (SDK hold is no privacy hold)
    w.legs.get('caller')!.alive = false;
    for (let n = 10; n < 20; n++) mixer.mixFrame(n);
    const caller = mixer.audio().find((a) => a.call_control_id === 'caller')!;
    expect(caller.heard_rms).toBe(0);
    expect(caller.heard_history.at(-1)).toBe(0);
    mixer.close();
  });

  it('conference playback reaches the participants it targets (everyone when none named); a held one still hears only hold audio', () => {
    const w = world([{ id: 'agent' }, { id: 'caller' }, { id: 'held', onHold: true }]);
    const mixer = new Mixer(w);
    const peer = stubPeer();
    mixer.add('agent', peer, false);
    w.media.add({ kind: 'playback', mediaUrl: 'https://example.com/a.wav' });
    for (let n = 0; n < 10; n++) mixer.mixFrame(n);
    expect(heardFrom(mixer, 'agent').sort()).toEqual(['caller', CONFERENCE_MEDIA]);
    expect(heardFrom(mixer, 'caller').sort()).toEqual(['agent', CONFERENCE_MEDIA]);
    expect(heardFrom(mixer, 'held')).toEqual([HOLD_AUDIO]);
    w.media.clear();
    w.media.add({ kind: 'speak', targets: ['caller'] });
    for (let n = 10; n < 20; n++) mixer.mixFrame(n);
    expect(heardFrom(mixer, 'agent')).toEqual(['caller']);
    expect(heardFrom(mixer, 'caller').sort()).toEqual(['agent', CONFERENCE_MEDIA]);
    // Real audio energy, not a label: the agent's peer was sent the caller's voice plus the playback before.
    expect(rms(peer.sent[5]!)).toBeGreaterThan(rms(peer.sent[15]!));
    mixer.close();
  });

  it('each caller has its own pitch', () => {
    const pitches = new Set(['v3:a', 'v3:b', 'v3:c', 'v3:d'].map(voiceFrequencyFor));
    expect(pitches.size).toBeGreaterThan(1);
    for (const hz of pitches) expect(hz).toBeGreaterThanOrEqual(300);
  });
});
