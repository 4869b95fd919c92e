/**
 * Which of the store's failures (`state.failures`, the one record of a failed store command)
 * each control shows, and those no control on screen can show.
 */
import type { AgentState, CommandFailure, CommandName } from '../../electron/contract';

/**
 * Failures that belong to one control: same method, and the same target when the failure
 * names one.
 */
export function failuresFor(
  state: Pick<AgentState, 'failures'>,
  methods: readonly CommandName[],
  targets: readonly (string | undefined)[] = [],
): CommandFailure[] {
  return state.failures.filter(
    (failure) =>
      methods.includes(failure.method) &&
      (failure.target === undefined || targets.length === 0 || targets.includes(failure.target)),
  );
}

/**
 * Failures no control on screen shows, so they still reach the agent and can be dismissed
 * instead of vanishing: those whose target is gone (e.g. the conference ended), and global
 * shortcuts refused before any command ran (`shortcut.*`, no control issued them).
 */
export function orphanFailures(state: AgentState): CommandFailure[] {
  if (state.failures.length === 0) return state.failures;
  const visible = new Set<string>();
  for (const queue of state.queues) for (const call of queue.calls) visible.add(call.callControlId);
  for (const summary of state.conferences) visible.add(summary.id);
  if (state.conference) {
    visible.add(state.conference.id);
    for (const p of state.conference.participants) visible.add(p.callControlId);
  }
  return state.failures.filter((failure) =>
    failure.target === undefined ? failure.method.startsWith('shortcut.') : !visible.has(failure.target),
  );
}
