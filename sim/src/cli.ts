// Command line: `npm run sim -- --port 4010 --api-key KEY --webhook-url http://127.0.0.1:PORT/path`
import { parseArgs } from 'node:util';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startSimulator, type SimulatorOptions } from './index';
import { lineLog } from './log';

const HELP = `Telnyx Call Control simulator (Switchboard)

Serves Telnyx's Call Control, Conference and Queue REST APIs under http://HOST:PORT/v2 for the
official telnyx SDK (baseURL: http://HOST:PORT/v2) and POSTs Ed25519-signed webhooks.

Usage: tsx sim/src/cli.ts [flags]      (or: npm run sim -- [flags])

Flags:
  --port N              port to listen on (default 4010; 0 = any free port)
  --host ADDR           address to bind (default 127.0.0.1)
  --api-key KEY         accepted Bearer API key; repeat for several (default: $TELNYX_API_KEY, else "KEY")
  --webhook-url URL     where webhooks are POSTed (default: none; events are buffered until set)
  --scenario NAME       synthetic traffic: "callcenter" (default: callers into queues support and
                        sales, a few per minute) or "none" (idle: only what the API does)
  --callers-per-minute N  override the scenario's arrival rate
  --seed N              seed for deterministic traffic and ids (default: random, printed)
  --time-scale X        multiply every simulated duration by X (default 1; e.g. 0.1 = ten times faster)
  --clock manual        time stands still until a test moves it: POST /sim/clock/advance
                        {"ms": N} or {"to": "ISO"} (Bearer API key), see GET /sim/clock
  --start-at ISO        where a manual clock starts (default: now)
  --signing-key FILE    PEM Ed25519 private key for webhook signatures (default: a fresh key per run)
  --quiet               do not log webhook retries and other events
  --help                show this help

On start it prints the base URL and a line "public key: <base64>" — the raw 32-byte Ed25519
public key that verifies the webhooks (the console's / relay's Telnyx public key setting).
`;

function main(): void {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      'api-key': { type: 'string', multiple: true },
      'webhook-url': { type: 'string' },
      scenario: { type: 'string', default: 'callcenter' },
      'callers-per-minute': { type: 'string' },
      seed: { type: 'string' },
      'time-scale': { type: 'string', default: '1' },
      clock: { type: 'string', default: 'real' },
      'start-at': { type: 'string' },
      'signing-key': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const fail = (message: string): never => {
    process.stderr.write(`${message}\n\nRun with --help for usage.\n`);
    process.exit(2);
  };
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0..65535, got ${values.port}`);
  const timeScale = Number(values['time-scale']);
  if (!(timeScale > 0)) fail(`--time-scale must be a positive number, got ${values['time-scale']}`);
  if (values.scenario !== 'callcenter' && values.scenario !== 'none') fail(`--scenario must be "callcenter" or "none"`);
  if (values.clock !== 'real' && values.clock !== 'manual') fail('--clock must be "real" or "manual"');
  if (values['start-at'] !== undefined && (values.clock !== 'manual' || Number.isNaN(Date.parse(values['start-at'])))) {
    fail('--start-at needs --clock manual and an ISO date-time');
  }
  if (values.clock === 'manual' && timeScale !== 1) fail('--time-scale does not apply to a manual clock');
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) fail('--seed must be an integer');
  const apiKeys = values['api-key'] ?? [process.env.TELNYX_API_KEY ?? 'KEY'];
  let scenario: SimulatorOptions['scenario'] = values.scenario as 'callcenter' | 'none';
  if (values['callers-per-minute'] !== undefined) {
    const rate = Number(values['callers-per-minute']);
    if (!(rate >= 0)) fail('--callers-per-minute must be >= 0');
    scenario = { ...(scenario === 'none' ? { callersPerMinute: 0 } : {}), callersPerMinute: rate };
  }
  const log = values.quiet ? undefined : lineLog((line) => process.stderr.write(`[sim] ${line}\n`));
  startSimulator({
    port, host: values.host, apiKeys, webhookUrl: values['webhook-url'], scenario, seed, timeScale, log,
    clock: values.clock as 'real' | 'manual', ...(values['start-at'] !== undefined ? { startAt: values['start-at'] } : {}),
    ...(values['signing-key'] ? { signingKey: createPrivateKey(readFileSync(values['signing-key'])) } : {}),
  }).then((sim) => {
    process.stdout.write(`Telnyx simulator: ${sim.baseUrl}\n`);
    process.stdout.write(`public key: ${sim.publicKey}\n`);
    process.stdout.write(`telnyx_rtc (WebRTC softphones): ${sim.rtcUrl}\n`);
    process.stdout.write(`webhooks: ${values['webhook-url'] ?? '(none yet)'}\n`);
    if (sim.clock.mode === 'manual') process.stdout.write(`manual clock: ${new Date(sim.clock.now()).toISOString()} (POST /sim/clock/advance)\n`);
    const stop = () => {
      void sim.close().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }, (err: unknown) => fail(`could not start: ${err instanceof Error ? err.message : String(err)}`));
}

main();
