// Call history's store on a real SQLite file: migrations from v1, search, keyset pagination,
// and what the port writes.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HISTORY_FILE_NAME, migrate, openHistoryDatabase, type HistoryDatabase } from '../../../../electron/core/history/database';
import { HistoryStore } from '../../../../electron/core/history/history-store';
import { migrations, SCHEMA_VERSION } from '../../../../electron/core/history/migrations';

const t0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const min = 60_000;
let dir: string;
let db: HistoryDatabase;
let store: HistoryStore;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'history-store-'));
  db = openHistoryDatabase(dir);
  store = new HistoryStore(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function takeCall(i: number, startedAt = t0 + i * min, number = `+1555010${String(i).padStart(4, '0')}`) {
  store.startCall({ conferenceId: `conf-${i}`, number, queue: i % 2 ? 'sales' : 'support', callerCallControlId: `caller-${i}`, agentCallControlId: 'agent', startedAt, answeredAt: startedAt + 30_000 });
  return `conf-${i}`;
}

describe('migrations', () => {
  it('upgrades a v1 file in place: its calls are kept and gain the new columns', () => {
    db.close();
    rmSync(path.join(dir, HISTORY_FILE_NAME));
    const v1 = openHistoryDatabase(dir, 1);
    expect(v1.pragma('user_version', { simple: true })).toBe(1);
    v1.prepare(`INSERT INTO calls (call_key, direction, number, number_digits, queue, conference_id, outcome, started_at, answered_at, ended_at, hold_secs, disposition)
                VALUES ('conf-old', 'inbound', '+15550100', '15550100', 'support', 'conf-old', 'answered', ?, ?, ?, 5, 'sale')`).run(t0, t0 + 1000, t0 + 61_000);
    v1.close();

    db = openHistoryDatabase(dir);
    store = new HistoryStore(db);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThan(1);
    const [call] = store.list({}, 10).calls;
    expect(call).toMatchObject({ conferenceId: 'conf-old', number: '+15550100', disposition: 'sale', holdSecs: 5, endedAt: new Date(t0 + 61_000).toISOString() });
    expect(call!.quality).toBeUndefined();
    expect(store.recordQuality('conf-old', { worstMos: 3.2, warnings: ['high-jitter'] })).toBe(true);
    expect(store.byConferenceId('conf-old')!.quality).toEqual({ worstMos: 3.2, warnings: ['high-jitter'] });
  });

  it('runs nothing twice, and refuses a file from a newer app', () => {
    expect(migrate(db)).toBe(SCHEMA_VERSION);
    db.pragma(`user_version = ${migrations.length + 1}`);
    expect(() => migrate(db)).toThrow(/newer than this app knows/);
  });

  it('opens in WAL mode with synchronous NORMAL', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
  });
});

describe('search', () => {
  beforeEach(() => {
    for (let i = 0; i < 30; i++) takeCall(i);
    store.annotate('conf-3', { disposition: 'sale', notes: 'wants a quote' });
    store.annotate('conf-4', { disposition: 'sale' });
    store.recordMissed({ callerCallControlId: 'gone-1', number: '+15559990000', queue: 'support', enqueuedAt: t0 + 100 * min, endedAt: t0 + 101 * min });
  });

  it('finds a number by any part of its digits, however it is typed', () => {
    expect(store.list({ number: '0012' }, 50).calls.map((c) => c.number)).toEqual(['+15550100012']);
    expect(store.list({ number: '+1 (555) 010-0012' }, 50).calls.map((c) => c.conferenceId)).toEqual(['conf-12']);
    expect(store.list({ number: '99999999' }, 50).calls).toEqual([]);
  });

  it('filters by date range, disposition and outcome; filters combine', () => {
    const range = store.list({ from: new Date(t0 + 10 * min).toISOString(), to: new Date(t0 + 13 * min).toISOString() }, 50);
    expect(range.calls.map((c) => c.conferenceId)).toEqual(['conf-12', 'conf-11', 'conf-10']);
    expect(store.list({ to: '2026-11-30' }, 50).calls).toEqual([]);
    expect(store.list({ from: '2026-12-01', to: '2026-12-01' }, 50).calls).toHaveLength(31);
    expect(store.list({ disposition: 'sale' }, 50).calls.map((c) => c.conferenceId)).toEqual(['conf-4', 'conf-3']);
    const missed = store.list({ outcome: 'missed' }, 50).calls;
    expect(missed).toEqual([expect.objectContaining({ number: '+15559990000', outcome: 'missed', queue: 'support', waitingSecs: 60, direction: 'inbound' })]);
    expect(store.list({ disposition: 'sale', number: '0004' }, 50).calls.map((c) => c.conferenceId)).toEqual(['conf-4']);
  });

  it('finds a SIP address by its text', () => {
    takeCall(40, t0, 'sip:alice@example.com');
    expect(store.list({ number: 'alice' }, 50).calls.map((c) => c.number)).toEqual(['sip:alice@example.com']);
    expect(store.list({ number: 'al%ce' }, 50).calls).toHaveLength(0); // % is a literal, not a wildcard
  });
});

describe('pagination', () => {
  it('walks every call exactly once, newest first, even with equal start times and rows added meanwhile', () => {
    for (let i = 0; i < 120; i++) takeCall(i, t0 + Math.floor(i / 3) * min); // three calls per minute
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = store.list({}, 50, cursor);
      seen.push(...page.calls.map((c) => c.id));
      cursor = page.nextCursor;
      if (pages++ === 0) takeCall(500, t0 + 999 * min); // a new call arrives after the first page
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    const order = seen.map((id) => store.get(id)!).map((c) => [Date.parse(c.startedAt), c.id] as const);
    for (let i = 1; i < order.length; i++) {
      const [a, b] = [order[i - 1]!, order[i]!];
      expect(a[0] > b[0] || (a[0] === b[0] && a[1] > b[1])).toBe(true);
    }
  });

  it('refuses a cursor it did not make', () => {
    expect(() => store.list({}, 10, 'bm9wZQ')).toThrow(/no longer valid/);
  });
});

describe('a call from start to end, through the port', () => {
  it('records talk, hold, wrap-up, notes, recordings, quality and a transfer', () => {
    const conf = takeCall(1, t0);
    expect(store.byConferenceId(conf)).toMatchObject({ outcome: 'answered', waitingSecs: 30, holdSecs: 0 });
    expect(store.byConferenceId(conf)!.endedAt).toBeUndefined();
    store.addRecording(conf, { recordingId: 'r1', mp3: 'https://x/r1.mp3', savedAt: new Date(t0 + 60_000).toISOString() });
    expect(store.addRecording(conf, { recordingId: 'r1', mp3: 'https://x/r1.mp3', savedAt: new Date(t0 + 60_000).toISOString() })).toBe(false);
    expect(store.endCall(conf, t0 + 30_000 + 120_000, 20)).toBe(true);
    expect(store.endCall(conf, t0 + 999_000, 0)).toBe(false); // ends once
    expect(store.measureWrapUp(conf, 15)).toBe(true);
    expect(store.annotate(conf, { disposition: 'resolved', notes: 'reset password', wrapUpSecs: 40 })).toBe(true);
    expect(store.measureWrapUp(conf, 99)).toBe(false); // the saved wrap-up wins
    store.markTransfer(conf, { direction: 'out', to: '+15550199' });
    expect(store.byConferenceId(conf)).toMatchObject({
      talkingSecs: 100,
      holdSecs: 20,
      wrapUpSecs: 40,
      disposition: 'resolved',
      notes: 'reset password',
      outcome: 'transferred-out',
      transfer: { to: '+15550199' },
      recordings: [{ recordingId: 'r1', mp3: 'https://x/r1.mp3', savedAt: new Date(t0 + 60_000).toISOString() }],
    });
    expect(store.annotate('no-such-conference', { notes: 'x' })).toBe(false);
  });

  it('keeps an outbound call outbound when the engine sees its conference, and marks it unanswered if nobody picked up', () => {
    const id = store.recordOutbound({ conferenceId: 'out-1', number: '+15550142', startedAt: new Date(t0).toISOString() }, t0);
    store.startCall({ conferenceId: 'out-1', number: '', startedAt: t0 + 1000, answeredAt: t0 + 1000, agentCallControlId: 'agent' });
    expect(store.get(id)).toMatchObject({ direction: 'outbound', number: '+15550142', agentCallControlId: 'agent' });
    store.endCall('out-1', t0 + 20_000, 0);
    expect(store.get(id)!.outcome).toBe('unanswered');
    const answered = store.recordOutbound({ conferenceId: 'out-2', number: '+15550143', startedAt: new Date(t0).toISOString() }, t0);
    expect(store.recordOutbound({ conferenceId: 'out-2', number: '+15550143', answeredAt: new Date(t0 + 8000).toISOString() }, t0 + 8000)).toBe(answered);
    store.endCall('out-2', t0 + 68_000, 0);
    expect(store.get(answered)).toMatchObject({ outcome: 'answered', waitingSecs: 8, talkingSecs: 60, startedAt: new Date(t0).toISOString() });
  });
});
