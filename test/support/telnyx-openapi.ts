// Validates REST response bodies and webhook bodies against Telnyx's own OpenAPI 3.1 subset
// (test/fixtures/telnyx/openapi-conferencing.json) with Ajv's 2020-12 dialect.
// Every function throws on a mismatch, so a test that calls it fails when the shape is wrong.
//
//   validateResponse('GET', '/conferences/{id}', 200, body)
//   validateWebhook(JSON.parse(rawBody))
//   new Telnyx({ ..., fetch: validatingFetch() })   // checks every response the SDK receives
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The spec subset is vendored (test/fixtures/telnyx/, with its provenance in the README there) so
 * a clone stands on its own; `TELNYX_SPEC` points the tests at another copy. When the shared
 * reference copy sits beside the checkout, test/unit/sim/spec-fixture.test.ts checks they match.
 */
export const VENDORED_SPEC_PATH = path.join(repoRoot, 'test', 'fixtures', 'telnyx', 'openapi-conferencing.json');
/** The project's shared reference copy, beside the checkout, where one exists (CI lays it out so). */
export const SHARED_SPEC_PATH = path.resolve(repoRoot, '..', 'shared', 'telnyx', 'openapi-conferencing.json');

function findTelnyxSpec(): string {
  const chosen = process.env.TELNYX_SPEC || VENDORED_SPEC_PATH;
  if (!existsSync(chosen)) throw new Error(`Telnyx OpenAPI spec not found at ${chosen}`);
  return chosen;
}

export const TELNYX_SPEC_PATH = findTelnyxSpec();

type Json = Record<string, unknown>;
const SPEC_ID = 'telnyx-openapi';

let state: { spec: Json; ajv: Ajv2020; cache: Map<string, ValidateFunction>; webhookPointers: Map<string, string> } | undefined;

function load() {
  if (state) return state;
  const spec = JSON.parse(readFileSync(TELNYX_SPEC_PATH, 'utf8')) as Json;
  // strict: false — the spec uses OpenAPI annotations (example, discriminator, x-*) Ajv does not know.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule);
  addFormats(ajv);
  // Telnyx error codes are digit strings declared `format: integer`.
  ajv.addFormat('integer', /^-?\d+$/);
  ajv.addSchema(spec, SPEC_ID);
  state = { spec, ajv, cache: new Map(), webhookPointers: webhookSchemaPointers(spec) };
  return state;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function at(doc: Json, pointer: string): unknown {
  let node: unknown = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node && typeof node === 'object' ? (node as Json)[key] : undefined;
  }
  return node;
}

function compile(pointer: string): ValidateFunction {
  const { ajv, cache } = load();
  let validate = cache.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `${SPEC_ID}#${pointer}` });
    cache.set(pointer, validate);
  }
  return validate;
}

function describe(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('; ');
}

const ERRORS_SCHEMA_POINTER = '/components/schemas/call-control_Errors';

/**
 * The JSON pointer of the response schema for an operation and status, following `$ref`s to
 * components/responses, and its media type (application/json, or e.g. text/plain for the
 * credential token).
 */
function responseSchema(method: string, pathTemplate: string, status: number): { pointer: string; mediaType: string } | null {
  const { spec } = load();
  const opPointer = `/paths/${escapePointer(pathTemplate)}/${method.toLowerCase()}`;
  if (!at(spec, opPointer)) throw new Error(`The spec has no operation ${method.toUpperCase()} ${pathTemplate}`);
  const responses = at(spec, `${opPointer}/responses`) as Json;
  let responsePointer = `${opPointer}/responses/${String(status) in responses ? status : 'default'}`;
  let response = at(spec, responsePointer) as Json | undefined;
  // An error status the operation does not list (e.g. DeleteQueue's documented 400 90050, or an
  // injected 503) must still be a Telnyx error body.
  if (!response && status >= 400) return { pointer: ERRORS_SCHEMA_POINTER, mediaType: 'application/json' };
  if (!response) throw new Error(`The spec declares no ${status} (nor default) response for ${method.toUpperCase()} ${pathTemplate}`);
  while (typeof response.$ref === 'string') {
    responsePointer = response.$ref.slice(1);
    response = at(spec, responsePointer) as Json;
  }
  const content = response.content as Json | undefined;
  // An error the spec describes without content (e.g. the token's 404) still answers Telnyx's error body.
  if (!content && status >= 400) return { pointer: ERRORS_SCHEMA_POINTER, mediaType: 'application/json' };
  if (!content) return null; // e.g. 204: no body
  const mediaType = 'application/json' in content ? 'application/json' : Object.keys(content)[0] ?? 'application/json';
  return { pointer: `${responsePointer}/content/${escapePointer(mediaType)}/schema`, mediaType };
}

/** The media type the spec says `METHOD pathTemplate` answers with `status` (null: no body). */
export function responseMediaType(method: string, pathTemplate: string, status: number): string | null {
  return responseSchema(method, pathTemplate, status)?.mediaType ?? null;
}

/** Mismatches of a response body against the spec ([] when it conforms). */
export function responseErrors(method: string, pathTemplate: string, status: number, body: unknown): string[] {
  const schema = responseSchema(method, pathTemplate, status);
  if (schema === null) {
    return body === null || body === undefined || body === '' ? [] : [`${status} must have no body, got ${JSON.stringify(body)}`];
  }
  const validate = compile(schema.pointer);
  return validate(body) ? [] : [describe(validate)];
}

/** Throws unless `body` is what the spec says `METHOD pathTemplate` answers with `status`. */
export function validateResponse(method: string, pathTemplate: string, status: number, body: unknown): void {
  const errors = responseErrors(method, pathTemplate, status, body);
  if (errors.length > 0) {
    throw new Error(`${method.toUpperCase()} ${pathTemplate} ${status} does not match the Telnyx spec: ${errors.join(' | ')}\nbody: ${JSON.stringify(body)}`);
  }
}

/** The spec path template a concrete path (after /v2) belongs to, e.g. /conferences/abc/actions/mute → /conferences/{id}/actions/mute. */
export function pathTemplateFor(method: string, concretePath: string): string {
  const { spec } = load();
  const segments = concretePath.split('/').filter(Boolean);
  let best: { template: string; literal: number } | undefined;
  for (const [template, item] of Object.entries(spec.paths as Json)) {
    if (!(item as Json)[method.toLowerCase()]) continue;
    const parts = template.split('/').filter(Boolean);
    if (parts.length !== segments.length) continue;
    let literal = 0;
    const fits = parts.every((p, i) => {
      if (p.startsWith('{')) return true;
      literal++;
      return p === segments[i];
    });
    if (fits && (!best || literal > best.literal)) best = { template, literal };
  }
  if (!best) throw new Error(`No spec operation matches ${method} ${concretePath}`);
  return best.template;
}

/** The top-level properties the spec's request body of `METHOD pathTemplate` declares ([] when it has none). */
export function requestBodyProperties(method: string, pathTemplate: string): string[] {
  const { spec } = load();
  const resolve = (node: unknown): Json | undefined => {
    let n = node as Json | undefined;
    while (n && typeof n.$ref === 'string') n = at(spec, n.$ref.slice(1)) as Json | undefined;
    return n;
  };
  const body = resolve(at(spec, `/paths/${escapePointer(pathTemplate)}/${method.toLowerCase()}/requestBody`));
  const schema = resolve(at(body ?? {}, `/content/${escapePointer('application/json')}/schema`));
  const names = new Set<string>();
  const collect = (s: Json | undefined) => {
    if (!s) return;
    for (const name of Object.keys((s.properties as Json | undefined) ?? {})) names.add(name);
    for (const part of (s.allOf as unknown[] | undefined) ?? []) collect(resolve(part));
  };
  collect(schema);
  return [...names];
}

// ───────────────────────────── webhooks ─────────────────────────────

/** event_type → pointer of the schema for the envelope's `data`, from the spec's `webhooks` section. */
function webhookSchemaPointers(spec: Json): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of Object.values(spec.webhooks as Json)) {
    const ref = at(item as Json, `/post/requestBody/content/${escapePointer('application/json')}/schema/$ref`);
    if (typeof ref !== 'string') continue;
    let pointer = ref.slice(1);
    const eventSchema = at(spec, pointer) as Json;
    const dataRef = at(eventSchema, '/properties/data/$ref');
    // Most events are `{ data: <Event> }`; ConferenceFloorChangedEvent is the bare data object (API-NOTES §7).
    if (typeof dataRef === 'string') pointer = dataRef.slice(1);
    const eventTypes = at(spec, `${pointer}/properties/event_type/enum`);
    if (Array.isArray(eventTypes)) for (const t of eventTypes) out.set(String(t), pointer);
  }
  return out;
}

/** Event types the spec defines a webhook schema for. */
export function specWebhookEventTypes(): string[] {
  return [...load().webhookPointers.keys()].sort();
}

/** Mismatches of a webhook body (the whole parsed envelope) against the spec ([] when it conforms). */
export function webhookErrors(body: unknown): string[] {
  const errors: string[] = [];
  const envelope = body as { data?: { event_type?: unknown }; meta?: { attempt?: unknown; delivered_to?: unknown } } | null;
  if (!envelope || typeof envelope !== 'object' || !envelope.data || typeof envelope.data !== 'object') return ['missing data object'];
  const eventType = envelope.data.event_type;
  const pointer = typeof eventType === 'string' ? load().webhookPointers.get(eventType) : undefined;
  if (!pointer) return [`the spec has no webhook schema for event_type ${JSON.stringify(eventType)}`];
  const validate = compile(pointer);
  if (!validate(envelope.data)) errors.push(describe(validate));
  // `meta` is not in the call-control schemas; real deliveries carry { attempt, delivered_to } (API-NOTES §6).
  const meta = envelope.meta;
  if (meta !== undefined) {
    if (typeof meta !== 'object' || meta === null) errors.push('meta must be an object');
    else {
      if (!Number.isInteger(meta.attempt) || (meta.attempt as number) < 1) errors.push('meta.attempt must be an integer >= 1');
      if (typeof meta.delivered_to !== 'string') errors.push('meta.delivered_to must be a string');
    }
  }
  return errors;
}

/** Throws unless the webhook body matches the spec's schema for its event_type. */
export function validateWebhook(body: unknown): void {
  const errors = webhookErrors(body);
  if (errors.length > 0) throw new Error(`webhook does not match the Telnyx spec: ${errors.join(' | ')}\nbody: ${JSON.stringify(body)}`);
}

// ───────────────────────────── SDK integration ─────────────────────────────

export interface ValidatedExchange {
  method: string;
  template: string;
  status: number;
  body: unknown;
}

/**
 * A `fetch` for `new Telnyx({ fetch })` that validates every response against the spec before
 * the SDK sees it. Mismatches are thrown (the SDK call fails) and also kept in `failures`;
 * `exchanges` lists everything checked (for "every endpoint was covered" assertions).
 */
export function validatingFetch(base: typeof fetch = fetch) {
  const exchanges: ValidatedExchange[] = [];
  const failures: string[] = [];
  const wrapped = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await base(input, init);
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const concrete = url.pathname.replace(/^\/v2/, '');
    const text = await response.clone().text();
    const template = pathTemplateFor(method, concrete);
    const mediaType = responseMediaType(method, template, response.status);
    const contentType = response.headers.get('content-type') ?? '';
    // A JSON response is parsed; any other media type (text/plain) is validated as the text it is.
    const body: unknown = text === '' ? null : mediaType === 'application/json' || mediaType === null ? JSON.parse(text) : text;
    const errors = responseErrors(method, template, response.status, body);
    if (mediaType !== null && text !== '' && !contentType.startsWith(mediaType)) errors.push(`content-type ${contentType}, the spec says ${mediaType}`);
    exchanges.push({ method, template, status: response.status, body });
    if (errors.length > 0) {
      const message = `${method} ${template} ${response.status}: ${errors.join(' | ')}`;
      failures.push(message);
      throw new Error(`response does not match the Telnyx spec: ${message}`);
    }
    return response;
  }) as typeof fetch;
  return { fetch: wrapped, exchanges, failures };
}
