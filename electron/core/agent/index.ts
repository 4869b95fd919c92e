/** The agent engine: live state, commands, reconciliation and shortcut actions. */
export {
  createAgentEngine,
  type AgentActivity,
  type AgentEngine,
  type AgentEngineDeps,
  type RelayClientFactory,
} from './engine';
export { initialModel, toAgentState, type AgentModel } from './model';
export type { TelnyxEvent } from './telnyx-event';
