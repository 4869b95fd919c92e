/** The agent engine: live state, commands, reconciliation and shortcut actions. */
export { createAgentEngine, type AgentEngine, type AgentEngineDeps, type EngineObserver } from './engine';
export type { AgentActivity } from './activity';
export type { RelayClientFactory, RelayConfig } from './relay-link';
export { initialModel, toAgentState, type AgentModel } from './model';
export type { TelnyxEvent } from './telnyx-event';
export { presenceOf, samePresence, type PresenceUpdate, type PresenceInputs } from './presence';
export type { WrapUpResult } from './wrap-up-timer';
export { trayTooltip } from './agent-state';
