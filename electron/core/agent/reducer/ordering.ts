/** Dedupe and ordering: which events the reducer applies, and in what light (late, duplicate, replay). */
import type { AgentModel } from '../model';
import type { TelnyxEvent } from '../telnyx-event';
import { reduceEvent } from './events';

/** Entity whose state the event changes, and whether it is terminal (applies even if late). */
function entityOf(ev: TelnyxEvent): { key: string; terminal: boolean } | undefined {
  if (!ev.known) return undefined;
  switch (ev.eventType) {
    case 'call.initiated':
    case 'call.answered':
    case 'call.bridged':
      return { key: `call:${ev.payload.call_control_id}`, terminal: false };
    case 'call.hangup':
      return { key: `call:${ev.payload.call_control_id}`, terminal: true };
    case 'call.enqueued':
    case 'call.dequeued':
      return { key: `queue:${ev.payload.call_control_id}`, terminal: false };
    case 'conference.created':
      return { key: `conf:${ev.payload.conference_id}`, terminal: false };
    case 'conference.ended':
      return { key: `conf:${ev.payload.conference_id}`, terminal: true };
    case 'conference.participant.joined':
    case 'conference.participant.left':
      return { key: `part:${ev.payload.conference_id}:${ev.payload.call_control_id}`, terminal: false };
    case 'conference.floor.changed':
      return { key: `floor:${ev.payload.conference_id}`, terminal: false };
    default:
      return undefined; // media and recording events: applied in arrival order, deduped by id
  }
}

export interface EventResult {
  model: AgentModel;
  /** False when the event was a duplicate or older than state already applied. */
  applied: boolean;
}

/**
 * Applies one verified Telnyx event. Duplicates (same id) and events older than what the store
 * already applied to the same entity are dropped, except terminal ones (hangup, conference end):
 * a leg that hung up stays hung up whatever arrives after.
 * `force` re-applies an event regardless of dedupe/clock (used to replay events that arrived
 * while a REST snapshot was in flight).
 */
export function applyEvent(m: AgentModel, ev: TelnyxEvent, opts: { force?: boolean } = {}): EventResult {
  if (opts.force) return { model: reduceEvent(m, ev), applied: true };
  const { ledger } = m;
  if (m.ledgerCount !== ledger.count) throw new Error('applyEvent: the model is not the newest (its event ledger has moved on)');
  if (ledger.has(ev.id)) return { model: m, applied: false };
  const entity = entityOf(ev);
  const at = Date.parse(ev.occurredAt);
  if (entity && Number.isFinite(at)) {
    const newest = ledger.newest(entity.key);
    if (newest !== undefined && at < newest && !entity.terminal) return { model: { ...m, ledgerCount: ledger.note(ev.id) }, applied: false };
    return { model: reduceEvent({ ...m, ledgerCount: ledger.note(ev.id, { key: entity.key, at }) }, ev), applied: true };
  }
  return { model: reduceEvent({ ...m, ledgerCount: ledger.note(ev.id) }, ev), applied: true };
}
