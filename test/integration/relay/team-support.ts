// Shared by the team tests (one relay in memory, two on Redis): tokens with roles, a presence
// frame, and a subscriber's team frames.
import { mintAgentToken } from '../../../relay/src/index';
import { TestSubscriber } from '../../support/relay-harness';

export const TEAM_JWT_SECRET = 'team-test-secret-0123456789abcdefghijkl';

export function teamToken(agent: string, role: 'agent' | 'supervisor', queues?: string[]): Promise<string> {
  return mintAgentToken({ secret: TEAM_JWT_SECRET, agent, role, ttlSecs: 3600, maxLifetimeSecs: 86400, ...(queues ? { queues } : {}) });
}

export function presenceUpdate(state: string, queues: string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'presence',
    state,
    reason: null,
    since: '2026-01-01T09:00:00.000Z',
    call_control_id: null,
    conference_id: null,
    queues,
    softphone_registered: true,
    ...extra,
  };
}

export interface TeamFrame {
  type: string;
  snapshot?: boolean;
  agents?: Array<Record<string, unknown>>;
  queues?: Array<{ queue: string; window: string; window_secs: number; offered: number; waiting: number }>;
  request_id?: string;
  outcome?: string;
  by?: string;
  reason?: string;
  error?: string;
}

export function teamFrames(sub: TestSubscriber, type: string): TeamFrame[] {
  return (sub.frames as unknown as TeamFrame[]).filter((f) => f.type === type);
}

/** The newest presence each agent id has been reported with, as this subscriber saw it. */
export function latestPresence(sub: TestSubscriber): Map<string, Record<string, unknown>> {
  const latest = new Map<string, Record<string, unknown>>();
  for (const frame of teamFrames(sub, 'presence')) for (const agent of frame.agents ?? []) latest.set(agent.agent_id as string, agent);
  return latest;
}

export async function live(url: string, token: string, query = ''): Promise<TestSubscriber> {
  const sub = new TestSubscriber(url, token, query);
  await sub.opened;
  await sub.until(() => sub.frames.some((f) => f.type === 'live'));
  return sub;
}

/** Sends a claim and waits for its answer. */
export async function claim(sub: TestSubscriber, requestId: string, callControlId: string, leaseMs = 30_000): Promise<TeamFrame> {
  sub.ws.send(JSON.stringify({ type: 'claim', request_id: requestId, call_control_id: callControlId, lease_ms: leaseMs }));
  const answered = () => teamFrames(sub, 'claim_result').find((f) => f.request_id === requestId);
  await sub.until(() => answered() !== undefined);
  return answered()!;
}

export async function release(sub: TestSubscriber, requestId: string, callControlId: string): Promise<TeamFrame> {
  sub.ws.send(JSON.stringify({ type: 'release', request_id: requestId, call_control_id: callControlId }));
  const answered = () => teamFrames(sub, 'claim_result').find((f) => f.request_id === requestId);
  await sub.until(() => answered() !== undefined);
  return answered()!;
}
