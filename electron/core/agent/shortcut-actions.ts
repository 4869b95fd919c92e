/**
 * What each shortcut action does: the action table, keyed by the contract's shortcut actions
 * (whose label and default accelerator are in electron/contract/shortcuts.ts). It lives in core,
 * not in the renderer or the Electron shell, so global shortcuts, in-app keys and the test
 * harness all run the same code, and the same command functions as the buttons.
 * The OS registration is electron/core/shortcut-registration.ts; the renderer's key matching is
 * renderer/src/key-matching.ts.
 */
import type { ShortcutAction } from '../../contract';
import { invalidState } from '../errors';
import * as agentStatus from './commands/agent-status';
import type { CommandContext } from './commands/context';
import * as conference from './commands/conference';
import * as conferenceMedia from './commands/conference-media';
import * as queue from './commands/queue';
import { myParticipant } from './model';

type Perform = (ctx: CommandContext) => Promise<void>;

function myConference(ctx: CommandContext) {
  const m = ctx.store.model();
  if (!m.conference) throw invalidState('You are not on a call');
  return m.conference;
}

export const shortcutActionPerformers: Record<ShortcutAction, Perform> = {
  /** Take the longest-waiting call across the watched queues. */
  takeNext: async (ctx) => {
    await queue.takeNext(ctx);
  },

  /**
   * Mute or unmute the console's own leg (`myParticipant`, the same participant the Mute button
   * acts on), by the state the store shows (which follows Telnyx's participant list).
   */
  toggleMute: async (ctx) => {
    const c = myConference(ctx);
    const me = myParticipant(ctx.store.model());
    if (!me) throw invalidState('You are not in the conference yet');
    const params = { conferenceId: c.id, callControlIds: [me.callControlId] };
    await (me.muted ? conference.unmute(ctx, params) : conference.mute(ctx, params));
  },

  /** Hold the caller(s), or resume them if any is on hold. */
  toggleHold: async (ctx) => {
    const c = myConference(ctx);
    const callers = c.participants.filter((p) => p.kind === 'caller');
    if (callers.length === 0) throw invalidState('No caller to hold');
    const held = callers.filter((p) => p.onHold).map((p) => p.callControlId);
    if (held.length > 0) await conference.unhold(ctx, { conferenceId: c.id, callControlIds: held });
    else await conference.hold(ctx, { conferenceId: c.id, callControlIds: callers.map((p) => p.callControlId) });
  },

  /**
   * Pause a running recording, resume a paused one. It never STARTS a recording: recording a
   * caller is a deliberate act (consent, compliance) that the visible Record button does, so
   * with no recording the shortcut reports "No recording to pause".
   */
  toggleRecordPause: async (ctx) => {
    const c = myConference(ctx);
    if (c.recording.state === 'recording') await conferenceMedia.recordPause(ctx, { conferenceId: c.id });
    else if (c.recording.state === 'paused') await conferenceMedia.recordResume(ctx, { conferenceId: c.id });
    else throw invalidState('No recording to pause — start recording with the Record button');
  },

  /** Finish wrap-up with the draft kept in core (the same rules as the Finish button). */
  finishWrapUp: async (ctx) => {
    await agentStatus.finishWrapUp(ctx, {});
  },

  /** The console's leg leaves its conference. */
  leave: async (ctx) => {
    const c = myConference(ctx);
    await conference.leave(ctx, { conferenceId: c.id });
  },
};

export function runShortcutAction(ctx: CommandContext, action: ShortcutAction): Promise<void> {
  return shortcutActionPerformers[action](ctx);
}
