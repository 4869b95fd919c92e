/**
 * What each shortcut does. The mapping lives in core (not in the renderer or the Electron
 * shell) so global shortcuts, in-app keys and the test harness all run the same code.
 *
 * - takeNext: take the longest-waiting call across the watched queues.
 * - toggleMute: mute or unmute the console's own leg, by the state the store shows (which
 *   follows Telnyx's participant list).
 * - toggleHold: hold the caller(s), or resume them if any is on hold.
 * - toggleRecordPause: pause a running recording, resume a paused one. It never STARTS a
 *   recording: recording a caller is a deliberate act (consent, compliance) that the visible
 *   Record button does, so with no recording the shortcut reports "No recording to pause".
 * - leave: the console's leg leaves its conference.
 */
import type { ShortcutAction } from '../../contract';
import { invalidState } from '../errors';
import type { CommandContext } from './commands/context';
import * as conference from './commands/conference';
import * as queue from './commands/queue';

function myConference(ctx: CommandContext) {
  const m = ctx.store.model();
  if (!m.conference) throw invalidState('You are not on a call');
  const myLeg = m.conference.myRole === 'supervisor' ? m.supervisorLeg : m.agent.leg?.callControlId;
  return { conference: m.conference, myLeg };
}

export async function runShortcutAction(ctx: CommandContext, action: ShortcutAction): Promise<void> {
  switch (action) {
    case 'takeNext':
      await queue.takeNext(ctx);
      return;
    case 'toggleMute': {
      const { conference: c, myLeg } = myConference(ctx);
      const me = c.participants.find((p) => p.callControlId === myLeg);
      if (!me || !myLeg) throw invalidState('You are not in the conference yet');
      const params = { conferenceId: c.id, callControlIds: [myLeg] };
      await (me.muted ? conference.unmute(ctx, params) : conference.mute(ctx, params));
      return;
    }
    case 'toggleHold': {
      const { conference: c } = myConference(ctx);
      const callers = c.participants.filter((p) => p.kind === 'caller');
      if (callers.length === 0) throw invalidState('No caller to hold');
      const held = callers.filter((p) => p.onHold).map((p) => p.callControlId);
      if (held.length > 0) await conference.unhold(ctx, { conferenceId: c.id, callControlIds: held });
      else await conference.hold(ctx, { conferenceId: c.id, callControlIds: callers.map((p) => p.callControlId) });
      return;
    }
    case 'toggleRecordPause': {
      const { conference: c } = myConference(ctx);
      if (c.recording.state === 'recording') await conference.recordPause(ctx, { conferenceId: c.id });
      else if (c.recording.state === 'paused') await conference.recordResume(ctx, { conferenceId: c.id });
      else throw invalidState('No recording to pause — start recording with the Record button');
      return;
    }
    case 'leave': {
      const { conference: c } = myConference(ctx);
      await conference.leave(ctx, { conferenceId: c.id });
      return;
    }
  }
}
