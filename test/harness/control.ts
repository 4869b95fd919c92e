/**
 * Test-only controls of the harness (never called by the renderer): read the simulator's
 * truth, inject a Telnyx fault or a caller, start (or hang up) another agent's call, cut the
 * relay until told to restore it, see what the console opened in the "system browser", and move
 * core's clock forward.
 * relay until told to restore it, see what the console opened in the "system browser", hand
 * core a tel:/callto: link as the OS would, and play the dialled party of an outbound call.
 * relay until told to restore it, see what the console opened in the "system browser", cut the
 * softphone's signalling socket, and bring a (synthetic) supervisor into a conference.
 */
import type http from 'node:http';
import Telnyx from 'telnyx';
import WebSocket from 'ws';
import type { RunningDemo } from '../../electron/demo';
import type { SwitchboardCore } from '../../electron/core/switchboard-core';
import type { AdjustableClock } from './clock';

export interface ControlContext {
  core: SwitchboardCore<RunningDemo>;
  /** URLs passed to `app.openExternal`, oldest first. */
  openedUrls: readonly string[];
  /** Core's clock (wrap-up timers, time in state): tests advance it instead of waiting. */
  clock: AdjustableClock;
  /** OS notifications the console asked the host to show, oldest first. */
  notifications: ReadonlyArray<{ title: string; body: string }>;
  /** The relay outage in progress (one context lives as long as the harness). */
  relayOutage?: { restore(): Promise<void> };
  /** Sockets of "another device" logged in with the agent's credential (closed with the harness). */
  otherDevices?: WebSocket[];
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

/**
 * A supervisor leg the way a supervisor's console makes it: dialled (the simulator answers it and
 * it "talks" with its own synthetic voice), then joined to the conference in `role`, whispering
 * to `whisperTo` when it whispers.
 */
async function joinSupervisor(
  demo: RunningDemo,
  body: { conferenceId?: string; role?: 'whisper' | 'monitor' | 'barge'; whisperTo?: string[] },
): Promise<{ callControlId: string }> {
  const client = sdkFor(demo);
  if (!body.conferenceId) throw new Error('conferenceId is required');
  const dialed = await client.calls.dial({ connection_id: demo.connectionId, from: demo.callerId, to: 'sip:supervisor@demo.switchboard.invalid' });
  const leg = dialed.data?.call_control_id;
  if (!leg) throw new Error('the simulator returned no call_control_id for the supervisor leg');
  await waitUntil('the supervisor leg to answer', () => demo.sim.snapshot().calls.some((c) => c.call_control_id === leg && c.state === 'parked'));
  await client.conferences.actions.join(body.conferenceId, {
    call_control_id: leg,
    supervisor_role: body.role ?? 'monitor',
    ...(body.whisperTo ? { whisper_call_control_ids: body.whisperTo } : {}),
  });
  return { callControlId: leg };
}

/**
 * Another device signs in with the agent's own softphone credential (a raw telnyx_rtc login with a
 * token minted for it): Telnyx keeps one registration per credential, so the console's is punted.
 */
async function loginElsewhere(context: ControlContext, demo: RunningDemo): Promise<{ sipUsername: string }> {
  const client = sdkFor(demo);
  const credentials = await client.telephonyCredentials.list({});
  const credential = credentials.data.find((c) => c.sip_username && !c.expired);
  if (!credential?.id || !credential.sip_username) throw new Error('the agent has no softphone credential yet');
  const token = await client.telephonyCredentials.createToken(credential.id);
  const ws = new WebSocket(demo.sim.rtcUrl);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const loggedIn = new Promise<void>((resolve, reject) => {
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message?: string } };
      if (message.id === 1) return message.error ? reject(new Error(message.error.message)) : resolve();
    });
  });
  ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'login', params: { login_token: token } }));
  await loggedIn;
  (context.otherDevices ??= []).push(ws);
  return { sipUsername: credential.sip_username };
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
  if (route === 'GET /notifications') return reply(res, 200, context.notifications ?? []);
  if (route === 'GET /team') return reply(res, 200, core.engine.team.state());
  if (route === 'GET /state') return reply(res, 200, core.engine.state());
  // What the tray's tooltip would say now (core words it; main only shows it).
  if (route === 'GET /status-text') return reply(res, 200, core.statusText());
  if (route === 'POST /clock/freeze') {
    context.clock.freeze();
    return reply(res, 200, { now: new Date(context.clock.now()).toISOString() });
  }
  if (route === 'POST /clock/advance') {
    const { ms } = await readJson(req);
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return reply(res, 400, { error: 'ms must be a number of milliseconds >= 0' });
    context.clock.advance(ms);
    return reply(res, 200, { now: new Date(context.clock.now()).toISOString() });
  }
  // A tel:/callto: link as the OS would hand it to main (open-url, second-instance argv).
  if (route === 'POST /dial-link') return reply(res, 200, core.openDialLink(String((await readJson(req)).link)));
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
    // How dialled destinations answer: [{ match: '+1555…' | 'prefix*', outcome: 'answer'|'busy'|'no_answer', afterSecs? }].
    case 'POST /sim/dial-policy': {
      const { rules } = await readJson(req);
      demo.sim.setDialPolicy(rules as Parameters<typeof demo.sim.setDialPolicy>[0]);
      return reply(res, 200, { ok: true });
    }
    case 'POST /sim/remote-answer': {
      demo.sim.remoteAnswer(String((await readJson(req)).callControlId));
      return reply(res, 200, { ok: true });
    }
    case 'POST /sim/remote-hangup': {
      demo.sim.remoteHangup(String((await readJson(req)).callControlId));
      return reply(res, 200, { ok: true });
    }
    // A network change or sleep: the softphone's telnyx_rtc socket is cut (the credential named, else all).
    case 'POST /sim/softphone/drop': {
      const { sipUsername } = await readJson(req);
      return reply(res, 200, { dropped: demo.sim.dropSoftphone(typeof sipUsername === 'string' ? sipUsername : undefined) });
    }
    case 'POST /sim/softphone/login-elsewhere':
      return reply(res, 200, await loginElsewhere(context, demo));
    case 'POST /sim/supervisor': {
      const body = await readJson(req);
      return reply(res, 200, await joinSupervisor(demo, body as Parameters<typeof joinSupervisor>[1]));
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
