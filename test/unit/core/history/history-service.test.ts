// Call history as core hosts it: retention on a test clock, the CSV export (escaping and the
// formula guard), the contract handlers and the change events, on a real SQLite file.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../electron/contract';
import { methodParams } from '../../../../electron/contract/schemas';
import { createHistoryService, type HistoryService } from '../../../../electron/core/history';
import { csvCell } from '../../../../electron/core/history/csv';
import { DAY_MS } from '../../../../electron/core/history/history-service';
import { createLogger } from '../../../../electron/core/log';
import { ManualClock } from '../../../support/manual-clock';

const entries: Array<{ level: string; msg: string }> = [];
const log = createLogger({ level: 'info', sink: (line) => entries.push(JSON.parse(line) as { level: string; msg: string }) });
let dir: string;
let clock: ManualClock;
let retentionDays: number;
let history: HistoryService;
const open = () => createHistoryService({ host: { dir, exportPath: async (name) => path.join(dir, name) }, settings: () => ({ retentionDays }), log, clock });

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'history-service-'));
  clock = new ManualClock(Date.UTC(2026, 11, 1, 12));
  retentionDays = 30;
  entries.length = 0;
});
afterEach(() => {
  history?.close();
  rmSync(dir, { recursive: true, force: true });
});

const dayAgo = (days: number) => new Date(clock.now() - days * DAY_MS).toISOString();

describe('retention', () => {
  it('deletes calls older than the setting at start and then once a day, and says so', async () => {
    history = open();
    history.recordOutbound({ conferenceId: 'old', number: '+15550001', startedAt: dayAgo(31) });
    history.recordOutbound({ conferenceId: 'edge', number: '+15550002', startedAt: dayAgo(29.5) });
    history.recordOutbound({ conferenceId: 'new', number: '+15550003', startedAt: dayAgo(1) });
    history.close();

    history = open(); // start: the 31-day-old call goes
    const numbers = async () => (await history.handlers['history.list']({ limit: 50 })).calls.map((c) => c.number);
    expect(await numbers()).toEqual(['+15550003', '+15550002']);
    const revisions: number[] = [];
    history.onChange((r) => revisions.push(r));
    clock.advance(DAY_MS - 1);
    expect(await numbers()).toHaveLength(2);
    clock.advance(1); // a day after start: the 29.5-day-old call is now 30.5 days old
    expect(await numbers()).toEqual(['+15550003']);
    expect(revisions).toHaveLength(1);
    expect(entries.filter((e) => e.msg === 'old calls removed from history')).toHaveLength(2);
    clock.advance(DAY_MS); // and again the next day (nothing to remove, no change announced)
    expect(revisions).toHaveLength(1);
    expect(clock.pending()).toBe(1);
  });

  it('a retention that fails is logged and never throws (the app keeps running)', () => {
    const settingsBroken = createHistoryService({
      host: { dir: path.join(dir, 'other') },
      settings: () => {
        throw new Error('settings unreadable');
      },
      log,
      clock,
    });
    expect(settingsBroken.prune()).toBe(0);
    clock.advance(DAY_MS);
    expect(entries.filter((e) => e.msg === 'history retention failed').length).toBeGreaterThanOrEqual(2);
    settingsBroken.close();
    expect(settingsBroken.prune()).toBe(0); // after close: nothing, no throw
  });
});

describe('CSV export', () => {
  it('escapes commas, quotes and line breaks, and guards cells a spreadsheet would run', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('+15550100')).toBe(`'+15550100`);
    expect(csvCell('-2+3')).toBe(`'-2+3`);
    expect(csvCell('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(csvCell('\tcmd')).toBe(`'\tcmd`);
    expect(csvCell(42)).toBe('42');
    expect(csvCell(undefined)).toBe('');
  });

  it('writes the matching calls to the file the host chose and returns its path', async () => {
    history = open();
    history.recordOutbound({ conferenceId: 'c1', number: '+15550001', startedAt: dayAgo(2), answeredAt: dayAgo(2) });
    history.annotate('c1', { disposition: 'sale', notes: 'said "call me", then\n=1+1' });
    history.recordOutbound({ conferenceId: 'c2', number: '+15559999', startedAt: dayAgo(1) });
    const params = methodParams['history.exportCsv'].parse({ query: { disposition: 'sale' } });
    const result = await history.handlers['history.exportCsv'](params);
    expect(result).toEqual({ saved: true, path: path.join(dir, 'switchboard-history-2026-12-01.csv'), rows: 1 });
    const text = readFileSync(path.join(dir, 'switchboard-history-2026-12-01.csv'), 'utf8');
    const [header, row, end] = text.split(/\r\n(?=(?:[^"]*"[^"]*")*[^"]*$)/);
    expect(header!.split(',').slice(0, 5)).toEqual(['id', 'direction', 'number', 'queue', 'outcome']);
    expect(row).toContain(`,'+15550001,`);
    expect(row).toContain(`,"said ""call me"", then\n=1+1",`);
    expect(end).toBe('');
  });

  it('a cancelled save dialog writes nothing', async () => {
    history = createHistoryService({ host: { dir, exportPath: async () => undefined }, settings: () => defaultSettings.history, log, clock });
    expect(await history.handlers['history.exportCsv']({})).toEqual({ saved: false });
  });
});

describe('contract handlers', () => {
  it('answers list and get, and announces each committed change', async () => {
    history = open();
    const revisions: number[] = [];
    history.onChange((r) => revisions.push(r));
    const id = history.recordOutbound({ conferenceId: 'c1', number: '+15550001' });
    expect(history.annotate('c1', { notes: 'hello' })).toBe(true);
    expect(history.annotate('nope', { notes: 'hello' })).toBe(false);
    expect(revisions).toEqual([1, 2]);
    expect(await history.handlers['history.get']({ id })).toMatchObject({ id, notes: 'hello', direction: 'outbound' });
    await expect(history.handlers['history.get']({ id: 999 })).rejects.toThrow(/no longer in history/);
    const page = await history.handlers['history.list'](methodParams['history.list'].parse({}));
    expect(page.calls).toHaveLength(1);
  });

  it('validates the query: dates, outcomes, page size', () => {
    const list = methodParams['history.list'];
    expect(list.safeParse({ query: { from: 'yesterday' } }).success).toBe(false);
    expect(list.safeParse({ query: { outcome: 'lost' } }).success).toBe(false);
    expect(list.safeParse({ limit: 1000 }).success).toBe(false);
    expect(list.safeParse({ query: { from: '2026-12-01', to: '2026-12-01T23:00:00.000Z', outcome: 'missed', number: '555' } }).success).toBe(true);
  });
});

describe('history.dispositions (the History filter\'s choices)', () => {
  it('lists the configured dispositions first, then any other value found in history, sorted, each once', async () => {
    let configured = ['Resolved', 'Escalated'];
    history = createHistoryService({ host: { dir }, settings: () => ({ retentionDays }), configuredDispositions: () => configured, log, clock });
    expect(await history.handlers['history.dispositions']({})).toEqual({ dispositions: ['Resolved', 'Escalated'] });
    for (const [id, disposition] of [['a', 'Escalated'], ['b', 'wrong number'], ['c', 'Callback'], ['d', 'wrong number']] as const) {
      history.recordOutbound({ conferenceId: id, number: '+15550001' });
      history.annotate(id, { disposition });
    }
    expect(await history.handlers['history.dispositions']({})).toEqual({ dispositions: ['Resolved', 'Escalated', 'Callback', 'wrong number'] });
    // A disposition removed from Settings is still offered while calls carry it.
    configured = ['Resolved'];
    expect(await history.handlers['history.dispositions']({})).toEqual({ dispositions: ['Resolved', 'Callback', 'Escalated', 'wrong number'] });
    expect(methodParams['history.dispositions'].safeParse({ extra: 1 }).success).toBe(false);
  });
});
