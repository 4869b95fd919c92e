// How conferences and participants look from outside: the REST resources, the ids every conference
// webhook carries, and the request fields (supervisor_role, boolean filters) they are read from.
import { apiErrors } from '../errors';
import { SUPERVISOR_ROLES, type Conference, type Participant, type SupervisorRole } from '../model';
import { type Body, optionalString, type Query } from '../params';

/** The ids every conference webhook carries: the creator leg's, and the conference's. */
export function conferenceIds(conf: Conference) {
  return {
    call_control_id: conf.creator.callControlId,
    call_leg_id: conf.creator.callLegId,
    call_session_id: conf.creator.callSessionId,
    client_state: conf.clientState,
    conference_id: conf.id,
    connection_id: conf.connectionId,
  };
}

export function conferenceResource(conf: Conference) {
  const out: Record<string, unknown> = {
    record_type: 'conference', id: conf.id, name: conf.name, status: conf.status, connection_id: conf.connectionId,
    created_at: conf.createdAt.toISOString(), updated_at: conf.updatedAt.toISOString(), expires_at: conf.expiresAt.toISOString(),
  };
  if (conf.region) out.region = conf.region;
  if (conf.endReason) out.end_reason = conf.endReason;
  if (conf.endedBy) out.ended_by = conf.endedBy;
  return out;
}

export function participantListItem(conf: Conference, p: Participant) {
  return {
    record_type: 'participant', id: p.id, call_control_id: p.callControlId, call_leg_id: p.callLegId,
    conference: { id: conf.id, name: conf.name }, status: 'joined', muted: p.muted, on_hold: p.onHold,
    end_conference_on_exit: p.endConferenceOnExit, soft_end_conference_on_exit: p.softEndConferenceOnExit,
    whisper_call_control_ids: p.whisperCallControlIds, created_at: p.createdAt.toISOString(), updated_at: p.updatedAt.toISOString(),
  };
}

export function participantResource(conf: Conference, p: Participant) {
  const out: Record<string, unknown> = {
    id: p.id, call_control_id: p.callControlId, call_leg_id: p.callLegId, conference_id: conf.id, status: 'joined',
    muted: p.muted, on_hold: p.onHold, end_conference_on_exit: p.endConferenceOnExit,
    soft_end_conference_on_exit: p.softEndConferenceOnExit, whisper_call_control_ids: p.whisperCallControlIds,
    created_at: p.createdAt.toISOString(), updated_at: p.updatedAt.toISOString(),
  };
  if (p.label !== undefined) out.label = p.label;
  return out;
}

export function supervisorRole(body: Body): SupervisorRole | undefined {
  const role = optionalString(body, 'supervisor_role');
  if (role === undefined) return undefined;
  if (!(SUPERVISOR_ROLES as readonly string[]).includes(role)) throw apiErrors.invalidEnum('supervisor_role', SUPERVISOR_ROLES);
  return role as SupervisorRole;
}

export function boolFilter(query: Query, key: string): boolean | undefined {
  const v = query.get(key);
  if (v === undefined) return undefined;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw apiErrors.invalidValue(key, `${key} must be true or false.`);
}
