/**
 * Opens the call's screen pop (the queue's URL template from Settings, filled in by core) in
 * the system browser. Shown only when a template applies to the call's queue.
 */
import { screenPopTemplateFor, type AgentState, type Settings } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { failuresFor } from '../failures';
import { CommandButton } from './CommandButton';

export function ScreenPopButton({ state, settings, conferenceId, queue }: { state: AgentState; settings: Settings; conferenceId: string; queue: string | undefined }) {
  if (!screenPopTemplateFor(settings.screenPop.templates, queue)) return null;
  return (
    <CommandButton className="quiet" failures={failuresFor(state, ['screenPop.open'], [conferenceId])} onRun={() => switchboard().screenPop.open({ conferenceId })}>
      Open screen pop
    </CommandButton>
  );
}
