// Account resources the console reads or sets up once: Call Control applications and the
// account's phone numbers (outbound caller ids). They change no call state, so this part
// needs nothing from the engine core but a clock and ids.
import { apiErrors } from '../errors';
import * as I from '../inferences';
import { type Body, optionalBool, optionalInt, optionalString, type Query, requireString } from '../params';
import { paginate } from './paging';

const ANCHORSITES = ['Latency', 'Chicago, IL', 'Ashburn, VA', 'San Jose, CA', 'London, UK', 'Chennai, IN',
  'Amsterdam, Netherlands', 'Toronto, Canada', 'Sydney, Australia'] as const;
const DTMF_TYPES = ['RFC 2833', 'Inband', 'SIP INFO'] as const;
const WEBHOOK_API_VERSIONS = ['1', '2'] as const;
const APPLICATION_SORTS = ['created_at', 'connection_name', 'active'] as const;

interface Application {
  id: string;
  fields: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export interface AccountNumber {
  phoneNumber: string;
  connectionId: string | null;
  tags: string[];
}

export class Account {
  private readonly applications = new Map<string, Application>();
  private readonly numbers: Array<AccountNumber & { id: string; createdAt: Date }>;
  private nextId = 0;

  constructor(numbers: readonly AccountNumber[], private readonly now: () => Date) {
    this.numbers = numbers.map((n) => ({ ...n, id: this.int64Id(), createdAt: now() }));
  }

  /** Telnyx connection-style ids are int64 numbers sent as strings. */
  private int64Id(): string {
    this.nextId += 1;
    return String(I.ACCOUNT_ID_BASE + BigInt(this.nextId));
  }

  // ─────────────── Call Control applications ───────────────

  createApplication(body: Body) {
    const app: Application = { id: this.int64Id(), fields: {}, createdAt: this.now(), updatedAt: this.now() };
    this.applyApplicationFields(app, body, true);
    this.applications.set(app.id, app);
    return this.applicationJson(app);
  }

  retrieveApplication(id: string) {
    return this.applicationJson(this.knownApplication(id));
  }

  /** PATCH requires the same two fields as create (spec: UpdateCallControlApplicationRequest). */
  updateApplication(id: string, body: Body) {
    const app = this.knownApplication(id);
    this.applyApplicationFields(app, body, true);
    app.updatedAt = this.now();
    return this.applicationJson(app);
  }

  deleteApplication(id: string) {
    const app = this.knownApplication(id);
    this.applications.delete(id);
    return this.applicationJson(app);
  }

  listApplications(query: Query) {
    const contains = query.get('filter[application_name][contains]');
    if (contains !== undefined && contains.length < 3) {
      throw apiErrors.invalidValue('filter[application_name][contains]', 'The filter requires at least three characters.');
    }
    const sortParam = query.get('sort') ?? '-created_at';
    const descending = sortParam.startsWith('-');
    const sortKey = descending ? sortParam.slice(1) : sortParam;
    if (!(APPLICATION_SORTS as readonly string[]).includes(sortKey)) throw apiErrors.invalidEnum('sort', APPLICATION_SORTS);
    let apps = [...this.applications.values()];
    if (contains) apps = apps.filter((a) => String(a.fields.application_name).toLowerCase().includes(contains.toLowerCase()));
    const keyOf = (a: Application): string | number =>
      sortKey === 'active' ? Number(a.fields.active) : sortKey === 'connection_name' ? String(a.fields.application_name) : a.createdAt.getTime();
    apps.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0) * (descending ? -1 : 1));
    return paginate(apps, query).map((a) => this.applicationJson(a));
  }

  private knownApplication(id: string): Application {
    const app = this.applications.get(id);
    if (!app) throw apiErrors.resourceNotFound('Call Control application not found');
    return app;
  }

  private applyApplicationFields(app: Application, body: Body, requireNameAndUrl: boolean): void {
    const name = requireNameAndUrl ? requireString(body, 'application_name') : optionalString(body, 'application_name');
    const url = requireNameAndUrl ? requireString(body, 'webhook_event_url') : optionalString(body, 'webhook_event_url');
    if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) throw apiErrors.invalidValue('webhook_event_url', 'The webhook_event_url must be a valid URL.');
    const failover = optionalString(body, 'webhook_event_failover_url');
    const anchorsite = optionalString(body, 'anchorsite_override');
    if (anchorsite !== undefined && !(ANCHORSITES as readonly string[]).includes(anchorsite)) throw apiErrors.invalidEnum('anchorsite_override', ANCHORSITES);
    const dtmfType = optionalString(body, 'dtmf_type');
    if (dtmfType !== undefined && !(DTMF_TYPES as readonly string[]).includes(dtmfType)) throw apiErrors.invalidEnum('dtmf_type', DTMF_TYPES);
    const apiVersion = optionalString(body, 'webhook_api_version');
    if (apiVersion !== undefined && !(WEBHOOK_API_VERSIONS as readonly string[]).includes(apiVersion)) {
      throw apiErrors.invalidEnum('webhook_api_version', WEBHOOK_API_VERSIONS);
    }
    const f = app.fields;
    const set = (key: string, value: unknown) => { if (value !== undefined) f[key] = value; };
    set('application_name', name);
    set('webhook_event_url', url);
    set('webhook_event_failover_url', failover);
    set('anchorsite_override', anchorsite);
    set('dtmf_type', dtmfType);
    set('webhook_api_version', apiVersion);
    set('active', optionalBool(body, 'active'));
    set('first_command_timeout', optionalBool(body, 'first_command_timeout'));
    set('first_command_timeout_secs', optionalInt(body, 'first_command_timeout_secs', 1, 120));
    set('webhook_timeout_secs', optionalInt(body, 'webhook_timeout_secs', 0, 30));
    set('redact_dtmf_debug_logging', optionalBool(body, 'redact_dtmf_debug_logging'));
    set('call_cost_in_webhooks', optionalBool(body, 'call_cost_in_webhooks'));
    for (const key of ['inbound', 'outbound'] as const) {
      const value = body[key];
      if (value === undefined || value === null) continue;
      if (typeof value !== 'object' || Array.isArray(value)) throw apiErrors.invalidValue(key, `The '${key}' parameter must be an object.`);
      f[key] = { ...(f[key] as object | undefined), ...value };
    }
  }

  private applicationJson(app: Application) {
    const f = app.fields;
    return {
      record_type: 'call_control_application',
      id: app.id,
      application_name: f.application_name,
      webhook_event_url: f.webhook_event_url,
      webhook_event_failover_url: f.webhook_event_failover_url ?? null,
      webhook_api_version: f.webhook_api_version ?? '1',
      webhook_timeout_secs: f.webhook_timeout_secs ?? null,
      active: f.active ?? true,
      anchorsite_override: f.anchorsite_override ?? 'Latency',
      dtmf_type: f.dtmf_type ?? 'RFC 2833',
      first_command_timeout: f.first_command_timeout ?? false,
      first_command_timeout_secs: f.first_command_timeout_secs ?? 30,
      redact_dtmf_debug_logging: f.redact_dtmf_debug_logging ?? false,
      call_cost_in_webhooks: f.call_cost_in_webhooks ?? false,
      inbound: { shaken_stir_enabled: false, sip_subdomain_receive_settings: 'from_anyone', ...(f.inbound as object | undefined) },
      outbound: { ...(f.outbound as object | undefined) },
      tags: [],
      created_at: app.createdAt.toISOString(),
      updated_at: app.updatedAt.toISOString(),
    };
  }

  // ─────────────── phone numbers (read-only here) ───────────────

  /** Whether `phoneNumber` is one of the account's numbers (the caller-ID policy asks). */
  ownsNumber(phoneNumber: string): boolean {
    return this.numbers.some((n) => n.phoneNumber === phoneNumber);
  }

  listPhoneNumbers(query: Query) {
    const filters: Array<[string, (n: AccountNumber) => string | string[] | null]> = [
      ['filter[phone_number]', (n) => n.phoneNumber],
      ['filter[connection_id]', (n) => n.connectionId],
      ['filter[tag]', (n) => n.tags],
      ['filter[status]', () => 'active'],
    ];
    let numbers = [...this.numbers];
    for (const [key, valueOf] of filters) {
      const wanted = query.get(key);
      if (wanted === undefined) continue;
      numbers = numbers.filter((n) => {
        const v = valueOf(n);
        return Array.isArray(v) ? v.includes(wanted) : v === wanted;
      });
    }
    return paginate(numbers, query).map((n) => ({
      record_type: 'phone_number',
      id: n.id,
      phone_number: n.phoneNumber,
      country_iso_alpha2: I.SIM_NUMBERS_COUNTRY,
      status: 'active',
      tags: n.tags,
      external_pin: null,
      connection_id: n.connectionId,
      connection_name: null,
      created_at: n.createdAt.toISOString(),
      updated_at: n.createdAt.toISOString(),
      purchased_at: n.createdAt.toISOString(),
      phone_number_type: 'local',
      deletion_lock_enabled: false,
      emergency_enabled: false,
      call_forwarding_enabled: true,
      call_recording_enabled: false,
      caller_id_name_enabled: false,
      cnam_listing_enabled: false,
      t38_fax_gateway_enabled: false,
      source_type: 'number_order',
    }));
  }
}
