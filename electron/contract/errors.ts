/**
 * The one error shape that crosses IPC. Every failed call resolves to `{ ok: false, error }`
 * with this value: never a raw exception string (Electron flattens thrown errors to text).
 */
export const errorCodes = [
  /** Params failed the method's schema; `field` names the first bad field. */
  'VALIDATION',
  /** The caller is not the app's own top-level frame. */
  'FORBIDDEN',
  /** The method exists but nothing in the contract matches the name. */
  'UNKNOWN_METHOD',
  /** A Telnyx API key / relay / agent endpoint is needed and not set. */
  'NOT_CONFIGURED',
  /** Telnyx answered with an error; `telnyx` carries its own status, code, title, detail. */
  'TELNYX',
  /** Telnyx (or the relay) could not be reached. */
  'NETWORK',
  /** The request timed out. */
  'TIMEOUT',
  /** The command does not fit the agent's current state (e.g. take next while away). */
  'INVALID_STATE',
  /** The OS refused a global shortcut or the accelerator is already in use. */
  'SHORTCUT_REFUSED',
  /** Secret storage is only obfuscated (Linux basic_text) and the user has not opted in. */
  'INSECURE_STORAGE',
  /** Admin policy forbids the change (e.g. the update channel is forced). */
  'POLICY',
  /** Anything else; the message is safe to show, details are in the main-process log. */
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface TelnyxErrorDetail {
  /** HTTP status Telnyx answered with. */
  status: number;
  /** Telnyx's own `errors[0].code`, a string of digits such as "90019". */
  code?: string;
  /** Telnyx's own `errors[0].title`: this is what the UI shows next to the control. */
  title?: string;
  detail?: string;
}

export interface SwitchboardError {
  code: ErrorCode;
  message: string;
  /** For VALIDATION: dotted path of the first bad field, e.g. "callControlIds.0". */
  field?: string;
  telnyx?: TelnyxErrorDetail;
  /**
   * Set when the agent store kept this failure (`state.failures[].id`): the UI shows it from the
   * store, next to its control, and not a second time from the call's own outcome.
   */
  failureId?: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: SwitchboardError };

/** The text a person should see for an error: Telnyx's own title first. */
export function errorTitle(error: SwitchboardError): string {
  return error.telnyx?.title ?? error.message;
}

/**
 * How long one interactive Telnyx request may take, SDK retries included, before the agent gets a
 * TIMEOUT instead of a spinner (the SDK alone would take up to 3 × 15 s). The renderer counts the
 * remaining time down on the busy control.
 */
export const COMMAND_DEADLINE_MS = 10_000;

/** The TIMEOUT message for a command that hit {@link COMMAND_DEADLINE_MS}. */
export function commandDeadlineMessage(deadlineMs: number): string {
  return `Telnyx did not answer within ${Math.round(deadlineMs / 1000)} s; it may still apply the change, so check before trying again`;
}
