// The HTTP face of the simulator: plain node:http, routes under /v2 exactly as the official SDK
// calls them, Bearer auth, Telnyx error bodies, plus the generated recording files and the clock's
// test control under /sim (clock-control.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorClock } from './clock';
import { clockControl } from './clock-control';
import { apiErrors, TelnyxApiError } from './errors';
import type { Credentials } from './credentials';
import type { CallControlEngine } from './engine';
import type { Account } from './engine/account';
import type { SimLog } from './log';
import { type Body, queryFrom, type Query } from './params';
import * as I from './inferences';

export interface FaultRule {
  method?: string;
  /** A string matches the path with or without the `/v2` prefix; a RegExp is tested against the full path (`/v2/...`). */
  path: string | RegExp;
  status: number;
  code: string;
  title: string;
  detail?: string;
  /** How many matching requests answer this error (default 1). */
  times?: number;
  /** Apply the request first, then answer the error instead of its result: a response lost on the way back. */
  afterApply?: boolean;
  /** Never answer (status, code and title are ignored): a Telnyx that took the request and went silent. */
  hang?: boolean;
}

export interface ApiHandlerDeps {
  engine: CallControlEngine;
  account: Account;
  credentials: Credentials;
  apiKeys: () => ReadonlySet<string>;
  faults: FaultRule[];
  recordingAudio: Buffer;
  log: SimLog;
  clock: SimulatorClock;
}

const COMMAND_OK = JSON.stringify({ data: { result: 'ok' } });
const MAX_BODY_BYTES = 1_000_000;

export function createApiHandler(deps: ApiHandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { engine, account, credentials } = deps;

  /** A response: JSON, or (the credential token) text/plain. */
  type Outcome = { status: number; json?: string; text?: string };

  function route(method: string, segments: string[], query: Query, body: Body): Outcome {
    const [collection, id, sub, subId, extra] = segments;
    const ok = (data: unknown) => ({ status: 200, json: JSON.stringify({ data }) });
    const list = (page: { data: unknown[]; meta: unknown }) => ({ status: 200, json: JSON.stringify(page) });
    const done = () => ({ status: 200, json: COMMAND_OK });
    const noContent = () => ({ status: 204 });
    const created = (data: unknown) => ({ status: 201, json: JSON.stringify({ data }) });
    if (extra !== undefined) throw apiErrors.resourceNotFound();

    if (collection === 'conferences') {
      if (id === undefined) {
        if (method === 'GET') return list(engine.listConferences(query));
        if (method === 'POST') return ok(engine.createConference(body));
      } else if (sub === undefined) {
        if (method === 'GET') return ok(engine.retrieveConference(id));
      } else if (sub === 'participants') {
        if (subId === undefined && method === 'GET') return list(engine.listParticipants(id, query));
        if (subId !== undefined && method === 'GET') return ok(engine.retrieveParticipant(id, subId));
        if (subId !== undefined && method === 'PATCH') return ok(engine.updateParticipant(id, subId, body));
      } else if (sub === 'actions' && subId !== undefined && method === 'POST') {
        engine.conferenceAction(id, subId, body);
        return done();
      }
    } else if (collection === 'queues') {
      if (id === undefined) {
        if (method === 'GET') return list(engine.listQueues(query));
        if (method === 'POST') return ok(engine.createQueue(body));
      } else if (sub === undefined) {
        if (method === 'GET') return ok(engine.retrieveQueue(id));
        if (method === 'POST') return ok(engine.updateQueue(id, body));
        if (method === 'DELETE') {
          engine.deleteQueue(id);
          return noContent();
        }
      } else if (sub === 'calls') {
        if (subId === undefined && method === 'GET') return list(engine.listQueueCalls(id, query));
        if (subId !== undefined && method === 'GET') return ok(engine.retrieveQueueCall(id, subId));
        if (subId !== undefined && method === 'PATCH') {
          engine.updateQueueCall(id, subId, body);
          return noContent();
        }
        if (subId !== undefined && method === 'DELETE') {
          engine.removeQueueCall(id, subId);
          return noContent();
        }
      }
    } else if (collection === 'credential_connections' && sub === undefined) {
      if (id === undefined) {
        if (method === 'GET') return list(credentials.listConnections(query));
        if (method === 'POST') return created(credentials.createConnection(body));
      } else {
        if (method === 'GET') return ok(credentials.retrieveConnection(id));
        if (method === 'PATCH') return ok(credentials.updateConnection(id, body));
        if (method === 'DELETE') return ok(credentials.deleteConnection(id));
      }
    } else if (collection === 'telephony_credentials') {
      if (id === undefined) {
        if (method === 'GET') return list(credentials.listCredentials(query));
        if (method === 'POST') return created(credentials.createCredential(body));
      } else if (sub === undefined) {
        if (method === 'GET') return ok(credentials.retrieveCredential(id));
        if (method === 'PATCH') return ok(credentials.updateCredential(id, body));
        if (method === 'DELETE') return ok(credentials.deleteCredential(id));
      } else if (sub === 'token' && subId === undefined && method === 'POST') {
        return { status: 201, text: credentials.createToken(id) };
      }
    } else if (collection === 'calls') {
      if (id === undefined) {
        if (method === 'POST') return ok(engine.dial(body));
      } else if (sub === undefined) {
        if (method === 'GET') return ok(engine.retrieveCall(id));
      } else if (sub === 'actions' && subId !== undefined && method === 'POST') {
        engine.callAction(id, subId, body);
        return done();
      }
    } else if (collection === 'call_control_applications') {
      if (id === undefined) {
        if (method === 'GET') return list(account.listApplications(query));
        if (method === 'POST') return created(account.createApplication(body));
      } else if (sub === undefined) {
        if (method === 'GET') return ok(account.retrieveApplication(id));
        if (method === 'PATCH') return ok(account.updateApplication(id, body));
        if (method === 'DELETE') return ok(account.deleteApplication(id));
      }
    } else if (collection === 'phone_numbers') {
      if (id === undefined && method === 'GET') return list(account.listPhoneNumbers(query));
    }
    throw apiErrors.resourceNotFound();
  }

  function takeFault(method: string, pathname: string): FaultRule | undefined {
    const index = deps.faults.findIndex((f) =>
      (f.method === undefined || f.method.toUpperCase() === method)
      && (typeof f.path === 'string' ? f.path === pathname || `/v2${f.path}` === pathname : f.path.test(pathname)));
    const fault = deps.faults[index];
    if (!fault) return undefined;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) deps.faults.splice(index, 1);
    return fault;
  }

  function send(res: ServerResponse, status: number, json?: string, text?: string): void {
    if (text !== undefined) {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    if (json === undefined) {
      res.writeHead(status);
      res.end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
    res.end(json);
  }

  function sendError(res: ServerResponse, error: TelnyxApiError): void {
    send(res, error.status, JSON.stringify(error.toBody()));
  }

  function serveRecording(res: ServerResponse, file: string): void {
    const match = /^([0-9a-f-]{36})\.(wav|mp3)$/.exec(file);
    if (!match?.[1] || !engine.recordings.has(match[1])) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('recording not found');
      return;
    }
    // I.MP3_URL_SERVES_WAV_BYTES: the .mp3 link serves the same WAV bytes (no MP3 encoder here).
    void I.MP3_URL_SERVES_WAV_BYTES;
    res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': deps.recordingAudio.length });
    res.end(deps.recordingAudio);
  }

  function handle(req: IncomingMessage, res: ServerResponse, rawBody: string): void {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    const parts = pathname.split('/').filter((s) => s !== '');
    let segments: string[];
    try {
      segments = parts.map((s) => decodeURIComponent(s));
    } catch {
      sendError(res, apiErrors.resourceNotFound());
      return;
    }
    if (segments[0] === 'recordings' && segments.length === 2 && method === 'GET') {
      serveRecording(res, segments[1] ?? '');
      return;
    }
    if (segments[0] !== 'v2' && segments[0] !== 'sim') {
      sendError(res, apiErrors.resourceNotFound());
      return;
    }
    const auth = req.headers.authorization;
    const key = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
    if (!key || !deps.apiKeys().has(key)) {
      sendError(res, apiErrors.unauthorized());
      return;
    }
    if (segments[0] === 'sim') {
      clockControl(deps.clock, method, segments.slice(1), rawBody).then(
        (control) => (control ? send(res, control.status, control.json) : sendError(res, apiErrors.resourceNotFound())),
        (err: unknown) => {
          deps.log.error(`internal error on ${method} ${pathname}: ${err instanceof Error ? err.stack : String(err)}`);
          sendError(res, apiErrors.internal());
        },
      );
      return;
    }
    const fault = deps.faults.length > 0 ? takeFault(method, pathname) : undefined;
    if (fault?.hang) return; // the socket stays open until the client gives up or the simulator closes
    const faultError = fault && new TelnyxApiError(fault.status, fault.code, fault.title, fault.detail);
    if (faultError && !fault.afterApply) {
      sendError(res, faultError);
      return;
    }
    let body: Body = {};
    if (rawBody.trim() !== '') {
      try {
        const parsed: unknown = JSON.parse(rawBody);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Body;
        else throw new Error('not an object');
      } catch {
        sendError(res, apiErrors.badJson());
        return;
      }
    }
    let outcome: Outcome;
    try {
      outcome = route(method, segments.slice(1), queryFrom(q < 0 ? '' : url.slice(q + 1)), body);
    } catch (err) {
      if (!(err instanceof TelnyxApiError)) deps.log.error(`internal error on ${method} ${pathname}: ${err instanceof Error ? err.stack : String(err)}`);
      const error = err instanceof TelnyxApiError ? err : apiErrors.internal();
      outcome = { status: error.status, json: JSON.stringify(error.toBody()) };
    }
    if (faultError) sendError(res, faultError); // afterApply: the real outcome is lost on the way back
    else send(res, outcome.status, outcome.json, outcome.text);
  }

  return (req, res) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'DELETE') {
      // No body expected; drain anything sent so keep-alive connections stay usable.
      if (req.readableEnded || req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
        handle(req, res, '');
        return;
      }
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        sendError(res, new TelnyxApiError(413, '10015', 'Bad Request', 'Request body too large.'));
        return;
      }
      handle(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  };
}
