/**
 * Every method the renderer may call in main: its name and its result type. Its params schema
 * (validated in main before anything runs) is in schemas/methods.ts. Preload exposes exactly
 * these; main binds exactly these; the harness binds exactly these to a websocket. Adding a
 * method = one line here, one in schemas/methods.ts and one in channels.ts, and TypeScript points
 * at every place that must handle it.
 */
import type { MethodName } from './names';
import type { AgentState, ConferenceSummary, Conference, SupervisorRole } from './domain';
import type { SecretsStatus, Settings } from './settings';
import type { ShortcutStatus } from './shortcuts';
import type { HistoryMethodResults } from './history';
import type { OutboundMethodResults } from './outbound';
import type { SoftphoneMethodResults } from './softphone';
import type { AgentStateMethodResults } from './agent-states';
import type { ScreenPopMethodResults } from './screen-pop';
import type { TransferMethodResults } from './transfer';
import type { TeamMethodResults } from './team';
import type { SoftphoneAudioMethodResults } from './softphone-audio';
import type { UpdateStatus } from './updates';

export interface AppInfo {
  version: string;
  platform: string;
  mode: AgentState['mode'];
  /** True when the simulator is bundled, so "Try the demo" can be offered. */
  demoAvailable: boolean;
}

export interface ConnectionTestResult {
  queues: number;
  conferences: number;
  latencyMs: number;
}

/** Result types, by method name: exactly one per name in names.ts (checked below). */
export interface MethodResults extends SoftphoneMethodResults, HistoryMethodResults, AgentStateMethodResults, ScreenPopMethodResults, TransferMethodResults, OutboundMethodResults, TeamMethodResults, SoftphoneAudioMethodResults {
  'app.getInfo': AppInfo;
  'app.openExternal': null;
  'settings.get': Settings;
  'settings.set': Settings;
  'secrets.status': SecretsStatus;
  'secrets.set': SecretsStatus;
  'secrets.clear': SecretsStatus;
  'secrets.acceptWeakStorage': SecretsStatus;
  'telnyx.testConnection': ConnectionTestResult;
  'demo.start': AppInfo;
  'demo.stop': AppInfo;
  'agent.getState': AgentState;
  'agent.setStatus': AgentState['agent'];
  'agent.finishWrapUp': AgentState['agent'];
  'queue.takeNext': { conferenceId: string };
  'queue.takeCall': { conferenceId: string };
  'queue.enqueue': null;
  'queue.remove': null;
  'conference.list': ConferenceSummary[];
  'conference.get': Conference;
  'conference.mute': null;
  'conference.unmute': null;
  'conference.hold': null;
  'conference.unhold': null;
  'conference.play': null;
  'conference.stopAudio': null;
  'conference.speak': null;
  'conference.recordStart': null;
  'conference.recordPause': null;
  'conference.recordResume': null;
  'conference.recordStop': null;
  'conference.addParticipant': { callControlId: string };
  'conference.leave': null;
  'conference.end': null;
  'supervisor.join': { callControlId: string; role: SupervisorRole };
  'supervisor.setRole': null;
  'shortcuts.status': ShortcutStatus[];
  'shortcuts.set': ShortcutStatus[];
  'shortcuts.reset': ShortcutStatus[];
  'shortcuts.trigger': null;
  'failures.dismiss': null;
  'updates.getStatus': UpdateStatus;
  'updates.check': UpdateStatus;
  'updates.setChannel': UpdateStatus;
  'updates.installNow': UpdateStatus;
}

type SameKeys<A, B> = [Exclude<A, B>, Exclude<B, A>] extends [never, never] ? true : [Exclude<A, B>, Exclude<B, A>];
const everyMethodHasAResult: SameKeys<MethodName, keyof MethodResults> = true;
void everyMethodHasAResult;

export type MethodResult<M extends MethodName> = MethodResults[M];
