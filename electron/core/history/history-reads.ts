/**
 * The calls table read back: a page at a time, newest first (keyset cursor, history-query.ts),
 * each call with its recordings, as the contract's HistoryCall. The writes (history-store.ts)
 * extend this class, so one object reads and writes one database.
 */
import type { Statement } from 'better-sqlite3';
import type { CallOutcome, HistoryCall, HistoryQuery, HistoryRecording } from '../../contract';
import type { HistoryDatabase } from './database';
import { afterCursor, decodeCursor, encodeCursor, whereOf } from './history-query';

/** A row of the calls table, as SQLite returns it. */
export interface CallRow {
  id: number;
  direction: HistoryCall['direction'];
  number: string;
  queue: string | null;
  conference_id: string | null;
  caller_call_control_id: string | null;
  agent_call_control_id: string | null;
  outcome: CallOutcome;
  started_at: number;
  answered_at: number | null;
  ended_at: number | null;
  waiting_secs: number | null;
  talking_secs: number | null;
  hold_secs: number;
  wrap_up_secs: number | null;
  disposition: string | null;
  notes: string | null;
  worst_mos: number | null;
  quality_warnings: string | null;
  transfer_to: string | null;
  transfer_from: string | null;
  caller_id: string | null;
  hangup_cause: string | null;
}

interface RecordingRow {
  call_id: number;
  recording_id: string;
  wav: string | null;
  mp3: string | null;
  saved_at: number;
}

/** The columns the start-up reconcile reads of a call still in progress. */
export type OpenCall = Pick<CallRow, 'id' | 'conference_id' | 'caller_call_control_id' | 'agent_call_control_id' | 'answered_at'>;

const iso = (ms: number) => new Date(ms).toISOString();

export class HistoryReads {
  protected readonly byConference: Statement<CallRow>;
  protected readonly byId: Statement<CallRow>;

  constructor(protected readonly db: HistoryDatabase) {
    this.byConference = db.prepare('SELECT * FROM calls WHERE conference_id = ? ORDER BY id DESC LIMIT 1');
    this.byId = db.prepare('SELECT * FROM calls WHERE id = ?');
  }

  /** Calls still shown in progress (no end), oldest first. */
  openCalls(): OpenCall[] {
    return this.db
      .prepare<OpenCall>('SELECT id, conference_id, caller_call_control_id, agent_call_control_id, answered_at FROM calls WHERE ended_at IS NULL ORDER BY id')
      .all();
  }

  /** Every disposition found in history, sorted (the partial index on disposition serves it). */
  dispositions(): string[] {
    return this.db
      .prepare<{ disposition: string }>('SELECT DISTINCT disposition FROM calls WHERE disposition IS NOT NULL ORDER BY disposition')
      .all()
      .map((r) => r.disposition);
  }

  list(query: HistoryQuery | undefined, limit: number, cursor?: string): { calls: HistoryCall[]; nextCursor?: string } {
    const where = whereOf(query);
    const after = cursor ? afterCursor(decodeCursor(cursor)) : undefined;
    const rows = this.db
      .prepare<CallRow>(`SELECT * FROM calls WHERE ${where.sql}${after ? ` AND ${after.sql}` : ''} ORDER BY started_at DESC, id DESC LIMIT ?`)
      .all(...where.params, ...(after?.params ?? []), limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const calls = this.withRecordings(page);
    return rows.length > limit && last ? { calls, nextCursor: encodeCursor({ startedAt: last.started_at, id: last.id }) } : { calls };
  }

  /** The newest call of a conference. */
  byConferenceId(conferenceId: string): HistoryCall | undefined {
    const row = this.byConference.get(conferenceId);
    return row ? this.withRecordings([row])[0] : undefined;
  }

  get(id: number): HistoryCall | undefined {
    const row = this.byId.get(id);
    return row ? this.withRecordings([row])[0] : undefined;
  }

  /** Every matching call, newest first, in pages (for the CSV export: memory stays flat). */
  *each(query: HistoryQuery | undefined, pageSize = 500): Generator<HistoryCall> {
    let cursor: string | undefined;
    do {
      const page = this.list(query, pageSize, cursor);
      yield* page.calls;
      cursor = page.nextCursor;
    } while (cursor);
  }

  private withRecordings(rows: CallRow[]): HistoryCall[] {
    if (rows.length === 0) return [];
    const recordings = this.db
      .prepare<RecordingRow>(`SELECT * FROM recordings WHERE call_id IN (${rows.map(() => '?').join(',')}) ORDER BY saved_at, recording_id`)
      .all(...rows.map((r) => r.id));
    const byCall = new Map<number, HistoryRecording[]>();
    for (const r of recordings) {
      const list = byCall.get(r.call_id) ?? [];
      list.push({ recordingId: r.recording_id, ...(r.wav ? { wav: r.wav } : {}), ...(r.mp3 ? { mp3: r.mp3 } : {}), savedAt: iso(r.saved_at) });
      byCall.set(r.call_id, list);
    }
    return rows.map((r) => toHistoryCall(r, byCall.get(r.id) ?? []));
  }
}

function toHistoryCall(r: CallRow, recordings: HistoryRecording[]): HistoryCall {
  const optional = <K extends string, V>(key: K, value: V | null) => (value === null ? {} : ({ [key]: value } as Record<K, V>));
  const transfer = r.transfer_to !== null || r.transfer_from !== null ? { transfer: { ...optional('to', r.transfer_to), ...optional('from', r.transfer_from) } } : {};
  return {
    id: r.id,
    direction: r.direction,
    number: r.number,
    ...optional('queue', r.queue),
    ...optional('conferenceId', r.conference_id),
    ...optional('callerCallControlId', r.caller_call_control_id),
    ...optional('agentCallControlId', r.agent_call_control_id),
    outcome: r.outcome,
    startedAt: iso(r.started_at),
    ...optional('answeredAt', r.answered_at === null ? null : iso(r.answered_at)),
    ...optional('endedAt', r.ended_at === null ? null : iso(r.ended_at)),
    ...optional('waitingSecs', r.waiting_secs),
    ...optional('talkingSecs', r.talking_secs),
    holdSecs: r.hold_secs,
    ...optional('wrapUpSecs', r.wrap_up_secs),
    ...optional('disposition', r.disposition),
    ...optional('notes', r.notes),
    recordings,
    ...(r.worst_mos !== null ? { quality: { worstMos: r.worst_mos, warnings: JSON.parse(r.quality_warnings ?? '[]') as string[] } } : {}),
    ...transfer,
    ...optional('callerId', r.caller_id),
    ...optional('hangupCause', r.hangup_cause),
  };
}
