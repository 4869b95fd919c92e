/**
 * Reading the truth from Telnyx's REST API: watched queues, live conferences (with participant
 * counts) and the conference our leg is in. Webhooks can be late, duplicated, lost while the
 * console slept: this snapshot is what the store falls back to.
 */
import type { ConferenceSummary, QueueCall } from '../../contract';
import { CommandError } from '../errors';
import type { TelnyxGateway } from '../telnyx-gateway';
import type { AgentModel } from './model';
import type { RestParticipant, RestSnapshot } from './reducer';

/** Participant lists fetched per reconcile, at most (the supervisor panel's counts beyond this stay as events left them). */
export const MAX_CONFERENCES_INSPECTED = 50;
const PAGE_SIZE = 250;

interface TelnyxQueueCall {
  call_control_id: string;
  from?: string;
  to?: string;
  queue_position?: number;
  enqueued_at?: string;
  wait_time_secs?: number;
  is_alive?: boolean;
}

interface TelnyxParticipant {
  id?: string;
  call_control_id: string;
  status?: string;
  muted?: boolean;
  on_hold?: boolean;
  whisper_call_control_ids?: string[];
  created_at?: string;
}

interface TelnyxConference {
  id: string;
  name: string;
  status?: string;
  created_at: string;
}

function isGone(e: unknown): boolean {
  if (!(e instanceof CommandError)) return false;
  const status = e.error.telnyx?.status;
  return status === 404 || status === 422;
}

export async function listQueueCalls(gateway: TelnyxGateway, queue: string): Promise<{ name: string; calls: QueueCall[]; averageWaitSecs: number }> {
  const calls: QueueCall[] = [];
  let waitSum = 0;
  try {
    await gateway.call(`list ${queue} queue calls`, async (client) => {
      for await (const c of client.queues.calls.list(queue, { 'page[size]': PAGE_SIZE } as never) as AsyncIterable<TelnyxQueueCall>) {
        calls.push({
          callControlId: c.call_control_id,
          queue,
          position: c.queue_position ?? calls.length + 1,
          from: c.from ?? '',
          to: c.to ?? '',
          enqueuedAt: c.enqueued_at ?? new Date().toISOString(),
          isAlive: c.is_alive ?? true,
        });
        waitSum += c.wait_time_secs ?? 0;
      }
    });
  } catch (e) {
    // A queue is created by its first enqueue: not existing yet means empty.
    if (!(e instanceof CommandError && e.error.telnyx?.status === 404)) throw e;
  }
  calls.sort((a, b) => a.position - b.position);
  return { name: queue, calls, averageWaitSecs: calls.length ? Math.round(waitSum / calls.length) : 0 };
}

export async function listParticipants(gateway: TelnyxGateway, conferenceId: string): Promise<RestParticipant[]> {
  const out: RestParticipant[] = [];
  await gateway.call('list participants', async (client) => {
    for await (const p of client.conferences.listParticipants(conferenceId, { 'page[size]': PAGE_SIZE } as never) as AsyncIterable<TelnyxParticipant>) {
      out.push({
        callControlId: p.call_control_id,
        ...(p.id ? { participantId: p.id } : {}),
        status: p.status === 'joining' || p.status === 'left' ? p.status : 'joined',
        muted: Boolean(p.muted),
        onHold: Boolean(p.on_hold),
        whisperTargets: p.whisper_call_control_ids ?? [],
        ...(p.created_at ? { createdAt: p.created_at } : {}),
      });
    }
  });
  return out;
}

export async function listLiveConferences(gateway: TelnyxGateway): Promise<TelnyxConference[]> {
  const out: TelnyxConference[] = [];
  await gateway.call('list conferences', async (client) => {
    for await (const c of client.conferences.list({ filter: { status: 'in_progress' }, 'page[size]': PAGE_SIZE } as never) as AsyncIterable<TelnyxConference>) {
      out.push(c);
    }
  });
  return out;
}

async function isLegAlive(gateway: TelnyxGateway, callControlId: string): Promise<boolean> {
  try {
    const res = await gateway.call('call status', (client) => client.calls.retrieveStatus(callControlId));
    return Boolean((res as { data?: { is_alive?: boolean } }).data?.is_alive);
  } catch (e) {
    if (isGone(e)) return false;
    throw e;
  }
}

/** Runs `fn` over `items`, `limit` at a time. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Reads everything the store shows from REST. `model` says which legs and conference are ours. */
export async function fetchSnapshot(gateway: TelnyxGateway, model: AgentModel): Promise<RestSnapshot> {
  const takenAt = new Date().toISOString();
  const agentLeg = model.agent.leg?.callControlId;
  const supervisorLeg = model.supervisorLeg;
  const [queues, agentLegAlive, supervisorLegAlive, conferences] = await Promise.all([
    Promise.all(model.queues.map((q) => listQueueCalls(gateway, q.name))),
    agentLeg ? isLegAlive(gateway, agentLeg) : Promise.resolve(undefined),
    supervisorLeg ? isLegAlive(gateway, supervisorLeg) : Promise.resolve(undefined),
    listLiveConferences(gateway),
  ]);

  // Our own conference first, so it is always inspected whatever the cap.
  const mine = model.conference?.id;
  const ordered = [...conferences].sort((a, b) => (a.id === mine ? -1 : b.id === mine ? 1 : 0));
  const inspected = ordered.slice(0, MAX_CONFERENCES_INSPECTED);
  const participantLists = await mapLimited(inspected, 4, async (c) => {
    try {
      return await listParticipants(gateway, c.id);
    } catch (e) {
      if (isGone(e)) return [];
      throw e;
    }
  });

  const conferenceMembers = new Map<string, ReadonlySet<string>>();
  let myConference: RestSnapshot['myConference'] = model.conference ? null : undefined;
  inspected.forEach((c, i) => {
    const participants = participantLists[i] ?? [];
    conferenceMembers.set(c.id, new Set(participants.filter((p) => p.status !== 'left').map((p) => p.callControlId)));
    const ours = participants.find((p) => p.status !== 'left' && (p.callControlId === agentLeg || p.callControlId === supervisorLeg));
    if (ours && (myConference === null || myConference === undefined || c.id === mine)) {
      myConference = {
        id: c.id,
        name: c.name,
        createdAt: c.created_at,
        myRole: ours.callControlId === agentLeg ? 'agent' : 'supervisor',
        participants,
      };
    }
  });
  const summaries: ConferenceSummary[] = conferences.map((c) => ({
    id: c.id,
    name: c.name,
    status: c.status === 'init' || c.status === 'completed' ? c.status : 'in_progress',
    createdAt: c.created_at,
    participantCount: conferenceMembers.get(c.id)?.size ?? 0, // not read: the model's members (setConferenceSummaries)
    isMine: c.id === mine,
  }));

  return {
    takenAt,
    queues,
    ...(agentLegAlive !== undefined ? { agentLegAlive } : {}),
    ...(supervisorLegAlive !== undefined ? { supervisorLegAlive } : {}),
    conferences: summaries,
    conferenceMembers,
    myConference,
  };
}
