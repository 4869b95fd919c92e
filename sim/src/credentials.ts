// SIP credential connections and the telephony credentials a WebRTC client logs in with:
// `/credential_connections`, `/telephony_credentials` and the short-lived JWT that
// `POST /telephony_credentials/{id}/token` answers as text/plain. The rtc endpoint (rtc/signaling.ts)
// verifies those JWTs here and learns which credential (sip_username) a socket registers.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { apiErrors } from './errors';
import { paginate } from './engine';
import * as I from './inferences';
import { type Body, optionalString, type Query, requireString } from './params';
import type { IdFactory } from './random';

export interface TelephonyCredential {
  id: string;
  name?: string;
  tag?: string;
  connectionId: string;
  sipUsername: string;
  sipPassword: string;
  expiresAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

interface CredentialConnection {
  id: string;
  fields: Record<string, unknown>; // what the client set (echoed back as given)
  createdAt: Date;
  updatedAt: Date;
}

/** Fields of a credential connection the simulator stores and echoes (the request schemas'). */
const CONNECTION_FIELDS = [
  'active', 'anchorsite_override', 'android_push_credential_id', 'call_cost_in_webhooks', 'connection_name',
  'default_on_hold_comfort_noise_enabled', 'dtmf_type', 'encode_contact_header_enabled', 'encrypted_media', 'inbound',
  'ios_push_credential_id', 'jitter_buffer', 'noise_suppression', 'noise_suppression_details', 'onnet_t38_passthrough_enabled',
  'outbound', 'password', 'rtcp_settings', 'sip_uri_calling_preference', 'tags', 'user_name', 'webhook_api_version',
  'webhook_event_failover_url', 'webhook_event_url', 'webhook_timeout_secs',
] as const;

export type TokenCheck = { ok: true; credential: TelephonyCredential } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' | 'unknown_credential' };

export class Credentials {
  private readonly connections = new Map<string, CredentialConnection>();
  private readonly credentials = new Map<string, TelephonyCredential>();
  /** Signs this simulator's JWTs (HS512 like Telnyx's); a fresh secret per run. */
  private readonly secret = randomBytes(32);

  constructor(private readonly ids: IdFactory, private readonly now: () => number) {}

  // ───────────────────────────── credential connections ─────────────────────────────

  listConnections(query: Query) {
    const contains = query.get('filter[connection_name][contains]');
    const all = [...this.connections.values()].filter((c) => contains === undefined || String(c.fields.connection_name ?? '').includes(contains));
    return paginate(all, query).map((c) => this.connectionResource(c));
  }

  createConnection(body: Body) {
    requireString(body, 'connection_name');
    const userName = requireString(body, 'user_name');
    const password = requireString(body, 'password');
    if (!/^[A-Za-z0-9]{4,32}$/.test(userName)) throw apiErrors.invalidValue('user_name', 'user_name must be 4-32 alphanumeric characters.');
    if (password.length < 8 || password.length > 128) throw apiErrors.invalidValue('password', 'password must be 8 to 128 characters long.');
    const at = new Date(this.now());
    const connection: CredentialConnection = { id: this.numericId(), fields: pick(body), createdAt: at, updatedAt: at };
    this.connections.set(connection.id, connection);
    return this.connectionResource(connection);
  }

  retrieveConnection(id: string) {
    return this.connectionResource(this.connection(id));
  }

  updateConnection(id: string, body: Body) {
    const connection = this.connection(id);
    Object.assign(connection.fields, pick(body));
    connection.updatedAt = new Date(this.now());
    return this.connectionResource(connection);
  }

  deleteConnection(id: string) {
    const connection = this.connection(id);
    this.connections.delete(id);
    return this.connectionResource(connection);
  }

  private connection(id: string): CredentialConnection {
    const connection = this.connections.get(id);
    if (!connection) throw apiErrors.resourceNotFound('Credential connection not found');
    return connection;
  }

  private connectionResource(c: CredentialConnection) {
    return {
      id: c.id, record_type: 'credential_connection', active: true, anchorsite_override: 'Latency', dtmf_type: 'RFC 2833',
      webhook_api_version: '1', ...c.fields, created_at: c.createdAt.toISOString(), updated_at: c.updatedAt.toISOString(),
    };
  }

  /** Connection ids are int64 strings (the spec's `x-format: int64`). */
  private numericId(): string {
    const hex = this.ids.uuid().replace(/-/g, '').slice(0, 15);
    return (BigInt(`0x${hex}`) + 1_000_000_000_000_000_000n).toString();
  }

  // ───────────────────────────── telephony credentials ─────────────────────────────

  listCredentials(query: Query) {
    const f = (key: string) => query.get(`filter[${key}]`);
    const all = [...this.credentials.values()].filter((c) => (f('tag') === undefined || c.tag === f('tag'))
      && (f('name') === undefined || c.name === f('name')) && (f('sip_username') === undefined || c.sipUsername === f('sip_username'))
      && (f('resource_id') === undefined || `connection:${c.connectionId}` === f('resource_id'))
      && (f('status') === undefined || (f('status') === 'expired') === this.expired(c)));
    return paginate(all, query).map((c) => this.credentialResource(c));
  }

  createCredential(body: Body) {
    const connectionId = requireString(body, 'connection_id');
    if (I.CREDENTIAL_NEEDS_A_KNOWN_CONNECTION && !this.connections.has(connectionId)) {
      throw apiErrors.invalidValue('connection_id', 'The connection_id does not name a credential connection.');
    }
    const at = new Date(this.now());
    const credential: TelephonyCredential = {
      id: this.ids.uuid(), connectionId, createdAt: at, updatedAt: at,
      sipUsername: `gencred${randomBytes(16).toString('base64url').replace(/[-_]/g, '').slice(0, 22)}`,
      sipPassword: randomBytes(16).toString('hex'),
    };
    this.applyCredentialFields(credential, body);
    this.credentials.set(credential.id, credential);
    return this.credentialResource(credential);
  }

  retrieveCredential(id: string) {
    return this.credentialResource(this.credential(id));
  }

  updateCredential(id: string, body: Body) {
    const credential = this.credential(id);
    const connectionId = optionalString(body, 'connection_id');
    if (connectionId !== undefined) credential.connectionId = connectionId;
    this.applyCredentialFields(credential, body);
    credential.updatedAt = new Date(this.now());
    return this.credentialResource(credential);
  }

  deleteCredential(id: string) {
    const credential = this.credential(id);
    this.credentials.delete(id);
    return this.credentialResource(credential);
  }

  /** The credential a dialled `sip:<user>@sip.telnyx.com` names, if it exists and has not expired. */
  bySipUsername(sipUsername: string): TelephonyCredential | undefined {
    for (const c of this.credentials.values()) if (c.sipUsername === sipUsername && !this.expired(c)) return c;
    return undefined;
  }

  private applyCredentialFields(credential: TelephonyCredential, body: Body): void {
    const name = optionalString(body, 'name');
    const tag = optionalString(body, 'tag');
    const expiresAt = optionalString(body, 'expires_at');
    if (name !== undefined) credential.name = name;
    if (tag !== undefined) credential.tag = tag;
    if (expiresAt !== undefined) {
      const t = Date.parse(expiresAt);
      if (Number.isNaN(t)) throw apiErrors.invalidValue('expires_at', 'expires_at must be an ISO-8601 date.');
      credential.expiresAt = new Date(t);
    }
  }

  private credential(id: string): TelephonyCredential {
    const credential = this.credentials.get(id);
    if (!credential) throw apiErrors.resourceNotFound('Telephony credential not found');
    return credential;
  }

  private expired(c: TelephonyCredential): boolean {
    return c.expiresAt !== undefined && c.expiresAt.getTime() <= this.now();
  }

  private credentialResource(c: TelephonyCredential) {
    const out: Record<string, unknown> = {
      id: c.id, record_type: 'credential', name: c.name ?? '', resource_id: `connection:${c.connectionId}`,
      sip_username: c.sipUsername, sip_password: c.sipPassword, expired: this.expired(c), user_id: I.SIM_USER_ID,
      created_at: c.createdAt.toISOString(), updated_at: c.updatedAt.toISOString(),
    };
    if (c.expiresAt) out.expires_at = c.expiresAt.toISOString();
    return out;
  }

  // ───────────────────────────── JWTs ─────────────────────────────

  /** `POST /telephony_credentials/{id}/token`: a JWT valid 24 h, or until the credential expires. */
  createToken(id: string): string {
    const credential = this.credential(id);
    if (this.expired(credential)) throw apiErrors.invalidValue('id', 'The credential has expired.');
    const iat = Math.floor(this.now() / 1000);
    let exp = iat + I.WEBRTC_TOKEN_LIFETIME_SECS;
    if (credential.expiresAt) exp = Math.min(exp, Math.floor(credential.expiresAt.getTime() / 1000));
    const payload = {
      aud: 'telnyx_telephony', exp, iat, iss: 'telnyx_telephony', jti: this.ids.uuid(), nbf: iat - 1,
      sub: credential.id, tel_token: randomBytes(24).toString('base64url'), typ: 'access',
    };
    const unsigned = `${b64(JSON.stringify({ alg: 'HS512', typ: 'JWT' }))}.${b64(JSON.stringify(payload))}`;
    return `${unsigned}.${this.sign(unsigned)}`;
  }

  /** Verifies a JWT from a `login` request: signed here, not expired, and naming a live credential. */
  checkToken(token: string): TokenCheck {
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'malformed' };
    const [header, body, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(`${header}.${body}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad_signature' };
    let claims: { exp?: number; sub?: string };
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { exp?: number; sub?: string };
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= this.now()) return { ok: false, reason: 'expired' };
    const credential = claims.sub ? this.credentials.get(claims.sub) : undefined;
    if (!credential || this.expired(credential)) return { ok: false, reason: 'unknown_credential' };
    return { ok: true, credential };
  }

  /** A `login` with the credential's sip_username and sip_password instead of a JWT. */
  checkPassword(sipUsername: string, password: string): TokenCheck {
    const credential = this.bySipUsername(sipUsername);
    if (!credential) return { ok: false, reason: 'unknown_credential' };
    const expected = Buffer.from(credential.sipPassword);
    const given = Buffer.from(password);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad_signature' };
    return { ok: true, credential };
  }

  private sign(unsigned: string): string {
    return createHmac('sha512', this.secret).update(unsigned).digest('base64url');
  }
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function pick(body: Body): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of CONNECTION_FIELDS) if (body[key] !== undefined) out[key] = body[key];
  return out;
}
