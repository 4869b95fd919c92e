import { useMemo } from 'react';
import type { AgentState, QueueCall, Settings } from '../../../electron/contract';
import { formatWait, secondsSince, slaLabels, slaLevel } from '../format';
import { useNow } from '../hooks/useNow';
import { failuresFor, switchboard } from '../bridge';
import { CommandButton } from './CommandButton';
import { VirtualList } from './VirtualList';

const ROW_HEIGHT = 64;

interface QueuePanelProps {
  state: AgentState;
  sla: Settings['sla'];
}

/** Every waiting call of the watched queues, longest waiting first (the one "Take next" takes). */
export function waitingCalls(queues: AgentState['queues']): QueueCall[] {
  const calls = queues.flatMap((queue) => queue.calls).filter((call) => call.isAlive);
  return calls.sort((a, b) => Date.parse(a.enqueuedAt) - Date.parse(b.enqueuedAt) || a.position - b.position);
}

export function QueuePanel({ state, sla }: QueuePanelProps) {
  const now = useNow(1000);
  const calls = useMemo(() => waitingCalls(state.queues), [state.queues]);
  const longestSince = calls[0]?.enqueuedAt;
  const longestWait = secondsSince(longestSince, now);
  const longestLevel = longestSince ? slaLevel(longestWait, sla) : 'ok';
  const takeNextFailures = failuresFor(state, ['queue.takeNext']);

  return (
    <section className="panel queue-panel" aria-labelledby="queue-heading">
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
            <span className="tile-note">avg {formatWait(queue.averageWaitSecs)}</span>
          </div>
        ))}
      </div>
      <VirtualList
        label="Queue"
        items={calls}
        itemKey={(call) => call.callControlId}
        rowHeight={ROW_HEIGHT}
        height={520}
        empty={<p className="empty">No callers waiting.</p>}
        renderItem={(call) => <QueueCallRow call={call} now={now} sla={sla} state={state} />}
      />
    </section>
  );
}

interface QueueCallRowProps {
  call: QueueCall;
  now: number;
  sla: Settings['sla'];
  state: AgentState;
}

function QueueCallRow({ call, now, sla, state }: QueueCallRowProps) {
  const wait = secondsSince(call.enqueuedAt, now);
  const level = slaLevel(wait, sla);
  const failures = failuresFor(state, ['queue.takeCall', 'queue.remove'], [call.callControlId]);
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
}
