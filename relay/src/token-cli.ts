// `relay token …`: mints one per-agent JWT for the relay (printed on stdout, nothing else).
import { parseArgs } from 'node:util';
import { SignJWT, type JWTPayload } from 'jose';
import { MIN_JWT_SECRET_BYTES } from './auth';
import { readAgentClaims } from './token-claims';

export const TOKEN_HELP = `Mint a per-agent relay token (HS256 JWT).

Usage: relay token --agent <id> [options]      (npm run relay -- token --agent alice ...)

  --agent <id>            agent id (JWT sub), required
  --role <role>           agent | supervisor                        default agent
  --queues <q1,q2>        queues the agent serves / the supervisor supervises (default: all)
  --connection-ids <a,b>  Telnyx connections the token may see (default: all)
  --ttl <duration>        lifetime: 3600, 90s, 30m, 12h, 1d          default 12h
  --secret <secret>       HS256 secret, at least ${MIN_JWT_SECRET_BYTES} bytes    [RELAY_JWT_SECRET]
  --max-lifetime <s>      the relay's --jwt-max-lifetime: a longer   [RELAY_JWT_MAX_LIFETIME_SECS] default 86400
                          --ttl is refused
  --audience <aud>        the relay's --jwt-audience                 [RELAY_JWT_AUDIENCE]
  --issuer <iss>          the relay's --jwt-issuer                   [RELAY_JWT_ISSUER]
`;

export interface MintOptions {
  secret: string;
  agent: string;
  role?: string;
  queues?: string[];
  connectionIds?: string[];
  ttlSecs: number;
  maxLifetimeSecs: number;
  audience?: string;
  issuer?: string;
  nowSecs?: number;
}

/** Signs a token, after checking its claims exactly as the relay will (readAgentClaims). */
export async function mintAgentToken(o: MintOptions): Promise<string> {
  if (Buffer.byteLength(o.secret) < MIN_JWT_SECRET_BYTES) throw new Error(`the JWT secret must be at least ${MIN_JWT_SECRET_BYTES} bytes`);
  if (!(Number.isFinite(o.ttlSecs) && o.ttlSecs > 0)) throw new Error('the ttl must be positive');
  if (o.ttlSecs > o.maxLifetimeSecs) throw new Error(`ttl ${o.ttlSecs} s is over the relay's maximum token lifetime (${o.maxLifetimeSecs} s)`);
  const iat = Math.floor(o.nowSecs ?? Date.now() / 1000);
  const payload: JWTPayload = {
    sub: o.agent,
    iat,
    exp: iat + Math.floor(o.ttlSecs),
    ...(o.role !== undefined ? { role: o.role } : {}),
    ...(o.queues !== undefined ? { queues: o.queues } : {}),
    ...(o.connectionIds !== undefined ? { connection_ids: o.connectionIds } : {}),
    ...(o.audience ? { aud: o.audience } : {}),
    ...(o.issuer ? { iss: o.issuer } : {}),
  };
  const checked = readAgentClaims(payload, o.maxLifetimeSecs, iat);
  if ('refused' in checked) throw new Error(checked.refused.replace(/^jwt: /, ''));
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(o.secret));
}

/** `3600`, `90s`, `30m`, `12h`, `1d` → seconds; NaN for anything else. */
export function parseDuration(text: string): number {
  const match = /^(\d+)(s|m|h|d)?$/.exec(text.trim());
  if (!match) return Number.NaN;
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

/** Runs the subcommand; returns the process exit code. */
export async function runTokenCli(args: string[], env: NodeJS.ProcessEnv, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        agent: { type: 'string' },
        role: { type: 'string' },
        queues: { type: 'string' },
        'connection-ids': { type: 'string' },
        ttl: { type: 'string' },
        secret: { type: 'string' },
        'max-lifetime': { type: 'string' },
        audience: { type: 'string' },
        issuer: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    err(`relay token: ${error instanceof Error ? error.message : String(error)}\n(see relay token --help)\n`);
    return 2;
  }
  if (values.help) {
    out(TOKEN_HELP);
    return 0;
  }
  // An empty list is kept as [] so the claim check refuses it, rather than silently meaning "all".
  const list = (value: string | undefined) => (value === undefined ? undefined : value.split(',').map((v) => v.trim()).filter(Boolean));
  const maxLifetime = values['max-lifetime'] ?? env.RELAY_JWT_MAX_LIFETIME_SECS ?? '86400';
  const audience = values.audience ?? env.RELAY_JWT_AUDIENCE;
  const issuer = values.issuer ?? env.RELAY_JWT_ISSUER;
  const queues = list(values.queues);
  const connectionIds = list(values['connection-ids']);
  try {
    if (!values.agent) throw new Error('--agent is required');
    const secret = values.secret ?? env.RELAY_JWT_SECRET;
    if (!secret) throw new Error('a secret is required (--secret or RELAY_JWT_SECRET)');
    const token = await mintAgentToken({
      secret,
      agent: values.agent,
      ttlSecs: parseDuration(values.ttl ?? '12h'),
      maxLifetimeSecs: Number(maxLifetime),
      ...(values.role !== undefined ? { role: values.role } : {}),
      ...(queues ? { queues } : {}),
      ...(connectionIds ? { connectionIds } : {}),
      ...(audience ? { audience } : {}),
      ...(issuer ? { issuer } : {}),
    });
    out(`${token}\n`);
    return 0;
  } catch (error) {
    err(`relay token: ${error instanceof Error ? error.message : String(error)}\n(see relay token --help)\n`);
    return 2;
  }
}
