/** Small immutable helpers the reducer's domains share. */
import type { Conference, Participant } from '../../../contract';
import type { AgentModel } from '../model';

export function boundedMapSet<K, V>(map: ReadonlyMap<K, V>, key: K, value: V, limit: number): Map<K, V> {
  const next = new Map(map);
  next.delete(key); // re-insert so the newest entry is last (forgotten last)
  next.set(key, value);
  while (next.size > limit) {
    const oldest = next.keys().next();
    if (oldest.done) break;
    next.delete(oldest.value);
  }
  return next;
}

export function updateConference(m: AgentModel, conferenceId: string, fn: (c: Conference) => Conference): AgentModel {
  if (!m.conference || m.conference.id !== conferenceId) return m;
  return { ...m, conference: fn(m.conference) };
}

export function updateParticipants(
  c: Conference,
  ids: readonly string[] | undefined,
  fn: (p: Participant) => Participant,
): Conference {
  const targets = ids && ids.length > 0 ? new Set(ids) : undefined;
  return { ...c, participants: c.participants.map((p) => (targets && !targets.has(p.callControlId) ? p : fn(p))) };
}

export function shortId(id: string): string {
  return id.length > 10 ? `…${id.slice(-8)}` : id;
}
