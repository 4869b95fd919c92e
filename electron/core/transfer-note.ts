/**
 * The note a transfer leaves in a leg's `client_state` (base64 JSON; Telnyx echoes it on every
 * webhook of the leg and in `GET /calls/{id}`), so whoever meets the leg later knows it came by
 * transfer and from whom:
 * - a caller re-enqueued to a queue: `{ transferredBy, fromConference, at }`;
 * - a transfer target dialled by the console: also `transfer` (the transfer's id), `caller` (the
 *   caller's number) and `dialledBy` (the sending agent's endpoint: the console that must clean the
 *   leg up if it died while the leg rang).
 * The one place that writes and reads it.
 */
export interface TransferNote {
  /** Who sent the call (display name, else endpoint). */
  transferredBy: string;
  fromConference: string;
  at?: string;
  /** Present on a dialled target leg: the transfer's id. */
  transfer?: string;
  /** The caller's number, for the target's history. */
  caller?: string;
  /** The endpoint of the agent whose console dialled the target leg. */
  dialledBy?: string;
}

export function writeTransferNote(note: TransferNote): string {
  return Buffer.from(JSON.stringify(note)).toString('base64');
}

/** The note in a leg's client_state, or undefined for any other client_state (or none). */
export function readTransferNote(clientState: string | undefined): TransferNote | undefined {
  if (!clientState) return undefined;
  try {
    const v = JSON.parse(Buffer.from(clientState, 'base64').toString('utf8')) as unknown;
    if (typeof v !== 'object' || v === null) return undefined;
    const o = v as Record<string, unknown>;
    if (typeof o.transferredBy !== 'string' || typeof o.fromConference !== 'string') return undefined;
    const text = (k: string) => (typeof o[k] === 'string' ? { [k]: o[k] as string } : {});
    return { transferredBy: o.transferredBy, fromConference: o.fromConference, ...text('at'), ...text('transfer'), ...text('caller'), ...text('dialledBy') };
  } catch {
    return undefined;
  }
}
