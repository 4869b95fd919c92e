/**
 * The calls table: every write is one statement (or one transaction) that is committed when the
 * method returns, and returns whether it changed a row. Reads come a page at a time, newest
 * first. The recorder (recorder.ts) and the port (port.ts) write through here; nothing else does.
 */
import type { Statement } from 'better-sqlite3';
import type { CallOutcome, HistoryCall, HistoryQuery, HistoryRecording } from '../../contract';
import type { HistoryDatabase } from './database';
import { afterCursor, decodeCursor, digitsOf, encodeCursor, whereOf } from './history-query';
import type { CallAnnotation, CallQuality, CallTransfer, OutboundCall, UnansweredCall } from './port';

interface CallRow {
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

/** An inbound call the agent took from a queue (or found itself in after a restart). */
export interface StartedCall {
  conferenceId: string;
  number: string;
  queue?: string;
  callerCallControlId?: string;
  agentCallControlId?: string;
  startedAt: number;
  answeredAt: number;
}

/** A caller who hung up while waiting in a watched queue. */
export interface MissedCall {
  callerCallControlId: string;
  number: string;
  queue: string;
  enqueuedAt: number;
  endedAt: number;
}

/** A call that reached this agent as a transfer target: another console dialled this agent's endpoint. */
export interface TransferredInCall {
  /** The leg dialled to this agent. */
  callControlId: string;
  /** The conference it joins (the sender's call). */
  conferenceId: string;
  /** The caller's number, as the sender knew it. */
  number: string;
  from: string;
  startedAt: number;
  answeredAt: number;
}

/** The columns the start-up reconcile reads of a call still in progress. */
export type OpenCall = Pick<CallRow, 'id' | 'conference_id' | 'caller_call_control_id' | 'agent_call_control_id' | 'answered_at'>;

const secsBetween = (from: number, to: number) => Math.max(0, Math.round((to - from) / 1000));
const iso = (ms: number) => new Date(ms).toISOString();

export class HistoryStore {
  private readonly byConference: Statement<CallRow>;
  private readonly insertStarted: Statement;
  private readonly byId: Statement<CallRow>;

  constructor(private readonly db: HistoryDatabase) {
    this.byConference = db.prepare('SELECT * FROM calls WHERE conference_id = ? ORDER BY id DESC LIMIT 1');
    this.byId = db.prepare('SELECT * FROM calls WHERE id = ?');
    this.insertStarted = db.prepare(`
      INSERT INTO calls (call_key, direction, number, number_digits, queue, conference_id, caller_call_control_id,
                         agent_call_control_id, outcome, started_at, answered_at, waiting_secs)
      VALUES (@key, 'inbound', @number, @digits, @queue, @conferenceId, @caller, @agent, 'answered', @startedAt, @answeredAt, @waiting)
      ON CONFLICT (call_key) DO UPDATE SET
        number = CASE WHEN calls.number = '' THEN excluded.number ELSE calls.number END,
        number_digits = CASE WHEN calls.number = '' THEN excluded.number_digits ELSE calls.number_digits END,
        queue = COALESCE(calls.queue, excluded.queue),
        caller_call_control_id = COALESCE(calls.caller_call_control_id, excluded.caller_call_control_id),
        agent_call_control_id = COALESCE(calls.agent_call_control_id, excluded.agent_call_control_id)`);
  }

  /** The call's row, or a new one; a call already known keeps what it has (outbound stays outbound). */
  startCall(c: StartedCall): boolean {
    return (
      this.insertStarted.run({
        key: c.conferenceId,
        number: c.number,
        digits: digitsOf(c.number),
        queue: c.queue ?? null,
        conferenceId: c.conferenceId,
        caller: c.callerCallControlId ?? null,
        agent: c.agentCallControlId ?? null,
        startedAt: c.startedAt,
        answeredAt: c.answeredAt,
        waiting: c.startedAt < c.answeredAt ? secsBetween(c.startedAt, c.answeredAt) : 0,
      }).changes > 0
    );
  }

  /** The agent's leg left: the call ends for this agent. Talking = answered → ended, less hold. */
  endCall(conferenceId: string, endedAt: number, holdSecs: number): boolean {
    const row = this.byConference.get(conferenceId);
    if (!row || row.ended_at !== null) return false;
    const talking = row.answered_at === null ? null : Math.max(0, secsBetween(row.answered_at, endedAt) - holdSecs);
    const outcome: CallOutcome = row.direction === 'outbound' && row.answered_at === null && row.outcome === 'answered' ? 'unanswered' : row.outcome;
    return this.update(row.id, { ended_at: endedAt, talking_secs: talking, hold_secs: holdSecs, outcome });
  }

  addRecording(conferenceId: string, r: HistoryRecording): boolean {
    const row = this.byConference.get(conferenceId);
    if (!row) return false;
    const result = this.db
      .prepare('INSERT INTO recordings (call_id, recording_id, wav, mp3, saved_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .run(row.id, r.recordingId, r.wav ?? null, r.mp3 ?? null, Date.parse(r.savedAt));
    return result.changes > 0;
  }

  recordMissed(c: MissedCall): boolean {
    const result = this.db
      .prepare(`
        INSERT INTO calls (call_key, direction, number, number_digits, queue, caller_call_control_id, outcome, started_at, ended_at, waiting_secs)
        VALUES (?, 'inbound', ?, ?, ?, ?, 'missed', ?, ?, ?) ON CONFLICT (call_key) DO NOTHING`)
      .run(`missed:${c.callerCallControlId}`, c.number, digitsOf(c.number), c.queue, c.callerCallControlId, c.enqueuedAt, c.endedAt, secsBetween(c.enqueuedAt, c.endedAt));
    return result.changes > 0;
  }

  /** Wrap-up measured from the agent's status; one the wrap-up feature saved (annotate) wins. */
  measureWrapUp(conferenceId: string, secs: number): boolean {
    const row = this.byConference.get(conferenceId);
    if (!row || row.wrap_up_secs !== null) return false;
    return this.update(row.id, { wrap_up_secs: secs });
  }

  annotate(conferenceId: string, a: CallAnnotation): boolean {
    const row = this.byConference.get(conferenceId);
    if (!row) return false;
    return this.update(row.id, {
      ...(a.disposition !== undefined ? { disposition: a.disposition || null } : {}),
      ...(a.notes !== undefined ? { notes: a.notes || null } : {}),
      ...(a.wrapUpSecs !== undefined ? { wrap_up_secs: Math.max(0, Math.round(a.wrapUpSecs)) } : {}),
    });
  }

  recordQuality(conferenceId: string, q: CallQuality): boolean {
    const row = this.byConference.get(conferenceId);
    if (!row) return false;
    return this.update(row.id, { worst_mos: q.worstMos, quality_warnings: JSON.stringify(q.warnings) });
  }

  markTransfer(conferenceId: string, t: CallTransfer): boolean {
    const row = this.byConference.get(conferenceId);
    if (!row) return false;
    return t.direction === 'out'
      ? this.update(row.id, { transfer_to: t.to, outcome: 'transferred-out' })
      : this.update(row.id, { transfer_from: t.from, outcome: 'transferred-in' });
  }

  startTransferredIn(c: TransferredInCall): boolean {
    const result = this.db
      .prepare(`
        INSERT INTO calls (call_key, direction, number, number_digits, conference_id, caller_call_control_id, outcome, started_at, answered_at, waiting_secs, transfer_from)
        VALUES (?, 'inbound', ?, ?, ?, ?, 'transferred-in', ?, ?, ?, ?) ON CONFLICT (call_key) DO NOTHING`)
      .run(`transfer-in:${c.callControlId}`, c.number, digitsOf(c.number), c.conferenceId, c.callControlId, c.startedAt, c.answeredAt, secsBetween(c.startedAt, c.answeredAt), c.from);
    return result.changes > 0;
  }

  /** An outbound call that never connected (busy, no answer, rejected, cancelled): its own row, ended. */
  recordUnanswered(c: UnansweredCall): number {
    const row = this.db
      .prepare<{ id: number }>(`
        INSERT INTO calls (call_key, direction, number, number_digits, queue, caller_call_control_id, outcome, started_at, ended_at, waiting_secs, caller_id, hangup_cause)
        VALUES (@key, 'outbound', @number, @digits, @queue, @callee, 'unanswered', @startedAt, @endedAt, @waiting, @callerId, @cause)
        ON CONFLICT (call_key) DO UPDATE SET hangup_cause = COALESCE(excluded.hangup_cause, calls.hangup_cause)
        RETURNING id`)
      .get({
        key: `outbound:${c.calleeCallControlId}`,
        number: c.number,
        digits: digitsOf(c.number),
        queue: c.queue ?? null,
        callee: c.calleeCallControlId,
        startedAt: Date.parse(c.startedAt),
        endedAt: Date.parse(c.endedAt),
        waiting: secsBetween(Date.parse(c.startedAt), Date.parse(c.endedAt)),
        callerId: c.callerId ?? null,
        cause: c.hangupCause ?? null,
      });
    return row!.id;
  }

  /** Calls still shown in progress (no end), oldest first. */
  openCalls(): OpenCall[] {
    return this.db
      .prepare<OpenCall>('SELECT id, conference_id, caller_call_control_id, agent_call_control_id, answered_at FROM calls WHERE ended_at IS NULL ORDER BY id')
      .all();
  }

  /** A call found ended at start-up: outcome `ended-offline`; talking time only when the end is known. */
  closeEndedOffline(id: number, endedAt: number | undefined, foundAt: number): boolean {
    const row = this.byId.get(id);
    if (!row || row.ended_at !== null) return false;
    const end = endedAt ?? null;
    const talking = end !== null && row.answered_at !== null ? Math.max(0, secsBetween(row.answered_at, end) - row.hold_secs) : null;
    // A row counts as ended once ended_at is set; an unknown end is recorded as when we found out (the outcome says so).
    return this.update(id, { ended_at: end ?? foundAt, talking_secs: talking, outcome: 'ended-offline' });
  }

  recordOutbound(c: OutboundCall, now: number): number {
    const startedAt = c.startedAt ? Date.parse(c.startedAt) : now;
    const answeredAt = c.answeredAt ? Date.parse(c.answeredAt) : null;
    const row = this.db
      .prepare<{ id: number }>(`
        INSERT INTO calls (call_key, direction, number, number_digits, queue, conference_id, caller_call_control_id,
                           agent_call_control_id, outcome, started_at, answered_at, waiting_secs, caller_id)
        VALUES (@key, 'outbound', @number, @digits, @queue, @key, @callee, @agent, 'answered', @startedAt, @answeredAt, @waiting, @callerId)
        ON CONFLICT (call_key) DO UPDATE SET
          direction = 'outbound', number = excluded.number, number_digits = excluded.number_digits,
          caller_id = COALESCE(excluded.caller_id, calls.caller_id),
          queue = COALESCE(excluded.queue, calls.queue),
          caller_call_control_id = COALESCE(excluded.caller_call_control_id, calls.caller_call_control_id),
          agent_call_control_id = COALESCE(excluded.agent_call_control_id, calls.agent_call_control_id),
          started_at = MIN(calls.started_at, excluded.started_at),
          answered_at = COALESCE(excluded.answered_at, calls.answered_at),
          waiting_secs = CASE WHEN COALESCE(excluded.answered_at, calls.answered_at) IS NULL THEN NULL
            ELSE MAX(0, ROUND((COALESCE(excluded.answered_at, calls.answered_at) - MIN(calls.started_at, excluded.started_at)) / 1000.0)) END
        RETURNING id`)
      .get({
        key: c.conferenceId,
        number: c.number,
        digits: digitsOf(c.number),
        queue: c.queue ?? null,
        callee: c.calleeCallControlId ?? null,
        agent: c.agentCallControlId ?? null,
        startedAt,
        answeredAt,
        waiting: answeredAt === null ? null : secsBetween(startedAt, answeredAt),
        callerId: c.callerId ?? null,
      });
    return row!.id;
  }

  /** Every disposition found in history, sorted (the partial index on disposition serves it). */
  dispositions(): string[] {
    return this.db
      .prepare<{ disposition: string }>('SELECT DISTINCT disposition FROM calls WHERE disposition IS NOT NULL ORDER BY disposition')
      .all()
      .map((r) => r.disposition);
  }

  /** Deletes calls that started before `beforeMs` (their recordings' links go with them). */
  prune(beforeMs: number): number {
    return this.db.prepare('DELETE FROM calls WHERE started_at < ?').run(beforeMs).changes;
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

  private update(id: number, fields: Partial<Record<keyof CallRow, string | number | null>>): boolean {
    const keys = Object.keys(fields);
    if (keys.length === 0) return false;
    const sql = `UPDATE calls SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`;
    return this.db.prepare(sql).run({ ...fields, id }).changes > 0;
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
