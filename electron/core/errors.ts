/**
 * Turning anything that can go wrong into the contract's one error type. Telnyx's own
 * `errors[0]` code, title and detail are kept verbatim: the agent sees Telnyx's words.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'telnyx';
import { ZodError } from 'zod';
import type { ErrorCode, SwitchboardError, TelnyxErrorDetail } from '../contract';

/** A failure that already carries its contract error. Throw it from any command. */
export class CommandError extends Error {
  readonly error: SwitchboardError;
  constructor(error: SwitchboardError) {
    super(error.message);
    this.name = 'CommandError';
    this.error = error;
  }
}

const fail = (code: ErrorCode, message: string) => new CommandError({ code, message });
export const invalidState = (message: string) => fail('INVALID_STATE', message);
export const notConfigured = (message: string) => fail('NOT_CONFIGURED', message);

/** The first bad field of a zod error, as a dotted path ("callControlIds.0"). */
export function validationError(error: ZodError): SwitchboardError {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  const unknownKey = issue?.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const named = unknownKey ?? field;
  return {
    code: 'VALIDATION',
    message: named ? `${named}: ${unknownKey ? 'unknown field' : issue?.message}` : (issue?.message ?? 'invalid params'),
    ...(named ? { field: named } : {}),
  };
}

interface TelnyxErrorBody {
  errors?: Array<{ code?: unknown; title?: unknown; detail?: unknown }>;
}

function telnyxDetail(error: APIError): TelnyxErrorDetail {
  const first = (error.error as TelnyxErrorBody | undefined)?.errors?.[0];
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
  const detail: TelnyxErrorDetail = { status: error.status ?? 0 };
  const code = text(first?.code);
  const title = text(first?.title);
  const about = text(first?.detail);
  if (code) detail.code = code;
  if (title) detail.title = title;
  if (about) detail.detail = about;
  return detail;
}

export function toSwitchboardError(e: unknown): SwitchboardError {
  if (e instanceof CommandError) return e.error;
  if (e instanceof ZodError) return validationError(e);
  // Order matters: the timeout error is a subclass of the connection error.
  if (e instanceof APIConnectionTimeoutError) return { code: 'TIMEOUT', message: 'Telnyx did not answer in time' };
  if (e instanceof APIConnectionError) return { code: 'NETWORK', message: 'Could not reach Telnyx' };
  if (e instanceof APIError) {
    const telnyx = telnyxDetail(e);
    return { code: 'TELNYX', message: telnyx.title ?? `Telnyx answered ${telnyx.status}`, telnyx };
  }
  return { code: 'INTERNAL', message: 'Something went wrong in Switchboard; details are in the log' };
}
