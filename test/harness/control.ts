/**
 * Test-only controls of the harness (never called by the renderer): read the simulator's
 * truth, inject a Telnyx fault or a caller, and cut the relay for a while.
 */
import type http from 'node:http';
import type { SwitchboardCore } from '../../electron/core/switchboard-core';

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

export async function handleControl(
  core: SwitchboardCore,
  url: URL,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const demo = core.demo();
  if (!demo) return reply(res, 409, { error: 'demo mode is not running' });
  const route = `${req.method} ${url.pathname.replace('/harness/control', '')}`;
  switch (route) {
    case 'GET /sim/snapshot':
      return reply(res, 200, demo.sim.snapshot());
    case 'GET /state':
      return reply(res, 200, core.engine.state());
    case 'POST /sim/fault': {
      const body = await readJson(req);
      demo.sim.injectFault(body as unknown as Parameters<typeof demo.sim.injectFault>[0]);
      return reply(res, 200, { ok: true });
    }
    case 'POST /sim/caller': {
      const body = await readJson(req);
      return reply(res, 200, await demo.sim.injectInboundCall(body as unknown as Parameters<typeof demo.sim.injectInboundCall>[0]));
    }
    case 'POST /relay/outage': {
      const { ms } = await readJson(req);
      await demo.interruptRelay(Number(ms) || 1000);
      return reply(res, 200, { ok: true });
    }
    default:
      return reply(res, 404, { error: `no control ${route}` });
  }
}
