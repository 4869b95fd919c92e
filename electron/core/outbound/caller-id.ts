/**
 * Which caller id an outbound call presents. One rule, pure: the number the agent chose for this
 * call; else the default Settings gives the call's queue; else an account number tagged with the
 * queue's name (Telnyx number tags, e.g. "sales"); else the agent's own caller id from Settings;
 * else the account's first number. Every candidate must be one of the account's numbers when the
 * account lists any (a caller id the account does not own is spoofing, which Telnyx rejects
 * abroad), so a stale setting never dials out as someone else.
 */
import type { CallerIdOption } from '../../contract';

export interface CallerIdInputs {
  chosen?: string;
  queue?: string;
  byQueue: Readonly<Record<string, string>>;
  agentCallerId: string;
  account: readonly CallerIdOption[];
}

export type CallerIdChoice = { ok: true; from: string; why: 'chosen' | 'queue default' | 'queue tag' | 'agent' | 'account' } | { ok: false; problem: string; field: 'from' };

export function chooseCallerId(i: CallerIdInputs): CallerIdChoice {
  const owned = new Set(i.account.map((n) => n.phoneNumber));
  // No numbers listed (none bought yet, or a key that may not list them): trust Settings.
  const usable = (n: string | undefined): n is string => !!n && (owned.size === 0 || owned.has(n));
  if (i.chosen !== undefined) {
    if (usable(i.chosen)) return { ok: true, from: i.chosen, why: 'chosen' };
    return { ok: false, field: 'from', problem: `${i.chosen} is not one of this account's numbers` };
  }
  const queueDefault = i.queue ? i.byQueue[i.queue] : undefined;
  if (usable(queueDefault)) return { ok: true, from: queueDefault, why: 'queue default' };
  const tagged = i.queue ? i.account.find((n) => n.tags.includes(i.queue!)) : undefined;
  if (tagged) return { ok: true, from: tagged.phoneNumber, why: 'queue tag' };
  if (usable(i.agentCallerId) && /^\+/.test(i.agentCallerId)) return { ok: true, from: i.agentCallerId, why: 'agent' };
  const first = i.account[0];
  if (first) return { ok: true, from: first.phoneNumber, why: 'account' };
  return { ok: false, field: 'from', problem: 'no caller id: the account lists no numbers and Settings has no caller id' };
}
