/** Watched queues: callers joining, leaving and being taken (call.enqueued / call.dequeued, commands). */
import type { QueueCall, WatchedQueue } from '../../../contract';
import type { AgentModel } from '../model';

export function updateQueue(m: AgentModel, name: string, fn: (q: WatchedQueue) => WatchedQueue): AgentModel {
  let changed = false;
  const queues = m.queues.map((q) => {
    if (q.name !== name) return q;
    changed = true;
    return withLongestWait(fn(q));
  });
  return changed ? { ...m, queues } : m;
}

export function withLongestWait(q: WatchedQueue): WatchedQueue {
  let longest: string | undefined;
  let longestAt = Infinity;
  for (const call of q.calls) {
    const at = Date.parse(call.enqueuedAt); // each parsed once: this runs on every queue event
    if (!longest || at < longestAt) [longest, longestAt] = [call.enqueuedAt, at];
  }
  const { longestWaitingSince: _old, ...rest } = q;
  return longest ? { ...rest, longestWaitingSince: longest } : rest;
}

export function upsertQueueCall(m: AgentModel, queue: string, call: QueueCall): AgentModel {
  // A call is in one queue at a time: drop it from any other watched queue first.
  const cleared = removeQueueCall(m, call.callControlId, queue);
  return updateQueue(cleared, queue, (q) => {
    const existing = q.calls.find((c) => c.callControlId === call.callControlId);
    const calls = existing
      ? q.calls.map((c) => (c.callControlId === call.callControlId ? { ...call, enqueuedAt: c.enqueuedAt, from: call.from || c.from, to: call.to || c.to } : c))
      : [...q.calls, call];
    return { ...q, calls: calls.sort((a, b) => a.position - b.position) };
  });
}

/** Removes a call from every watched queue (except `exceptQueue`); calls behind it move up. */
export function removeQueueCall(m: AgentModel, callControlId: string, exceptQueue?: string): AgentModel {
  let next = m;
  for (const q of m.queues) {
    if (q.name === exceptQueue) continue;
    const gone = q.calls.find((c) => c.callControlId === callControlId);
    if (!gone) continue;
    next = updateQueue(next, q.name, (queue) => ({
      ...queue,
      calls: queue.calls
        .filter((c) => c.callControlId !== callControlId)
        .map((c) => (c.position > gone.position ? { ...c, position: c.position - 1 } : c)),
    }));
  }
  return next;
}

export function markQueueCallPending(m: AgentModel, callControlId: string, pending: boolean): AgentModel {
  const queue = m.queues.find((q) => q.calls.some((c) => c.callControlId === callControlId));
  if (!queue) return m;
  return updateQueue(m, queue.name, (q) => ({
    ...q,
    calls: q.calls.map((c) => {
      if (c.callControlId !== callControlId) return c;
      if (pending) return { ...c, pending: true };
      const { pending: _p, ...rest } = c;
      return rest;
    }),
  }));
}

/** The call an agent should take next: the longest-waiting one across the watched queues (or in one queue). */
export function nextQueueCall(m: AgentModel, queue?: string): QueueCall | undefined {
  let best: QueueCall | undefined;
  for (const q of m.queues) {
    if (queue && q.name !== queue) continue;
    for (const c of q.calls) {
      if (c.pending || !c.isAlive) continue;
      if (!best || Date.parse(c.enqueuedAt) < Date.parse(best.enqueuedAt)) best = c;
    }
  }
  return best;
}

export function findQueueCall(m: AgentModel, callControlId: string): QueueCall | undefined {
  for (const q of m.queues) {
    const c = q.calls.find((x) => x.callControlId === callControlId);
    if (c) return c;
  }
  return undefined;
}

export function setWatchedQueues(m: AgentModel, names: readonly string[]): AgentModel {
  const byName = new Map(m.queues.map((q) => [q.name, q]));
  return { ...m, queues: names.map((name) => byName.get(name) ?? { name, calls: [], averageWaitSecs: 0 }) };
}
