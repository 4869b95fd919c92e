// `command_id`: "Use this field to avoid duplicate commands. Telnyx will ignore any command with
// the same command_id for the same call_control_id" (spec, on most call actions; per conference on
// conference actions; across dials for dial). The SDK retries a lost response with the same body,
// so this is what keeps a retried speak, join or dial from running twice. Scope, window and the
// rest of the unpinned details: I.COMMAND_ID_*.
import * as I from '../inferences';
import { type Body, optionalString } from '../params';

/** Call actions whose request schema has `command_id` (all of ours but switch_supervisor_role). */
export const CALL_ACTIONS_WITH_COMMAND_ID: ReadonlySet<string> = new Set([
  'answer', 'hangup', 'enqueue', 'leave_queue', 'bridge', 'transfer', 'speak', 'playback_start', 'playback_stop', 'send_dtmf',
]);

/** Conference actions whose request schema has `command_id` (not hold/unhold/mute/unmute/play/stop). */
export const CONFERENCE_ACTIONS_WITH_COMMAND_ID: ReadonlySet<string> = new Set([
  'join', 'leave', 'speak', 'record_start', 'record_stop', 'record_pause', 'record_resume', 'update', 'end',
]);

/** The commands already executed, per scope, each owned by the leg or conference it belongs to. */
export class CommandLedger {
  /** scope → command_id → the response its first execution answered. */
  private readonly done = new Map<string, Map<string, unknown>>();
  private readonly keysByOwner = new Map<string, Array<[scope: string, commandId: string]>>();

  /**
   * Runs `run` once per (scope, body.command_id); a repeat answers the first result without
   * running. `ownerOf` names the leg/conference whose record bounds how long it is remembered.
   * A failure (thrown) is not remembered (I.COMMAND_ID_FAILURES_ARE_NOT_REMEMBERED).
   */
  once<T>(scope: string, body: Body, run: () => T, ownerOf: (result: T) => string): T {
    const commandId = optionalString(body, 'command_id');
    if (commandId === undefined || commandId === '') return run(); // an empty id names no command
    const seen = this.done.get(scope);
    if (seen?.has(commandId)) return seen.get(commandId) as T; // I.COMMAND_ID_REPEAT_ANSWERS_THE_FIRST_RESULT
    void I.COMMAND_ID_REPEAT_ANSWERS_THE_FIRST_RESULT;
    const result = run(); // throws on failure, before anything is remembered
    void I.COMMAND_ID_FAILURES_ARE_NOT_REMEMBERED;
    this.remember(scope, commandId, result, ownerOf(result));
    return result;
  }

  private remember(scope: string, commandId: string, result: unknown, owner: string): void {
    let seen = this.done.get(scope);
    if (!seen) this.done.set(scope, (seen = new Map()));
    seen.set(commandId, result);
    let keys = this.keysByOwner.get(owner);
    if (!keys) this.keysByOwner.set(owner, (keys = []));
    keys.push([scope, commandId]);
  }

  /** The leg or conference record is gone (I.COMMAND_ID_WINDOW_IS_THE_RECORD_LIFETIME): so are its commands. */
  forgetOwner(owner: string): void {
    for (const [scope, commandId] of this.keysByOwner.get(owner) ?? []) {
      const seen = this.done.get(scope);
      seen?.delete(commandId);
      if (seen?.size === 0) this.done.delete(scope);
    }
    this.keysByOwner.delete(owner);
  }

  /** Remembered commands (for tests of the window). */
  size(): number {
    let n = 0;
    for (const seen of this.done.values()) n += seen.size;
    return n;
  }
}
