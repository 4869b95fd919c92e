/**
 * The renderer's only way out: `window.switchboard` (preload in Electron, the harness in e2e).
 * Only types come from electron/contract; the tiny helpers below are local copies on purpose,
 * because the renderer bundle must not pull runtime code (zod, channels) from the contract.
 */
import type { AgentState, CommandFailure, SwitchboardApi, SwitchboardError } from '../../electron/contract';

export function switchboard(): SwitchboardApi {
  return window.switchboard;
}

/** The text a person should see for an error: Telnyx's own title first. */
export function errorTitle(error: SwitchboardError): string {
  return error.telnyx?.title ?? error.message;
}

/**
 * Failures (commands that failed after an optimistic update) that belong to one control:
 * same method, and the same target when the failure names one.
 */
export function failuresFor(
  state: Pick<AgentState, 'failures'>,
  methods: readonly string[],
  targets: readonly (string | undefined)[] = [],
): CommandFailure[] {
  return state.failures.filter(
    (failure) =>
      methods.includes(failure.method) &&
      (failure.target === undefined || targets.length === 0 || targets.includes(failure.target)),
  );
}
