// Queues: enqueue and leave_queue on a call, `call.enqueued` / `call.dequeued` with positions that
// renumber as callers ahead leave, and the queue and queue-call REST resources.
import { apiErrors, TelnyxApiError } from '../errors';
import * as I from '../inferences';
import type { CallLeg, CallQueue, QueueEntry } from '../model';
import { type Body, optionalBool, optionalInt, requireString, type Query } from '../params';
import type { EngineCore } from './core';
import { paginate } from './paging';

export class Queues {
  constructor(private readonly e: EngineCore) {}

  private ensureQueue(name: string, maxSize: number): CallQueue {
    let queue = this.e.queues.get(name);
    if (!queue) {
      const now = this.e.o.clock.date();
      queue = { id: this.e.o.ids.uuid(), name, maxSize, createdAt: now, updatedAt: now, entries: [] };
      this.e.queues.set(name, queue);
    }
    return queue;
  }

  enqueueLeg(leg: CallLeg, queueName: string, o: { maxSize: number; keepAfterHangup: boolean; maxWaitSecs?: number }): void {
    if (leg.queueName) throw apiErrors.callAlreadyInQueue();
    const existing = this.e.queues.get(queueName);
    if (existing && existing.entries.length >= existing.maxSize) throw apiErrors.queueFull(queueName);
    // "If the call was bridged, it is unbridged first" (a conference counts as a bridge).
    this.e.calls.detachForMove(leg, I.DEQUEUE_REASON_LEAVE_QUEUE);
    const queue = existing ?? this.ensureQueue(queueName, o.maxSize);
    const entry: QueueEntry = { leg, enqueuedAt: this.e.o.clock.date(), keepAfterHangup: o.keepAfterHangup };
    queue.entries.push(entry);
    queue.updatedAt = entry.enqueuedAt;
    leg.queueName = queueName;
    if (o.maxWaitSecs !== undefined) {
      entry.maxWaitTimer = this.e.o.clock.afterSecs(o.maxWaitSecs, () => {
        if (leg.alive && leg.queueName === queueName) this.dequeue(leg, 'timeout');
      });
    }
    this.e.emit('call.enqueued', {
      ...this.e.legIds(leg), queue: queueName, current_position: queue.entries.length - 1 + I.QUEUE_POSITION_BASE,
      queue_avg_wait_time_secs: averageWaitSecs(queue, this.e.o.clock.now()),
    });
    const synthetic = leg.synthetic;
    if (synthetic) {
      synthetic.patienceTimer?.cancel();
      synthetic.patienceTimer = this.e.o.clock.afterSecs(synthetic.patienceSecs, () => {
        // The caller gives up: abandon = hangup while queued.
        if (leg.alive && leg.queueName) this.e.calls.hangupLeg(leg, 'normal_clearing', I.hangupSourceForRemote(leg.direction), '16');
      });
    }
  }

  /** Removes a leg from its queue with `call.dequeued`; everyone behind moves up one place. */
  dequeue(leg: CallLeg, reason: string): void {
    const queue = leg.queueName ? this.e.queues.get(leg.queueName) : undefined;
    leg.queueName = undefined;
    leg.synthetic?.patienceTimer?.cancel();
    if (!queue) return;
    const index = queue.entries.findIndex((e) => e.leg === leg);
    if (index < 0) return;
    const [entry] = queue.entries.splice(index, 1);
    entry?.maxWaitTimer?.cancel();
    queue.updatedAt = this.e.o.clock.date();
    this.e.emit('call.dequeued', {
      ...this.e.legIds(leg), queue: queue.name, queue_position: index + I.QUEUE_POSITION_BASE, reason,
      wait_time_secs: entry ? Math.floor((this.e.o.clock.now() - entry.enqueuedAt.getTime()) / 1000) : 0,
    });
  }

  enqueue(callControlId: string, body: Body) {
    const leg = this.e.answeredLeg(callControlId);
    const queueName = requireString(body, 'queue_name');
    if (leg.queueName && !I.ENQUEUE_WHILE_QUEUED_ANY_QUEUE_IS_ERROR && leg.queueName !== queueName) this.dequeue(leg, 'leave');
    const maxSize = optionalInt(body, 'max_size', 1, 5000) ?? I.ENQUEUE_DEFAULT_MAX_SIZE;
    const maxWaitSecs = optionalInt(body, 'max_wait_time_secs', 1, 14400);
    this.e.applyClientState(leg, body);
    this.enqueueLeg(leg, queueName, { maxSize, keepAfterHangup: optionalBool(body, 'keep_after_hangup') ?? false, maxWaitSecs });
  }

  leaveQueue(callControlId: string, body: Body) {
    const leg = this.e.answeredLeg(callControlId);
    if (!leg.queueName) throw new TelnyxApiError(422, I.UNDOCUMENTED_CONFLICT_CODE, 'Invalid value', 'The call is not in a queue.');
    this.e.applyClientState(leg, body);
    this.dequeue(leg, I.DEQUEUE_REASON_LEAVE_QUEUE);
  }

  private getQueue(name: string): CallQueue {
    const queue = this.e.queues.get(name);
    if (!queue) throw apiErrors.resourceNotFound('Queue not found');
    return queue;
  }

  private queueResource(queue: CallQueue) {
    return {
      record_type: 'queue', id: queue.id, name: queue.name, current_size: queue.entries.length, max_size: queue.maxSize,
      average_wait_time_secs: averageWaitSecs(queue, this.e.o.clock.now()), created_at: queue.createdAt.toISOString(), updated_at: queue.updatedAt.toISOString(),
    };
  }

  private queueCallResource(queue: CallQueue, entry: QueueEntry, index: number) {
    const leg = entry.leg;
    return {
      record_type: 'queue_call', call_control_id: leg.callControlId, call_leg_id: leg.callLegId, call_session_id: leg.callSessionId,
      connection_id: leg.connectionId, from: leg.from, to: leg.to, queue_id: queue.id, queue_position: index + I.QUEUE_POSITION_BASE,
      enqueued_at: entry.enqueuedAt.toISOString(), wait_time_secs: Math.floor((this.e.o.clock.now() - entry.enqueuedAt.getTime()) / 1000),
      is_alive: leg.alive,
    };
  }

  listQueues(query: Query) {
    return paginate([...this.e.queues.values()], query).map((q) => this.queueResource(q));
  }

  createQueue(body: Body) {
    const name = requireString(body, 'queue_name');
    if (name.length > 255) throw apiErrors.outOfRange('queue_name', 1, 255);
    if (this.e.queues.has(name)) throw apiErrors.invalidValue('queue_name', 'A queue with this name already exists.');
    return this.queueResource(this.ensureQueue(name, optionalInt(body, 'max_size', 1, 5000) ?? I.CREATE_QUEUE_DEFAULT_MAX_SIZE));
  }

  retrieveQueue(name: string) {
    return this.queueResource(this.getQueue(name));
  }

  updateQueue(name: string, body: Body) {
    const queue = this.getQueue(name);
    const maxSize = optionalInt(body, 'max_size', 1, 5000);
    if (maxSize === undefined) throw apiErrors.missingParameter('max_size');
    queue.maxSize = maxSize;
    queue.updatedAt = this.e.o.clock.date();
    return this.queueResource(queue);
  }

  deleteQueue(name: string) {
    const queue = this.getQueue(name);
    if (queue.entries.length > 0) throw apiErrors.queueNotEmpty();
    this.e.queues.delete(name);
  }

  listQueueCalls(name: string, query: Query) {
    const queue = this.getQueue(name);
    const page = paginate(queue.entries, query);
    return page.map((entry, i) => this.queueCallResource(queue, entry, page.offset + i));
  }

  private queueEntry(name: string, callControlId: string): { queue: CallQueue; entry: QueueEntry; index: number } {
    const queue = this.getQueue(name);
    const index = queue.entries.findIndex((e) => e.leg.callControlId === callControlId);
    const entry = queue.entries[index];
    if (!entry) throw apiErrors.resourceNotFound('Call not found in queue');
    return { queue, entry, index };
  }

  retrieveQueueCall(name: string, callControlId: string) {
    const { queue, entry, index } = this.queueEntry(name, callControlId);
    return this.queueCallResource(queue, entry, index);
  }

  updateQueueCall(name: string, callControlId: string, body: Body) {
    const { entry } = this.queueEntry(name, callControlId);
    const keep = optionalBool(body, 'keep_after_hangup');
    if (keep !== undefined) entry.keepAfterHangup = keep;
  }

  removeQueueCall(name: string, callControlId: string) {
    const { queue, entry, index } = this.queueEntry(name, callControlId);
    if (entry.leg.alive) this.dequeue(entry.leg, I.DEQUEUE_REASON_REMOVED);
    else {
      queue.entries.splice(index, 1);
      queue.updatedAt = this.e.o.clock.date();
    }
  }
}

function averageWaitSecs(queue: CallQueue, now: number): number {
  if (queue.entries.length === 0) return 0;
  let total = 0;
  for (const e of queue.entries) total += now - e.enqueuedAt.getTime();
  return Math.floor(total / queue.entries.length / 1000);
}
