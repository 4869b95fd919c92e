/** The supervisor panel's reads: every live conference, and one conference in detail. */
import type { Conference, ConferenceSummary, ParsedParams } from '../../../contract';
import { invalidState } from '../../errors';
import { listLiveConferences, listParticipants } from '../rest-snapshot';
import { describeLeg, roleOf, setConferenceSummaries } from '../reducer';
import { mine } from './conference';
import type { CommandContext } from './context';

/** The supervisor panel: every live conference with its participant count. */
export async function list(ctx: CommandContext): Promise<ConferenceSummary[]> {
  // A read that a conference webhook raced is read again (at most twice more): the model's count for a
  // conference touched meanwhile is only as good as the events it saw, Telnyx's list is the truth.
  for (let attempt = 0; ; attempt++) {
    const eventsAtRead = ctx.store.model().conferenceEvents;
    const summaries = await readSummaries(ctx);
    const raced = ctx.store.model().conferenceEvents !== eventsAtRead;
    if (raced && attempt < 2) continue;
    ctx.store.update((m) => setConferenceSummaries(m, summaries, eventsAtRead));
    return ctx.store.model().conferences;
  }
}

async function readSummaries(ctx: CommandContext): Promise<ConferenceSummary[]> {
  const conferences = await listLiveConferences(ctx.gateway);
  const counts = await Promise.all(conferences.slice(0, 50).map((c) => listParticipants(ctx.gateway, c.id).then((p) => p.length, () => undefined)));
  const previous = new Map(ctx.store.model().conferences.map((c) => [c.id, c.participantCount]));
  return conferences.map((c, i) => ({
    id: c.id,
    name: c.name,
    status: c.status === 'init' || c.status === 'completed' ? c.status : 'in_progress',
    createdAt: c.created_at,
    participantCount: counts[i] ?? previous.get(c.id) ?? 0,
    isMine: c.id === ctx.store.model().conference?.id,
  }));
}

/** One conference in detail: ours from the store (refreshed), anyone else's read from Telnyx. */
export async function get(ctx: CommandContext, p: ParsedParams<'conference.get'>): Promise<Conference> {
  if (mine(ctx.store.model(), p.conferenceId)) {
    await ctx.refreshParticipants(p.conferenceId);
    const c = ctx.store.model().conference;
    if (c && c.id === p.conferenceId) return c;
  }
  const [res, participants] = await Promise.all([
    ctx.gateway.call('get conference', (client) => client.conferences.retrieve(p.conferenceId)),
    listParticipants(ctx.gateway, p.conferenceId),
  ]);
  const c = res.data;
  if (!c) throw invalidState('Telnyx did not return the conference');
  const m = ctx.store.model();
  return {
    id: c.id,
    name: c.name,
    status: c.status ?? 'in_progress',
    createdAt: c.created_at,
    isMine: false,
    participants: participants
      .filter((x) => x.status !== 'left')
      .map((x) => {
        const role = roleOf(m, x.callControlId, x.whisperTargets);
        return {
          callControlId: x.callControlId,
          ...(x.participantId ? { participantId: x.participantId } : {}),
          ...describeLeg(m, x.callControlId),
          status: x.status,
          muted: x.muted,
          onHold: x.onHold,
          speaking: false,
          supervisorRole: role.role,
          whisperTargets: role.whisperTargets,
          pending: [],
        };
      }),
    recording: { state: 'off' },
    media: { playing: false, speaking: false },
  };
}
