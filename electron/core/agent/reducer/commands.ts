/** Command bookkeeping: pending operations, failures shown next to their control, connection state. */
import type { CommandFailure, ConnectionState, PendingCommand } from '../../../contract';
import { FAILURE_LIMIT, type AgentModel } from '../model';

export function beginPending(m: AgentModel, op: PendingCommand): AgentModel {
  return { ...m, pending: [...m.pending, op] };
}

export function settlePending(m: AgentModel, opId: string): AgentModel {
  return m.pending.some((p) => p.id === opId) ? { ...m, pending: m.pending.filter((p) => p.id !== opId) } : m;
}

/** A command failed: its pending entry goes, the failure is shown next to its control. */
export function failCommand(m: AgentModel, failure: CommandFailure, opId?: string): AgentModel {
  const settled = opId ? settlePending(m, opId) : m;
  return { ...settled, failures: [...settled.failures, failure].slice(-FAILURE_LIMIT) };
}

export function dismissFailure(m: AgentModel, id: string): AgentModel {
  return { ...m, failures: m.failures.filter((f) => f.id !== id) };
}

export function setConnection(m: AgentModel, patch: { api?: ConnectionState['api']; relay?: ConnectionState['relay'] }): AgentModel {
  return { ...m, connection: { api: patch.api ?? m.connection.api, relay: patch.relay ?? m.connection.relay } };
}
