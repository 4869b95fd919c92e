import { memo, useMemo } from 'react';
import type { AgentState, CommandFailure, QueueCall, Settings } from '../../../electron/contract';
import { formatWait, secondsSince, slaLabels, slaLevel } from '../format';
import { useNow } from '../hooks/useNow';
import { switchboard } from '../bridge';
import { failuresFor } from '../failures';
import { CommandButton } from './CommandButton';
import { VirtualList } from './VirtualList';

const ROW_HEIGHT = 74;
/** One function for every render: an inline key would make the list recompute every row's layout. */
const queueCallKey = (call: QueueCall) => call.callControlId;

interface QueuePanelProps {
  state: AgentState;
  sla: Settings['sla'];
}

/** Every waiting call of the watched queues, longest waiting first (the one "Take next" takes). */
export function waitingCalls(queues: AgentState['queues']): QueueCall[] {
  const keyed: Array<{ at: number; call: QueueCall }> = [];
  for (const queue of queues) {
    for (const call of queue.calls) if (call.isAlive) keyed.push({ at: Date.parse(call.enqueuedAt), call });
  }
  keyed.sort((a, b) => a.at - b.at || a.call.position - b.call.position);
  return keyed.map((entry) => entry.call);
}

export function QueuePanel({ state, sla }: QueuePanelProps) {
  const now = useNow(1000);
  const calls = useMemo(() => waitingCalls(state.queues), [state.queues]);
  const longestSince = calls[0]?.enqueuedAt;
  const longestWait = secondsSince(longestSince, now);
  const longestLevel = longestSince ? slaLevel(longestWait, sla) : 'ok';
  const takeNextFailures = failuresFor(state, ['queue.takeNext']);

  return (
    <section className="panel queue-panel" aria-labelledby="queue-heading" data-focus-scope="queue">
      <header className="panel-header">
        <h2 id="queue-heading">Queue</h2>
        <CommandButton
          className="primary large"
          onRun={() => switchboard().queue.takeNext({})}
          failures={takeNextFailures}
          title="Take the call that has waited longest"
        >
          Take next call
        </CommandButton>
      </header>
      <div className="tiles">
        <div className="tile">
          <span className="tile-label">Waiting</span>
          <span className="tile-value" data-testid="waiting-count">
            {calls.length}
          </span>
        </div>
        <div className={`tile sla-${longestLevel}`}>
          <span className="tile-label">Longest wait</span>
          <span className="tile-value">{longestSince ? formatWait(longestWait) : '—'}</span>
        </div>
        {state.queues.map((queue) => (
          <div className="tile" key={queue.name}>
            <span className="tile-label">{queue.name}</span>
            <span className="tile-value">{queue.calls.length}</span>
            <span className="tile-note">avg {formatWait(averageWait(queue.calls, now, queue.averageWaitSecs))}</span>
          </div>
        ))}
      </div>
      <VirtualList
        label="Queue"
        items={calls}
        itemKey={queueCallKey}
        rowHeight={ROW_HEIGHT}
        height={520}
        empty={<p className="empty">No callers waiting.</p>}
        renderItem={(call) => (
          <QueueCallRow
            call={call}
            now={now}
            sla={sla}
            failures={state.failures.length === 0 ? noFailures : failuresFor(state, ['queue.takeCall', 'queue.remove'], [call.callControlId])}
          />
        )}
      />
    </section>
  );
}

const noFailures: CommandFailure[] = [];

interface QueueCallRowProps {
  call: QueueCall;
  now: number;
  sla: Settings['sla'];
  failures: CommandFailure[];
}

/**
 * Every snapshot is a fresh object (it crossed IPC), so rows compare by value: a row re-renders
 * only when its call, its failures, the SLA or the ticking second changed.
 */
function sameRow(a: QueueCallRowProps, b: QueueCallRowProps): boolean {
  return (
    a.now === b.now &&
    a.sla.warnSecs === b.sla.warnSecs &&
    a.sla.breachSecs === b.sla.breachSecs &&
    a.call.callControlId === b.call.callControlId &&
    a.call.position === b.call.position &&
    a.call.from === b.call.from &&
    a.call.queue === b.call.queue &&
    a.call.enqueuedAt === b.call.enqueuedAt &&
    a.call.pending === b.call.pending &&
    a.failures.length === b.failures.length &&
    a.failures.every((failure, i) => failure.id === b.failures[i]?.id)
  );
}

const QueueCallRow = memo(function QueueCallRow({ call, now, sla, failures }: QueueCallRowProps) {
  const wait = secondsSince(call.enqueuedAt, now);
  const level = slaLevel(wait, sla);
  return (
    <div className={`queue-call sla-${level}`} data-sla={level} aria-busy={call.pending || undefined}>
      <span className="queue-position" title="Position in queue">
        <span className="visually-hidden">Position </span>
        {call.position}
      </span>
      <span className="queue-caller">
        <span className="caller">{call.from}</span>
        <span className="queue-name">{call.queue}</span>
      </span>
      <span className="queue-wait">
        <span className="visually-hidden">Waiting </span>
        <time dateTime={`PT${Math.floor(wait)}S`}>{formatWait(wait)}</time>
        <span className="sla-dot" aria-hidden="true" />
        <span className="visually-hidden">, {slaLabels[level]}</span>
      </span>
      <span className="queue-actions">
        <CommandButton
          onRun={() => switchboard().queue.takeCall({ callControlId: call.callControlId })}
          pending={call.pending}
          failures={failures.filter((f) => f.method === 'queue.takeCall')}
        >
          Take call
        </CommandButton>
        <CommandButton
          className="quiet"
          onRun={() => switchboard().queue.remove({ callControlId: call.callControlId })}
          failures={failures.filter((f) => f.method === 'queue.remove')}
        >
          Remove from queue
        </CommandButton>
      </span>
    </div>
  );
}, sameRow);

/**
 * Mean wait of the calls waiting now, ticking with the clock (what Telnyx's
 * `average_wait_time_secs` means); Telnyx's last reported value when the list is empty.
 */
function averageWait(calls: ReadonlyArray<{ enqueuedAt: string }>, now: number, reported: number): number {
  if (calls.length === 0) return reported;
  return calls.reduce((sum, call) => sum + secondsSince(call.enqueuedAt, now), 0) / calls.length;
}
