// Lost responses: the simulator applies a command and then answers 503 (injectFault afterApply),
// so the SDK retries it with the same body. The console's command_id makes that retry a no-op
// for Telnyx: the command runs once (one webhook, one leg, one conference) and the console shows
// no failure and nothing pending. Production path: engine → gateway → SDK → simulator → signed
// webhooks → relay → engine, with a tap in front of the relay that counts and validates webhooks.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../../electron/contract';
import { createAgentEngine, type AgentEngine } from '../../../electron/core/agent';
import { startDemo, type RunningDemo } from '../../../electron/demo';
import { createLogger } from '../../../electron/core/log';
import { createTelnyxGateway } from '../../../electron/core/telnyx-gateway';
import { pathTemplateFor, requestBodyProperties, validateWebhook, validatingFetch } from '../../support/telnyx-openapi';
import { until } from '../../support/until';

const log = createLogger({ level: 'error', sink: () => {} });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;


interface SentRequest {
  template: string;
  retry: number;
  body: Record<string, unknown>;
}

describe('command_id: a retried command runs once', () => {
  let demo: RunningDemo;
  let agent: AgentEngine;
  let tap: http.Server;
  const webhooks: Array<{ event_type: string; payload: Record<string, unknown> }> = [];
  const problems: string[] = [];
  const sent: SentRequest[] = [];
  let validating: ReturnType<typeof validatingFetch>;
  let conferenceId = '';

  const count = (eventType: string, match: (p: Record<string, unknown>) => boolean = () => true) =>
    webhooks.filter((w) => w.event_type === eventType && match(w.payload)).length;
  const loseNextResponse = (path: string | RegExp) =>
    demo.sim.injectFault({ method: 'POST', path, status: 503, code: '10007', title: 'Service unavailable', afterApply: true });
  // Every event counted here is emitted while Telnyx applies the command, before its answer, and
  // the simulator's backlog drops only after the tap has counted it: an empty backlog after the
  // answers means a repeat that ran would already be counted (the second speak below is the control).
  const settled = () => until(() => demo.sim.webhookBacklog() === 0, 'webhooks delivered', 8000);
  const expectCalm = () => {
    const s = agent.state();
    expect(s.failures).toEqual([]);
    expect(s.pending).toEqual([]);
  };

  beforeAll(async () => {
    demo = await startDemo({ log, timeScale: 0.05, seed: 11, scenario: 'none' });
    // Webhooks pass through a tap (count + spec check) on their way to the relay, signature intact.
    tap = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const body = JSON.parse(raw) as { data: { event_type: string; payload: Record<string, unknown> } };
        try {
          validateWebhook(body);
        } catch (e) {
          problems.push((e as Error).message);
        }
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        for (const h of ['telnyx-signature-ed25519', 'telnyx-timestamp']) headers[h] = String(req.headers[h]);
        fetch(`${demo.relay.url}/webhooks/telnyx`, { method: 'POST', headers, body: raw }).then(
          (relayed) => {
            if (relayed.ok) webhooks.push(body.data);
            res.writeHead(relayed.status).end();
          },
          () => res.writeHead(502).end(),
        );
      });
    });
    await new Promise<void>((resolve) => tap.listen(0, '127.0.0.1', () => resolve()));
    demo.sim.setWebhookUrl(`http://127.0.0.1:${(tap.address() as AddressInfo).port}/telnyx`);

    // Every request the SDK sends (attempt by attempt), every response checked against the spec.
    validating = validatingFetch();
    const recording = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const method = (init?.method ?? 'GET').toUpperCase();
      if (method === 'POST') {
        const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
        sent.push({
          template: pathTemplateFor(method, url.pathname.replace(/^\/v2/, '')),
          retry: Number(new Headers(init?.headers).get('x-stainless-retry-count') ?? 0),
          body: typeof init?.body === 'string' && init.body !== '' ? (JSON.parse(init.body) as Record<string, unknown>) : {},
        });
      }
      return validating.fetch(input, init);
    }) as typeof fetch;
    const settings: Settings = {
      ...defaultSettings,
      agent: { endpoint: demo.agentEndpoint, connectionId: demo.connectionId, callerId: demo.callerId, displayName: '' },
      watchedQueues: ['support'],
    };
    // maxRetries 2 (the production default): the SDK retries the 503 of a lost response.
    const gateway = createTelnyxGateway(() => ({ apiKey: demo.apiKey, baseURL: demo.baseURL, maxRetries: 2, timeoutMs: 5000, fetch: recording }));
    agent = createAgentEngine({
      gateway,
      settings: () => settings,
      relayConfig: () => ({ url: demo.relay.url, token: demo.relayToken, telnyxPublicKey: demo.telnyxPublicKey }),
      mode: () => 'demo',
      log,
      timing: { pendingTimeoutMs: 1500, reconcileIntervalMs: 60_000, answerTimeoutMs: 5000 },
    });
    await agent.start();
    await until(() => agent.state().connection.relay.state === 'live', 'relay live', 8000);
  });

  afterAll(async () => {
    await agent?.stop();
    await demo?.stop();
    tap?.closeAllConnections();
    await new Promise<void>((resolve) => (tap ? tap.close(() => resolve()) : resolve()));
  });

  it('going available: the dial is retried, one agent leg rings', async () => {
    loseNextResponse('/calls');
    await agent.handlers['agent.setStatus']({ status: 'available' });
    await until(() => agent.state().agent.status === 'available', 'available', 8000);
    await settled();
    const legs = demo.sim.snapshot().calls.filter((c) => c.to === demo.agentEndpoint);
    expect(legs).toHaveLength(1);
    expect(agent.state().agent.leg?.callControlId).toBe(legs[0]?.call_control_id);
    expect(sent.filter((r) => r.template === '/calls').map((r) => r.retry)).toEqual([0, 1]);
    expectCalm();
  });

  it('taking a call: the conference create is retried, one conference, the agent joins it', async () => {
    const { callControlId: caller } = await demo.sim.injectInboundCall({ queue: 'support', from: '+15557654321' });
    await until(() => agent.state().queues.find((q) => q.name === 'support')?.calls.some((c) => c.callControlId === caller), 'queued caller', 8000);
    loseNextResponse('/conferences');
    ({ conferenceId } = await agent.handlers['queue.takeNext']({}));
    await settled();
    expect(demo.sim.snapshot().conferences.map((c) => c.id)).toEqual([conferenceId]);
    expect(count('conference.created')).toBe(1);
    expect(agent.state().conference?.participants).toHaveLength(2);
    expectCalm();
  });

  it('speak: the lost response is retried, Telnyx speaks once; pressing again speaks again', async () => {
    loseNextResponse(/\/actions\/speak$/);
    await agent.handlers['conference.speak']({ conferenceId, text: 'Thank you for holding' });
    await until(() => agent.state().conference?.media.speaking === false, 'speak ended', 8000);
    await settled();
    expect(count('conference.speak.started', (p) => p.conference_id === conferenceId)).toBe(1);
    expectCalm();

    await agent.handlers['conference.speak']({ conferenceId, text: 'Thank you for holding' });
    await until(() => count('conference.speak.started', (p) => p.conference_id === conferenceId) === 2, 'second speak', 8000);
    expectCalm();
  });

  it('record start: the retry is not refused as "already recording"', async () => {
    loseNextResponse(/\/actions\/record_start$/);
    await agent.handlers['conference.recordStart']({ conferenceId, format: 'mp3' });
    expect(agent.state().conference?.recording.state).toBe('recording');
    expect(demo.sim.snapshot().recordings.filter((r) => r.conference_id === conferenceId).map((r) => r.status)).toEqual(['recording']);
    expectCalm();
    await agent.handlers['conference.recordStop']({ conferenceId });
    await until(() => count('conference.recording.saved') === 1, 'recording saved', 8000);
  });

  it('leave: the retry is not refused as "not a participant"; the leg parks once', async () => {
    loseNextResponse(/\/actions\/leave$/);
    await agent.handlers['conference.leave']({ conferenceId });
    expect(agent.state().agent.status).toBe('wrap-up');
    await settled();
    const leg = agent.state().agent.leg!.callControlId;
    expect(count('conference.participant.left', (p) => p.call_control_id === leg)).toBe(1);
    expectCalm();
  });

  it('every command whose endpoint takes command_id sent a fresh UUID, the same on each SDK retry', () => {
    const takesCommandId = sent.filter((r) => requestBodyProperties('POST', r.template).includes('command_id'));
    expect(takesCommandId.length).toBeGreaterThanOrEqual(10);
    for (const r of takesCommandId) expect(r.body.command_id, r.template).toMatch(UUID);
    for (const [i, r] of sent.entries()) {
      if (r.retry > 0) expect(r.body).toEqual(sent.slice(0, i).findLast((x) => x.template === r.template)?.body);
    }
    const firstAttempts = takesCommandId.filter((r) => r.retry === 0).map((r) => r.body.command_id);
    expect(new Set(firstAttempts).size).toBe(firstAttempts.length);
    expect(sent.filter((r) => r.retry > 0)).toHaveLength(5); // one per lost response above
    // Nothing was sent where the spec has no command_id.
    for (const r of sent.filter((x) => !takesCommandId.includes(x))) expect(r.body, r.template).not.toHaveProperty('command_id');
    expect(problems).toEqual([]);
    expect(validating.failures).toEqual([]);
  });
});
