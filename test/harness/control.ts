/**
 * Test-only controls of the harness (never called by the renderer): read the simulator's
 * truth, inject a Telnyx fault or a caller, start (or hang up) another agent's call, cut the
 * relay until told to restore it, and see what the console opened in the "system browser".
 */
import type http from 'node:http';
import Telnyx from 'telnyx';
import type { RunningDemo } from '../../electron/demo';
import type { SwitchboardCore } from '../../electron/core/switchboard-core';

export interface ControlContext {
  core: SwitchboardCore<RunningDemo>;
  /** URLs passed to `app.openExternal`, oldest first. */
  openedUrls: readonly string[];
  /** OS notifications the console asked the host to show, oldest first. */
  notifications: ReadonlyArray<{ title: string; body: string }>;
  /** The relay outage in progress (one context lives as long as the harness). */
  relayOutage?: { restore(): Promise<void> };
}

/** The endpoint "another agent" answers on, for conferences the console did not start. */
export const OTHER_AGENT_ENDPOINT = 'sip:other-agent@demo.switchboard.invalid';

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body ?? null));
}

async function waitUntil(what: string, ready: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** An SDK client on the demo's simulator: what another agent's console would use. */
function sdkFor(demo: RunningDemo): Telnyx {
  return new Telnyx({ apiKey: demo.apiKey, baseURL: demo.baseURL, maxRetries: 0, logLevel: 'off' });
}

/**
 * Another agent's call, made the way a second console would make it (through the SDK against
 * the simulator): a caller arrives in a queue, the other agent's leg is dialled and answers,
 * a conference is created from the caller's leg and the agent's leg joins it.
 */
async function startOtherAgentsCall(
  demo: RunningDemo,
  body: { queue?: string; from?: string; talkSecs?: number },
): Promise<{ conferenceId: string; conferenceName: string; callerCallControlId: string; agentCallControlId: string }> {
  const client = sdkFor(demo);
  const queue = body.queue ?? 'support';
  const { callControlId: caller } = await demo.sim.injectInboundCall({
    queue,
    from: body.from ?? '+15550107777',
    ...(body.talkSecs !== undefined ? { talkSecs: body.talkSecs } : {}),
  });
  const dialed = await client.calls.dial({ connection_id: demo.connectionId, from: demo.callerId, to: OTHER_AGENT_ENDPOINT });
  const agentLeg = dialed.data?.call_control_id;
  if (!agentLeg) throw new Error('the simulator returned no call_control_id for the dialled leg');
  await waitUntil('the other agent to answer', () => demo.sim.snapshot().calls.some((c) => c.call_control_id === agentLeg && c.state === 'parked'));
  const created = await client.conferences.create({ call_control_id: caller, name: `${queue}-other-agent-${caller.slice(-6)}`, beep_enabled: 'never' });
  const conference = created.data;
  if (!conference?.id) throw new Error('the simulator returned no conference');
  await client.conferences.actions.join(conference.id, { call_control_id: agentLeg });
  return { conferenceId: conference.id, conferenceName: conference.name, callerCallControlId: caller, agentCallControlId: agentLeg };
}

export async function handleControl(
  context: ControlContext,
  url: URL,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const { core, openedUrls } = context;
  const route = `${req.method} ${url.pathname.replace('/harness/control', '')}`;
  if (route === 'GET /opened') return reply(res, 200, openedUrls);
  if (route === 'GET /state') return reply(res, 200, core.engine.state());
  if (route === 'GET /notifications') return reply(res, 200, context.notifications);
  if (route === 'GET /softphone/quality') return reply(res, 200, core.softphoneAudio.qualityReports());
  const demo = core.demo();
  if (!demo) return reply(res, 409, { error: 'demo mode is not running' });
  switch (route) {
    case 'GET /sim/snapshot':
      return reply(res, 200, demo.sim.snapshot());
    case 'POST /sim/fault': {
      const body = await readJson(req);
      demo.sim.injectFault(body as unknown as Parameters<typeof demo.sim.injectFault>[0]);
      return reply(res, 200, { ok: true });
    }
    case 'POST /sim/caller': {
      const body = await readJson(req);
      return reply(res, 200, await demo.sim.injectInboundCall(body as unknown as Parameters<typeof demo.sim.injectInboundCall>[0]));
    }
    case 'POST /sim/other-agent-call': {
      const body = await readJson(req);
      return reply(res, 200, await startOtherAgentsCall(demo, body as Parameters<typeof startOtherAgentsCall>[1]));
    }
    // A call to the agent's softphone that the console did not dial (no nonce): it must ring, not auto-answer.
    case 'POST /sim/dial-softphone': {
      const { from } = await readJson(req);
      const client = sdkFor(demo);
      const credentials = await client.telephonyCredentials.list();
      const sipUsername = credentials.data?.[0]?.sip_username;
      if (!sipUsername) return reply(res, 409, { error: 'no softphone credential yet' });
      const dialed = await client.calls.dial({ connection_id: demo.connectionId, from: String(from ?? demo.callerId), to: `sip:${sipUsername}@sip.telnyx.com` });
      return reply(res, 200, { callControlId: dialed.data?.call_control_id });
    }
    case 'POST /sim/hangup': {
      const { callControlId } = await readJson(req);
      await sdkFor(demo).calls.actions.hangup(String(callControlId), {});
      return reply(res, 200, { ok: true });
    }
    case 'GET /sim/webhook-backlog':
      return reply(res, 200, demo.sim.webhookBacklog());
    // The relay stays down from /relay/outage until /relay/restore: the test decides when.
    case 'POST /relay/outage': {
      if (context.relayOutage) return reply(res, 409, { error: 'the relay is already down' });
      context.relayOutage = await demo.interruptRelay();
      return reply(res, 200, { ok: true });
    }
    case 'POST /relay/restore': {
      const outage = context.relayOutage;
      if (!outage) return reply(res, 409, { error: 'the relay is not down' });
      context.relayOutage = undefined;
      await outage.restore();
      return reply(res, 200, { ok: true });
    }
    default:
      return reply(res, 404, { error: `no control ${route}` });
  }
}
