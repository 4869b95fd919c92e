/**
 * Screen pop: the queue's URL template (Settings), filled with the call's values URL-encoded,
 * opened in the system browser through the host's `openExternal` (the same checked path as
 * `app.openExternal`). On answer: once per call, when Telnyx reports the agent's leg joined to
 * the caller's conference. On click: `screenPop.open` from the call panel.
 */
import { randomUUID } from 'node:crypto';
import { fillScreenPop, screenPopTemplateFor, screenPopTemplateProblem, type ScreenPopValues, type Settings } from '../../contract';
import { invalidState, notConfigured, toSwitchboardError } from '../errors';
import type { Logger } from '../log';
import { myParticipant, type AgentModel } from './model';
import { failCommand } from './reducer';
import type { AgentStore } from './store';

export type OpenExternal = (url: string) => Promise<void>;

/** The values a template may name, for the agent's conference or the call it is wrapping up. */
export function screenPopValues(m: AgentModel, conferenceId: string, settings: Settings): { queue: string | undefined; values: ScreenPopValues } | undefined {
  let call: { from: string; callControlId: string | undefined; queue: string | undefined } | undefined;
  if (m.conference?.id === conferenceId && m.conference.myRole === 'agent') {
    const caller = m.conference.participants.find((p) => p.kind === 'caller');
    call = { from: (caller && m.calls.get(caller.callControlId)?.from) ?? caller?.label ?? '', callControlId: caller?.callControlId, queue: m.conference.queue };
  } else if (m.agent.wrapUp?.conferenceId === conferenceId) {
    call = { from: m.agent.wrapUp.caller, callControlId: m.agent.wrapUp.callControlId, queue: m.agent.wrapUp.queue };
  }
  if (!call) return undefined;
  const leg = call.callControlId ? m.calls.get(call.callControlId) : undefined;
  return {
    queue: call.queue,
    values: {
      from: call.from,
      to: leg?.to ?? '',
      queue: call.queue ?? '',
      call_id: call.callControlId ?? '',
      conference_id: conferenceId,
      agent: settings.agent.displayName,
    },
  };
}

/** The URL to open for a call, or why there is none. */
export function screenPopUrl(m: AgentModel, conferenceId: string, settings: Settings): string {
  const found = screenPopValues(m, conferenceId, settings);
  if (!found) throw invalidState('That call is not one of yours');
  const template = screenPopTemplateFor(settings.screenPop.templates, found.queue);
  if (!template) throw notConfigured(`No screen pop URL for ${found.queue ? `the ${found.queue} queue` : 'this call'} in Settings`);
  // Saved settings were validated; a hand-edited store is checked again before anything opens.
  const problem = screenPopTemplateProblem(template);
  if (problem) throw notConfigured(`The screen pop URL in Settings ${problem}`);
  return fillScreenPop(template, found.values);
}

export function createScreenPop(deps: { store: AgentStore; settings(): Settings; open?: OpenExternal; log: Logger }) {
  const { store, log } = deps;
  const popped = new Set<string>();
  const open = async (url: string) => {
    if (!deps.open) throw invalidState('Opening links is not available here');
    await deps.open(url);
  };
  store.onModel((m, prev) => {
    const c = m.conference;
    if (!c || c.myRole !== 'agent' || popped.has(c.id)) return;
    if (myParticipant(m)?.status !== 'joined' || myParticipant(prev)?.status === 'joined') return;
    popped.add(c.id);
    if (popped.size > 100) popped.delete(popped.values().next().value!);
    const settings = deps.settings();
    if (settings.screenPop.openOn !== 'answer' || !screenPopTemplateFor(settings.screenPop.templates, c.queue)) return;
    void Promise.resolve()
      .then(() => open(screenPopUrl(m, c.id, settings)))
      .catch((e: unknown) => {
        // Shown next to the call panel's Screen pop button (same method and target as a click).
        const error = toSwitchboardError(e);
        log.warn('screen pop failed', { code: error.code });
        store.update((x) => failCommand(x, { id: randomUUID(), method: 'screenPop.open', target: c.id, error, at: new Date().toISOString() }));
      });
  });
  return {
    /** `screenPop.open`: the agent's click, for the call on screen or the one being wrapped up. */
    async open(conferenceId: string): Promise<{ url: string }> {
      const url = screenPopUrl(store.model(), conferenceId, deps.settings());
      await open(url);
      return { url };
    },
  };
}
