/** REST snapshot (reconcile): Telnyx's lists replace ours, keeping what only the console knows. */
import type { ConferenceSummary, QueueCall } from '../../../contract';
import type { AgentModel } from '../model';
import { setAgentStatus } from './agent';
import { onCallHangup, rememberCall } from './calls';
import { enterConference, leaveMyConference, setConferenceSummaries } from './conference';
import { setParticipants, type RestParticipant } from './participants';
import { withLongestWait } from './queue';

export interface RestSnapshot {
  /** Watched queues as Telnyx lists them. */
  queues: Array<{ name: string; calls: QueueCall[]; averageWaitSecs: number }>;
  /** The agent leg's liveness (`calls.retrieveStatus`); undefined when there is no leg to check. */
  agentLegAlive?: boolean;
  supervisorLegAlive?: boolean;
  /** Live conferences on the account. */
  conferences: ConferenceSummary[];
  /** The call ids in each conference whose participants were read (not left). */
  conferenceMembers: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * The console's conference: participants as listed, `null` when it has ended or our leg is no
   * longer in it, undefined when not checked.
   */
  myConference?: { id: string; name: string; createdAt: string; myRole: 'agent' | 'supervisor'; participants: RestParticipant[] } | null;
  takenAt: string;
}

/** Installs a REST snapshot: Telnyx's lists replace ours, keeping what only the console knows. */
export function applySnapshot(m: AgentModel, snap: RestSnapshot): AgentModel {
  let next = m;
  const byName = new Map(snap.queues.map((q) => [q.name, q]));
  next = {
    ...next,
    queues: next.queues.map((q) => {
      const fresh = byName.get(q.name);
      if (!fresh) return q;
      const pendingIds = new Set(q.calls.filter((c) => c.pending).map((c) => c.callControlId));
      const calls = fresh.calls.map((c) => {
        const info = next.calls.get(c.callControlId);
        const from = c.from || info?.from || '';
        return pendingIds.has(c.callControlId) ? { ...c, from, pending: true } : { ...c, from };
      });
      return withLongestWait({ ...q, calls, averageWaitSecs: fresh.averageWaitSecs });
    }),
  };
  if (snap.agentLegAlive === false && next.agent.leg) {
    next = onCallHangup(rememberCall(next, next.agent.leg.callControlId, { state: 'hangup' }), next.agent.leg.callControlId, snap.takenAt);
  }
  if (snap.supervisorLegAlive === false && next.supervisorLeg) {
    next = onCallHangup(rememberCall(next, next.supervisorLeg, { state: 'hangup' }), next.supervisorLeg, snap.takenAt);
  }
  next = setConferenceSummaries(next, snap.conferences, snap.conferenceMembers);
  if (snap.myConference === null) {
    next = leaveMyConference(next, snap.takenAt, next.conference?.myRole === 'agent' ? 'wrap-up' : undefined);
  } else if (snap.myConference) {
    const mc = snap.myConference;
    if (!next.conference || next.conference.id !== mc.id) {
      if (next.conference) next = leaveMyConference(next, snap.takenAt, undefined);
      next = enterConference(next, { id: mc.id, name: mc.name, createdAt: mc.createdAt, myRole: mc.myRole });
      if (mc.myRole === 'agent' && next.agent.status !== 'away') next = setAgentStatus(next, 'available');
    }
    next = setParticipants(next, mc.id, mc.participants);
  }
  return next;
}
