/**
 * Calls that ended while the app was not running: their rows were left "in progress" (no end).
 * At start-up each such row is checked against Telnyx's REST state and, when the call is over
 * for this agent, closed honestly: outcome `ended-offline`, ended at the caller leg's
 * `end_time` when Telnyx still knows it (else when we found out; the outcome says so).
 * A call still under way (the agent's leg still in the conference) is left open: the engine's
 * reconcile picks it up. Any failure to ask leaves the row as it was (next start tries again).
 */
import { listParticipants } from '../agent/rest-snapshot';
import { toSwitchboardError } from '../errors';
import type { Logger } from '../log';
import type { TelnyxGateway } from '../telnyx-gateway';
import type { OpenCall } from './history-reads';
import type { HistoryStore } from './history-store';

interface Leg {
  alive: boolean;
  endTime?: number;
}

/** Telnyx's 404 (the conference or call is unknown now: long gone). */
const isNotFound = (e: unknown) => toSwitchboardError(e).telnyx?.status === 404;

async function legOf(gateway: TelnyxGateway, callControlId: string): Promise<Leg> {
  try {
    const res = await gateway.call('history: read a call left open', (client) => client.calls.retrieveStatus(callControlId));
    const end = res.data?.end_time ? Date.parse(res.data.end_time) : undefined;
    return { alive: res.data?.is_alive === true, ...(end !== undefined && !Number.isNaN(end) ? { endTime: end } : {}) };
  } catch (e) {
    if (isNotFound(e)) return { alive: false };
    throw e;
  }
}

/** Whether this agent is still on the call: its leg (the agent's, or for a call transferred to it, the dialled leg) still in the live conference. */
async function stillOnCall(gateway: TelnyxGateway, row: OpenCall, myLeg: string): Promise<boolean> {
  if (!row.conference_id) return (await legOf(gateway, myLeg)).alive;
  try {
    const conference = await gateway.call('history: read a conference left open', (client) => client.conferences.retrieve(row.conference_id!));
    if (conference.data?.status === 'completed') return false;
    const participants = await listParticipants(gateway, row.conference_id);
    return participants.some((p) => p.callControlId === myLeg && p.status !== 'left');
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

/** Closes the rows in `open` whose call ended; returns how many it closed. */
export async function closeCallsEndedOffline(deps: {
  store: HistoryStore;
  open: readonly OpenCall[];
  gateway: TelnyxGateway;
  now(): number;
  log: Logger;
}): Promise<number> {
  let closed = 0;
  for (const row of deps.open) {
    const myLeg = row.agent_call_control_id ?? row.caller_call_control_id;
    if (!myLeg) continue;
    try {
      if (await stillOnCall(deps.gateway, row, myLeg)) continue;
      const caller = row.caller_call_control_id ? await legOf(deps.gateway, row.caller_call_control_id) : undefined;
      const endedAt = caller && !caller.alive ? caller.endTime : undefined;
      if (deps.store.closeEndedOffline(row.id, endedAt, deps.now())) closed += 1;
    } catch (e) {
      deps.log.warn('could not check a call left in progress; it stays open until the next start', { id: row.id, cause: String(e) });
    }
  }
  return closed;
}
