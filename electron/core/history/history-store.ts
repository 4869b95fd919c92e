/**
 * The calls table's writes: every write is one statement (or one transaction) that is committed
 * when the method returns, and returns whether it changed a row. The reads (a page at a time,
 * newest first) are history-reads.ts, which this class extends. The recorder (recorder.ts) and
 * the port (port.ts) write through here; nothing else does.
 */
import type { Statement } from 'better-sqlite3';
import type { CallOutcome, HistoryRecording } from '../../contract';
import type { HistoryDatabase } from './database';
import { digitsOf } from './history-query';
import { HistoryReads, type CallRow } from './history-reads';
import type { CallAnnotation, CallQuality, CallTransfer, OutboundCall, UnansweredCall } from './port';

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

const secsBetween = (from: number, to: number) => Math.max(0, Math.round((to - from) / 1000));

export class HistoryStore extends HistoryReads {
  private readonly insertStarted: Statement;

  constructor(db: HistoryDatabase) {
    super(db);
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

  /** Deletes calls that started before `beforeMs` (their recordings' links go with them). */
  prune(beforeMs: number): number {
    return this.db.prepare('DELETE FROM calls WHERE started_at < ?').run(beforeMs).changes;
  }

  private update(id: number, fields: Partial<Record<keyof CallRow, string | number | null>>): boolean {
    const keys = Object.keys(fields);
    if (keys.length === 0) return false;
    const sql = `UPDATE calls SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`;
    return this.db.prepare(sql).run({ ...fields, id }).changes > 0;
  }
}
