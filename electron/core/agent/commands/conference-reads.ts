/** The supervisor panel's reads: every live conference, and one conference in detail. */
import type { Conference, ConferenceSummary, ParsedParams } from '../../../contract';
import { invalidState } from '../../errors';
import { listParticipants } from '../rest-snapshot';
import { describeLeg, roleOf } from '../reducer';
import { mine } from './conference';
import type { CommandContext } from './context';

/**
 * The supervisor panel's Refresh: a reconcile now, the one REST read of the conference list (the
 * webhooks that arrive during it are replayed on top, so a hang-up meanwhile is not undone).
 */
export async function list(ctx: CommandContext): Promise<ConferenceSummary[]> {
  await ctx.refresh('conference list');
  return ctx.store.model().conferences;
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
