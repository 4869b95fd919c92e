/**
 * What the store knows about each call leg seen on the account, from call.* webhooks and REST:
 * bounded (the least recently written forgotten first) and written on every call event, so like
 * the event ledger it is owned by the store's single writer instead of copied per event (a copy
 * of 5,000 entries per call.* webhook). A model records the write count it was made at; writing
 * through a model that is not the newest is refused.
 */
/** What the store knows about one call leg, from call.* webhooks and REST. */
export interface CallInfo {
  from?: string;
  to?: string;
  direction?: 'incoming' | 'outgoing';
  state: 'initiated' | 'answered' | 'hangup';
  /** The number this console dialled with "Add participant": shown as the participant's label. */
  addedByConsole?: boolean;
  /** Telnyx's `hangup_cause` / `sip_hangup_cause` once the leg hung up (a transfer's target, an outbound call that never connected: why). */
  hangupCause?: string;
  sipHangupCause?: string;
}

export class CallDirectory {
  private readonly legs = new Map<string, CallInfo>();
  private writes = 0;

  constructor(private readonly limit: number) {}

  get count(): number {
    return this.writes;
  }

  get(callControlId: string): CallInfo | undefined {
    return this.legs.get(callControlId);
  }

  set(callControlId: string, info: CallInfo): number {
    this.legs.delete(callControlId); // re-insert so the newest entry is last (forgotten last)
    this.legs.set(callControlId, info);
    if (this.legs.size > this.limit) this.legs.delete(this.legs.keys().next().value as string);
    return ++this.writes;
  }
}
