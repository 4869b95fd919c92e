/**
 * `npm run harness -- --port 5780 [--no-demo] [--time-scale 1] [--seed 7] [--scenario none]`
 * Serves the console on http://127.0.0.1:<port>/ backed by the real core (demo mode by default).
 */
import { parseArgs } from 'node:util';
import { startHarness } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5780' },
    'no-demo': { type: 'boolean', default: false },
    'time-scale': { type: 'string', default: '1' },
    seed: { type: 'string' },
    'secret-backend': { type: 'string' },
    scenario: { type: 'string' },
    'telnyx-sim': { type: 'boolean', default: false },
    'test-controls': { type: 'boolean', default: false },
    endpoint: { type: 'string', default: 'external' },
    'user-data': { type: 'string' },
    teammate: { type: 'string' },
    'offer-queues': { type: 'string' },
    'offer-timeout-ms': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(`Usage: npm run harness -- [options]

Serves the built renderer on 127.0.0.1 with window.switchboard backed by the real core.
  --port N            port on 127.0.0.1 (default 5780; 0 = any free port)
  --no-demo           start without demo mode (the first-run screen shows)
  --time-scale X      demo simulator speed (1 = real time; tests use 0.05–0.2)
  --seed N            deterministic demo traffic
  --secret-backend B  report this secret-storage backend (e.g. basic_text)
  --telnyx-sim        live mode calls a local simulator instead of api.telnyx.com (typed keys get 401)
  --scenario S        demo traffic: callcenter (default, callers arrive on their own) or none
  --endpoint M        the agent's endpoint: external (default; the simulator answers the agent leg) or softphone (this page's WebRTC)
  --user-data DIR     call history's folder (default: a new temp dir); reuse it to keep history across runs
  --test-controls     serve /harness/control/* (simulator truth, faults) for tests; never for agents
  --teammate ID       also serve a second console, agent ID, on the same demo (simulator and relay), on its own port
  --offer-queues Q,R  the demo relay offers callers of these queues to Available agents (offer mode); others are pulled
  --offer-timeout-ms N  how long an offer rings before the next agent gets it (1000–300000; default the relay's 15000)
Run \`npm run build\` first.`);
  process.exit(0);
}

if (values.endpoint !== 'external' && values.endpoint !== 'softphone') {
  console.error(`--endpoint must be "external" or "softphone", not "${values.endpoint}"`);
  process.exit(2);
}
if (values.scenario !== undefined && values.scenario !== 'none' && values.scenario !== 'callcenter') {
  console.error(`--scenario must be "none" or "callcenter", not "${values.scenario}"`);
  process.exit(2);
}

const offerQueues = values['offer-queues']?.split(',').map((q) => q.trim()).filter(Boolean);
const offerTimeoutMs = values['offer-timeout-ms'] === undefined ? undefined : Number(values['offer-timeout-ms']);
if (offerTimeoutMs !== undefined && !Number.isInteger(offerTimeoutMs)) {
  console.error(`--offer-timeout-ms must be an integer, not "${values['offer-timeout-ms']}"`);
  process.exit(2);
}

const harness = await startHarness({
  port: Number(values.port),
  demo: !values['no-demo'],
  timeScale: Number(values['time-scale']),
  ...(values.seed ? { seed: Number(values.seed) } : {}),
  ...(values['secret-backend'] ? { secretBackend: values['secret-backend'] } : {}),
  ...(values['telnyx-sim'] ? { telnyxSim: true } : {}),
  ...(values['test-controls'] ? { testControls: true } : {}),
  endpointMode: values.endpoint === 'softphone' ? 'softphone' : 'external',
  ...(values['user-data'] ? { userDataDir: values['user-data'] } : {}),
  ...(values.scenario === 'none' || values.scenario === 'callcenter' ? { scenario: values.scenario } : {}),
  ...(offerQueues?.length ? { offerQueues } : {}),
  ...(offerTimeoutMs !== undefined ? { offerTimeoutMs } : {}),
});
const demo = harness.core.demo();
const teammate =
  values.teammate && demo
    ? await startHarness({
        port: 0,
        ...(values['test-controls'] ? { testControls: true } : {}),
        endpointMode: 'external',
        joinDemo: { demo, agentId: values.teammate },
        // One clock for both consoles and the relay: an advance moves all of them.
        clock: harness.clock,
      })
    : undefined;
// The URL carries this run's key: only whoever can read this terminal can drive the console.
console.log(`harness: ${harness.url}`);
if (teammate) console.log(`teammate: ${teammate.url}`);
// The teammate leaves first: the demo it joined belongs to the first console.
const stop = () => void (teammate?.close() ?? Promise.resolve()).then(() => harness.close()).then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
