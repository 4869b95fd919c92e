/**
 * The agent store's reducer: pure functions from (model, input) to a new model. Inputs are
 * verified Telnyx events, REST snapshots (reconcile) and command outcomes (optimistic change,
 * settle, rollback). Nothing here does I/O; the engine decides what to call and when.
 *
 * One file per domain: ordering (dedupe, per-entity clock) → events (one case per Telnyx event)
 * → calls, queue, conference, participants, media; snapshot installs a REST read; commands keeps
 * pending operations and failures.
 */
export { setAgentAway, setAgentStatus, setEndpoint, setSupervisorLeg } from './agent';
export { rememberCall, setAgentLeg } from './calls';
export { beginPending, dismissFailure, failCommand, setConnection, settlePending } from './commands';
export { enterConference, leaveMyConference, setConferenceSummaries } from './conference';
export { recordingTransitions, setMedia, setRecording } from './media';
export { applyEvent, type EventResult } from './ordering';
export {
  addJoiningParticipant,
  clearParticipantPending,
  describeLeg,
  rememberRole,
  removeParticipant,
  roleOf,
  setParticipantFlag,
  setParticipantRolePending,
  setParticipants,
  type RestParticipant,
} from './participants';
export { findQueueCall, markQueueCallPending, nextQueueCall, removeQueueCall, setWatchedQueues } from './queue';
export { applySnapshot, type RestSnapshot } from './snapshot';
export { beginTransfer, clearTransfer, setTransferIntent, setTransferOffer, setTransferTarget, teammateAnswered, teammateFailed, trackTransfer, updateTransfer } from './transfer';
export { setDialing, setLinkRequest } from './outbound';
