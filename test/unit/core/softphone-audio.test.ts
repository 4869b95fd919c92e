// Main's half of the softphone's audio truth: a ringing call that is not the console's own
// becomes an OS notification through the host; each call's quality is validated, kept (bounded)
// and handed to the call history; the loopback audio test exists only where the demo gives one.
import { describe, expect, it } from 'vitest';
import { methodParams } from '../../../electron/contract/schemas';
import { createSoftphoneAudio } from '../../../electron/core/softphone/softphone-audio';

describe('softphone audio (main)', () => {
  it('notifyIncoming shows one OS notification naming the caller and what to do', async () => {
    const shown: Array<{ title: string; body: string }> = [];
    const audio = createSoftphoneAudio({ notify: (n) => shown.push(n) });
    await audio.handlers['softphone.notifyIncoming']({ from: '+15550142001' });
    expect(shown).toEqual([{ title: 'Incoming call', body: '+15550142001 is calling your softphone. Open Switchboard to accept or decline.' }]);
  });

  it('reportQuality keeps the newest report per conference, bounded, and hands it to the history row of that conference', async () => {
    const recorded: unknown[] = [];
    const audio = createSoftphoneAudio({ history: { recordQuality: (conferenceId, quality) => recorded.push([conferenceId, quality]) > 0 } });
    await audio.handlers['softphone.reportQuality']({ callId: 'v3:leg', conferenceId: 'conf-1', worstMos: 3.2, warnings: ['HIGH_JITTER', 'HIGH_JITTER', 'LOW_MOS'] });
    expect(audio.qualityOf('conf-1')).toEqual({ callId: 'v3:leg', conferenceId: 'conf-1', worstMos: 3.2, warnings: ['HIGH_JITTER', 'LOW_MOS'] });
    expect(recorded).toEqual([['conf-1', { worstMos: 3.2, warnings: ['HIGH_JITTER', 'LOW_MOS'] }]]);
    // No conference or no MOS sample: kept here, nothing for a history row.
    await audio.handlers['softphone.reportQuality']({ callId: 'v3:a', warnings: [] });
    await audio.handlers['softphone.reportQuality']({ callId: 'v3:leg', conferenceId: 'conf-2', warnings: ['ONE_WAY_AUDIO'] });
    expect(recorded).toHaveLength(1);
    expect(audio.qualityOf('conf-2')?.warnings).toEqual(['ONE_WAY_AUDIO']);
    for (let i = 0; i < 250; i++) await audio.handlers['softphone.reportQuality']({ callId: `c${i}`, warnings: [] });
    expect(audio.qualityReports()).toHaveLength(200);
    expect(audio.qualityOf('conf-1')).toBeUndefined();
    expect(audio.qualityOf('c249')).toEqual({ callId: 'c249', warnings: [] });
  });

  it('the params are validated: a MOS out of 1..5 or an unknown warning is refused', () => {
    const schema = methodParams['softphone.reportQuality'];
    expect(schema.safeParse({ callId: 'x', worstMos: 4.4, warnings: ['ONE_WAY_AUDIO'] }).success).toBe(true);
    expect(schema.safeParse({ callId: 'x', worstMos: 7, warnings: [] }).success).toBe(false);
    expect(schema.safeParse({ callId: 'x', warnings: ['MADE_UP'] }).success).toBe(false);
    expect(methodParams['softphone.notifyIncoming'].safeParse({ from: '' }).success).toBe(false);
  });

  it('the loopback audio test is refused where there is no demo line (live: the SDK\'s pre-call check instead)', async () => {
    const audio = createSoftphoneAudio({ audioTest: () => undefined });
    await expect(audio.handlers['softphone.startAudioTest']({})).rejects.toMatchObject({ error: { code: 'INVALID_STATE' } });
    let started = 0;
    const demo = createSoftphoneAudio({ audioTest: () => ({ start: async () => ({ testId: `t${++started}` }), finish: async () => ({ heardRms: 0.03 }) }) });
    await expect(demo.handlers['softphone.startAudioTest']({})).resolves.toEqual({ testId: 't1' });
    await expect(demo.handlers['softphone.finishAudioTest']({ testId: 't1' })).resolves.toEqual({ heardRms: 0.03 });
  });
});
