// Telnyx error bodies: `{ errors: [{ code, title, detail, source }] }` with `code` a digit string
// (API-NOTES §3). Every failure the simulator answers is built here, so the codes live in one place.

export interface TelnyxErrorBody {
  errors: Array<{ code: string; title: string; detail?: string; source?: { pointer?: string; parameter?: string } }>;
}

/** A request the simulator refuses; the HTTP layer turns it into a Telnyx error response. */
export class TelnyxApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly pointer?: string,
  ) {
    super(`${status} ${code} ${title}${detail ? `: ${detail}` : ''}`);
  }

  toBody(): TelnyxErrorBody {
    const error: TelnyxErrorBody['errors'][number] = { code: this.code, title: this.title };
    if (this.detail !== undefined) error.detail = this.detail;
    if (this.pointer !== undefined) error.source = { pointer: this.pointer };
    return { errors: [error] };
  }
}

export const apiErrors = {
  unauthorized: () =>
    new TelnyxApiError(401, '10009', 'Authentication failed',
      'The required authentication headers were either invalid or not included in the request.'),
  missingParameter: (field: string) =>
    new TelnyxApiError(422, '10004', 'Missing required parameter',
      `The '${field}' parameter is required and cannot be blank.`, `/${field}`),
  invalidValue: (field: string, detail: string) =>
    new TelnyxApiError(422, '10015', 'Invalid value', detail, `/${field}`),
  invalidEnum: (field: string, allowed: readonly string[]) =>
    new TelnyxApiError(422, '10032', 'Invalid enumerated value',
      `The value must be one of: ${allowed.join(', ')}.`, `/${field}`),
  outOfRange: (field: string, min: number, max: number) =>
    new TelnyxApiError(422, '10033', 'Value outside of range',
      `The value is outside of allowed range ${min} to ${max}`, `/${field}`),
  badJson: () => new TelnyxApiError(400, '10015', 'Bad Request', 'The request body is not valid JSON.'),
  invalidCallControlId: (pointer = '/call_control_id') =>
    new TelnyxApiError(422, '90015', 'Invalid Call Control ID', 'The call_control_id provided was not valid.', pointer),
  callEnded: () =>
    new TelnyxApiError(422, '90018', 'Call has already ended',
      "This call is no longer active and can't receive commands."),
  conferenceEnded: () =>
    new TelnyxApiError(422, '90019', 'Conference has already ended',
      "This conference is no longer active and can't receive commands."),
  maxParticipants: (max: number) =>
    new TelnyxApiError(422, '90032', 'Maximum number of participants reached',
      `The maximum allowed value of \`max_participants\` has been reached at ${max}.`),
  conferenceNameConflict: () =>
    new TelnyxApiError(422, '90033', 'Unable to execute command',
      "Conference with given name already exists and it's active."),
  callNotAnswered: () =>
    new TelnyxApiError(422, '90034', 'Call not answered yet',
      "This call can't receive this command because it has not been answered yet."),
  queueFull: (queue: string) =>
    new TelnyxApiError(422, '90036', 'Queue full', `The '${queue}' queue is full and can't accept more calls.`),
  callAlreadyInQueue: () =>
    new TelnyxApiError(422, '90038', 'Call already in queue', "Call can't be added to a queue it's already in."),
  queueNotEmpty: () => new TelnyxApiError(400, '90050', 'Unable to delete queue', 'Only empty queues can be deleted.'),
  conferenceNotFound: () => new TelnyxApiError(404, '90058', 'Invalid conference_id', 'The conference does not exist.'),
  recordingNotFound: () =>
    new TelnyxApiError(404, '10005', 'Recording not found',
      'The recording could not be found. Please check the recording_id and try again.', '/recording_id'),
  resourceNotFound: (detail = 'Resource not found') => new TelnyxApiError(404, '10007', 'Resource not found', detail),
  internal: () => new TelnyxApiError(500, '10007', 'Internal server error', 'Internal server error'),
};
