#!/usr/bin/env node
// Starts the relay from flags and environment variables. `--help` lists both.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { RELAY_DEFAULTS, createRelayLogger, startRelay, type RelayOptions } from './index';
import { runTokenCli } from './token-cli';

// `relay token …` mints an agent JWT and exits; anything else starts the relay.
if (process.argv[2] === 'token') {
  process.exit(await runTokenCli(process.argv.slice(3), process.env, (t) => process.stdout.write(t), (t) => process.stderr.write(t)));
}

// The deployed relay verifies on the other cores (bench/results/relay.md); 0 on a single core.
const CLI_VERIFY_WORKERS = Math.max(0, availableParallelism() - 1);

const HELP = `Switchboard companion relay: verified Telnyx webhook intake, resumable websocket fan-out.

Usage: relay [options]          (npm run relay -- [options])
       relay token --agent <id> [--role agent|supervisor] [--queues a,b] [--ttl 12h]
                                mint a per-agent JWT (relay token --help)

Options (each falls back to the environment variable in brackets):
  --port <n>                 listen port, 0 = any free port        [RELAY_PORT]       default 8787
  --host <addr>              listen address                        [RELAY_HOST]       default ${RELAY_DEFAULTS.host}
  --telnyx-public-key <b64>  Telnyx account public key; repeat or   [TELNYX_PUBLIC_KEY] required
                             comma-separate for key rotation
  --tokens <t1,t2>           static bearer tokens for desktops     [RELAY_TOKENS]
  --jwt-secret <secret>      HS256 secret for per-agent JWTs,      [RELAY_JWT_SECRET]
                             at least 32 bytes
  --jwt-max-lifetime <s>     refuse JWTs that live longer          [RELAY_JWT_MAX_LIFETIME_SECS]  default ${RELAY_DEFAULTS.jwtMaxLifetimeSecs}
  --jwt-audience <aud>       require this JWT \`aud\`                [RELAY_JWT_AUDIENCE]
  --jwt-issuer <iss>         require this JWT \`iss\`                [RELAY_JWT_ISSUER]
  --store <spec>             memory | file:<dir> | sqlite:<path> | redis://host:port[/db]
                                                                   [RELAY_STORE]      default ${RELAY_DEFAULTS.store}
  --retention-max-age <s>    drop events older than this           [RELAY_RETENTION_MAX_AGE_SECS] default ${RELAY_DEFAULTS.retention.maxAgeSecs}
  --retention-max-events <n> keep at most this many events         [RELAY_RETENTION_MAX_EVENTS]   default ${RELAY_DEFAULTS.retention.maxEvents}
  --heartbeat-ms <ms>        websocket ping interval               [RELAY_HEARTBEAT_MS]           default ${RELAY_DEFAULTS.heartbeatMs}
  --slow-consumer-bytes <n>  close a subscriber (4008) past this   [RELAY_SLOW_CONSUMER_BYTES]    default ${RELAY_DEFAULTS.slowConsumerBytes}
  --tolerance-secs <s>       accepted webhook timestamp skew       [RELAY_TOLERANCE_SECS]         default ${RELAY_DEFAULTS.toleranceSecs}
  --request-timeout-ms <ms>  close a connection with no complete   [RELAY_REQUEST_TIMEOUT_MS]     default ${RELAY_DEFAULTS.requestTimeoutMs}
                             request within this (408)
  --max-connections <n>      open connections overall (503 past)   [RELAY_MAX_CONNECTIONS]        default ${RELAY_DEFAULTS.maxConnections}
  --max-connections-per-agent <n>  websockets per agent (429 past) [RELAY_MAX_CONNECTIONS_PER_AGENT] default ${RELAY_DEFAULTS.maxConnectionsPerAgent}
  --presence-grace-ms <ms>   mark an agent offline when its sockets [RELAY_PRESENCE_GRACE_MS]      default ${RELAY_DEFAULTS.presenceGraceMs}
                             have been gone this long
  --queues-config <path>     JSON file: per-queue mode (offer|pull), [RELAY_QUEUES_CONFIG]
                             serviceLevelSecs, offerTimeoutMs;      default every queue pull, 20 s, 15 s
                             see relay/README.md "Queues"
  --verify-workers <n>       Ed25519 verify threads, 0 = inline    [RELAY_VERIFY_WORKERS]         default cores - 1 (${CLI_VERIFY_WORKERS} here)
  --log-level <level>        pino level                            [LOG_LEVEL]                    default info
  -h, --help                 show this help

Secrets given as flags are visible in the process list: prefer the environment variables.
SIGTERM/SIGINT shut down gracefully (readiness fails, in-flight webhooks finish, sockets close 1012).
`;

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'telnyx-public-key': { type: 'string', multiple: true },
    tokens: { type: 'string' },
    'jwt-secret': { type: 'string' },
    'jwt-max-lifetime': { type: 'string' },
    'jwt-audience': { type: 'string' },
    'jwt-issuer': { type: 'string' },
    'request-timeout-ms': { type: 'string' },
    'max-connections': { type: 'string' },
    'max-connections-per-agent': { type: 'string' },
    store: { type: 'string' },
    'retention-max-age': { type: 'string' },
    'retention-max-events': { type: 'string' },
    'heartbeat-ms': { type: 'string' },
    'slow-consumer-bytes': { type: 'string' },
    'tolerance-secs': { type: 'string' },
    'verify-workers': { type: 'string' },
    'presence-grace-ms': { type: 'string' },
    'queues-config': { type: 'string' },
    'log-level': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});

if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const env = process.env;
const list = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value : [value ?? '']).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
const number = (flag: string | undefined, envValue: string | undefined, name: string): number | undefined => {
  const raw = flag ?? envValue;
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) fail(`${name} must be a non-negative number`);
  return n;
};
function fail(message: string): never {
  process.stderr.write(`relay: ${message}\n(see --help)\n`);
  process.exit(2);
}

const keys = list(values['telnyx-public-key'] ?? env.TELNYX_PUBLIC_KEY);
if (!keys.length) fail('a Telnyx public key is required (--telnyx-public-key or TELNYX_PUBLIC_KEY)');
const options: RelayOptions = {
  port: number(values.port, env.RELAY_PORT, '--port') ?? 8787,
  host: values.host ?? env.RELAY_HOST ?? RELAY_DEFAULTS.host,
  telnyxPublicKeys: keys,
  tokens: list(values.tokens ?? env.RELAY_TOKENS),
  store: values.store ?? env.RELAY_STORE ?? RELAY_DEFAULTS.store,
  retention: {
    maxAgeSecs: number(values['retention-max-age'], env.RELAY_RETENTION_MAX_AGE_SECS, '--retention-max-age'),
    maxEvents: number(values['retention-max-events'], env.RELAY_RETENTION_MAX_EVENTS, '--retention-max-events'),
  },
  heartbeatMs: number(values['heartbeat-ms'], env.RELAY_HEARTBEAT_MS, '--heartbeat-ms'),
  slowConsumerBytes: number(values['slow-consumer-bytes'], env.RELAY_SLOW_CONSUMER_BYTES, '--slow-consumer-bytes'),
  toleranceSecs: number(values['tolerance-secs'], env.RELAY_TOLERANCE_SECS, '--tolerance-secs'),
  jwtMaxLifetimeSecs: number(values['jwt-max-lifetime'], env.RELAY_JWT_MAX_LIFETIME_SECS, '--jwt-max-lifetime'),
  requestTimeoutMs: number(values['request-timeout-ms'], env.RELAY_REQUEST_TIMEOUT_MS, '--request-timeout-ms'),
  maxConnections: number(values['max-connections'], env.RELAY_MAX_CONNECTIONS, '--max-connections'),
  maxConnectionsPerAgent: number(values['max-connections-per-agent'], env.RELAY_MAX_CONNECTIONS_PER_AGENT, '--max-connections-per-agent'),
  presenceGraceMs: number(values['presence-grace-ms'], env.RELAY_PRESENCE_GRACE_MS, '--presence-grace-ms'),
  verifyWorkers: number(values['verify-workers'], env.RELAY_VERIFY_WORKERS, '--verify-workers') ?? CLI_VERIFY_WORKERS,
  logger: createRelayLogger(values['log-level'] ?? env.LOG_LEVEL ?? 'info'),
};
const queuesConfig = values['queues-config'] ?? env.RELAY_QUEUES_CONFIG;
if (queuesConfig) {
  try {
    options.queues = JSON.parse(readFileSync(queuesConfig, 'utf8')) as RelayOptions['queues'];
  } catch (error) {
    fail(`--queues-config ${queuesConfig}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
const jwtSecret = values['jwt-secret'] ?? env.RELAY_JWT_SECRET;
if (jwtSecret) options.jwtSecret = jwtSecret;
const jwtAudience = values['jwt-audience'] ?? env.RELAY_JWT_AUDIENCE;
if (jwtAudience) options.jwtAudience = jwtAudience;
const jwtIssuer = values['jwt-issuer'] ?? env.RELAY_JWT_ISSUER;
if (jwtIssuer) options.jwtIssuer = jwtIssuer;

try {
  const relay = await startRelay(options);
  // One plain line on stdout so scripts (and tests) can find the port when --port 0.
  process.stdout.write(`relay listening on ${relay.url}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    options.logger!.info({ signal }, 'shutting down');
    relay.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
