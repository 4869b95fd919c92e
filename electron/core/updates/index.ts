export {
  createUpdateController,
  installBlocker,
  READY_WAITING_MESSAGE,
  type UpdaterPort,
  type UpdaterInfo,
  type UpdaterProgress,
  type AgentActivity,
  type UpdateLog,
  type UpdateControllerDeps,
  type UpdateControllerApi,
} from './update-controller';
export { adminPolicyPath, readAdminPolicy, adminPolicyFileSchema, adminUpdatePolicySchema } from './admin-policy';
export { createUpdateHandlers, type AgentActivitySource, type UpdatesFactory, type UpdatesPort } from './updates-port';
