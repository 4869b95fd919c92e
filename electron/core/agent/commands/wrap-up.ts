/**
 * The wrap-up draft the agent edits (disposition, notes, where to go after) and its one
 * extension. Kept in core, not in the renderer, so the timer and the finish shortcut end the
 * wrap-up with what the agent chose. Finishing is agent-status.ts (`finishWrapUp`).
 */
import { MISSED_OFFERS_REASON, type ParsedParams, type Settings, type WrapUpAfter, type WrapUpView } from '../../../contract';
import { CommandError, invalidState } from '../../errors';
import type { AgentModel } from '../model';
import type { CommandContext } from './context';

const validation = (field: string, message: string) => new CommandError({ code: 'VALIDATION', message: `${field}: ${message}`, field });

export function currentWrapUp(m: AgentModel): WrapUpView {
  const w = m.agent.status === 'wrap-up' ? m.agent.wrapUp : undefined;
  if (!w) throw invalidState('Not in wrap-up');
  return w;
}

/** An away reason must be one of Settings' list. */
/** Reasons the console itself sets (team/team-service.ts: too many missed offers), beside the agent's list in Settings. */
const SYSTEM_AWAY_REASONS: readonly string[] = [MISSED_OFFERS_REASON];

export function checkAwayReason(settings: Settings, reason: string | undefined, field = 'reason'): void {
  if (reason !== undefined && !settings.agentStates.awayReasons.includes(reason) && !SYSTEM_AWAY_REASONS.includes(reason)) throw validation(field, `"${reason}" is not one of the away reasons in Settings`);
}

function checkDisposition(w: WrapUpView, disposition: string | null | undefined): void {
  if (disposition && !w.dispositions.includes(disposition)) throw validation('disposition', `"${disposition}" is not one of the dispositions in Settings`);
}

export function withWrapUp(m: AgentModel, change: (w: WrapUpView) => WrapUpView): AgentModel {
  const w = m.agent.wrapUp;
  return w ? { ...m, agent: { ...m.agent, wrapUp: change(w) } } : m;
}

/** Applies the agent's edits to the draft (undefined = unchanged, disposition null = none). */
export function applyDraft(w: WrapUpView, edits: { disposition?: string | null | undefined; notes?: string | undefined; after?: WrapUpAfter | undefined }): WrapUpView {
  let next = w;
  if (edits.disposition !== undefined) {
    const { disposition: _d, ...rest } = next;
    next = edits.disposition === null ? rest : { ...rest, disposition: edits.disposition };
  }
  if (edits.notes !== undefined) next = { ...next, notes: edits.notes };
  if (edits.after !== undefined) next = { ...next, after: edits.after };
  return next;
}

export async function updateWrapUp(ctx: CommandContext, edits: ParsedParams<'agent.updateWrapUp'>): Promise<WrapUpView> {
  const w = currentWrapUp(ctx.store.model());
  checkDisposition(w, edits.disposition);
  if (edits.after?.status === 'away') checkAwayReason(ctx.settings(), edits.after.reason, 'after.reason');
  const m = ctx.store.update((x) => withWrapUp(x, (v) => (v.conferenceId === w.conferenceId ? applyDraft(v, edits) : v)));
  return currentWrapUp(m);
}

/** One extension per wrap-up, by Settings' amount; the timer follows `endsAt`. */
export async function extendWrapUp(ctx: CommandContext): Promise<WrapUpView> {
  const w = currentWrapUp(ctx.store.model());
  if (!w.endsAt) throw invalidState('This wrap-up has no timer to extend');
  if (w.extended) throw invalidState('Wrap-up can be extended only once');
  if (w.extendSecs <= 0) throw invalidState('Extending wrap-up is turned off in Settings');
  const endsAt = new Date(Date.parse(w.endsAt) + w.extendSecs * 1000).toISOString();
  return currentWrapUp(ctx.store.update((x) => withWrapUp(x, (v) => ({ ...v, endsAt, extended: true }))));
}

/**
 * Why the agent may not finish yet, or undefined: a mandatory timer still running, a required
 * disposition missing. The timer itself always finishes (it is what a mandatory wrap-up waits for).
 */
export function finishRefusal(w: WrapUpView, nowMs: number): CommandError | undefined {
  if (w.mandatory && w.endsAt && nowMs < Date.parse(w.endsAt)) {
    const left = Math.ceil((Date.parse(w.endsAt) - nowMs) / 1000);
    return invalidState(`Wrap-up is mandatory for ${left} more second${left === 1 ? '' : 's'}${w.extended ? '' : ' (you may extend it)'}`);
  }
  if (w.dispositionRequired && !w.disposition) return validation('disposition', 'choose a disposition before finishing wrap-up');
  return undefined;
}

export { checkDisposition };
