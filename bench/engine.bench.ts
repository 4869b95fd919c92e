// Agent store update cost: how long `applyEvent` (dedupe, per-entity clock, reducer) takes for
// one webhook when 1,000 calls are queued, at steady state (the dedupe set and entity clock full
// at SEEN_EVENT_LIMIT). Target: p99 ≤ 16 ms per event (one frame); every event after it still
// has to be pushed to the renderer, so this is a loose upper bound, not a budget to spend.
//
//   npx tsx bench/engine.bench.ts          (writes bench/results/engine.json and engine.md)
//
// Moved here from test/unit/core/agent/engine.test.ts, which asserted < 16 ms per event on a
// wall clock inside the unit suite (a timing check that flakes on a busy machine and says
// nothing about the tail). Calibration: Ed25519 verify (pure CPU on the same thread).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initialModel, SEEN_EVENT_LIMIT, type AgentModel } from '../electron/core/agent/model';
import { applyEvent } from '../electron/core/agent/reducer';
import type { TelnyxEvent } from '../electron/core/agent/telnyx-event';
import { decodedEvent } from '../test/support/telnyx-events';
import { calibrationMarkdown, ed25519Verify, timeLabel, timeRatio } from './calibration';
import { finish, gate, gateMarkdown, target } from './gate';

const QUEUED = 1000;
const MEASURED = Number(process.env.BENCH_EVENTS ?? 4000);
const TARGET_P99_MS = 16;
const here = path.dirname(fileURLToPath(import.meta.url));

const loadBefore = os.loadavg().map((l) => Math.round(l * 100) / 100);
const calibration = ed25519Verify();

let seq = 0;
let clock = Date.UTC(2026, 0, 1);
const event = (eventType: string, payload: Record<string, unknown>): TelnyxEvent =>
  decodedEvent(`ev-${seq++}`, eventType, new Date((clock += 7)).toISOString(), payload);
let nextCaller = 0;
let head = 0;
const enqueued = () => {
  const n = nextCaller++;
  return event('call.enqueued', { call_control_id: `v3:c${n}`, queue: 'support', from: `+1555${String(n).padStart(7, '0')}`, current_position: QUEUED });
};
// The head of the queue is taken; a new caller joins the tail: the queue stays at QUEUED.
const dequeued = () => event('call.dequeued', { call_control_id: `v3:c${head++}`, queue: 'support', reason: 'bridged' });

let m: AgentModel = initialModel({ mode: 'demo', watchedQueues: ['support'] });
for (let i = 0; i < QUEUED; i++) m = applyEvent(m, enqueued()).model;
// Fill the dedupe set and the entity clock to their bound before measuring.
while (m.ledger.size < SEEN_EVENT_LIMIT) m = applyEvent(m, seq % 2 ? enqueued() : dequeued()).model;
for (let i = 0; i < 500; i++) m = applyEvent(m, seq % 2 ? enqueued() : dequeued()).model;

const samples: number[] = [];
for (let i = 0; i < MEASURED; i++) {
  const ev = seq % 2 ? enqueued() : dequeued(); // built outside the timed section
  const started = performance.now();
  const result = applyEvent(m, ev);
  samples.push(performance.now() - started);
  if (!result.applied) throw new Error(`event ${ev.id} (${ev.eventType}) was not applied`);
  m = result.model;
}
const queue = m.queues[0]!.calls;
if (queue.length !== QUEUED) throw new Error(`queue holds ${queue.length} calls, expected ${QUEUED}`);
if (queue[0]!.callControlId !== `v3:c${head}` || queue.at(-1)!.callControlId !== `v3:c${nextCaller - 1}`) throw new Error('queue is not head..tail');

samples.sort((a, b) => a - b);
const pct = (p: number) => samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)]!;
const round = (n: number) => Math.round(n * 1000) / 1000;
const perEvent = { mean: round(samples.reduce((a, b) => a + b, 0) / samples.length), p50: round(pct(50)), p99: round(pct(99)), max: round(samples.at(-1)!) };
const g = gate([target('applyEvent p99', perEvent.p99, '<=', TARGET_P99_MS, 'ms')]);
const result = {
  benchmark: 'engine',
  date: new Date().toISOString(),
  description: 'applyEvent (dedupe + entity clock + reducer) per webhook, 1,000 queued calls, dedupe set full',
  queuedCalls: QUEUED,
  seenEventLimit: SEEN_EVENT_LIMIT,
  events: MEASURED,
  perEventMs: perEvent,
  calibration,
  perEventInVerifies: { p50: timeRatio(perEvent.p50, calibration), p99: timeRatio(perEvent.p99, calibration) },
  gate: g,
  machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg().map((l) => Math.round(l * 100) / 100) },
};
mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(path.join(here, 'results', 'engine.json'), `${JSON.stringify(result, null, 2)}\n`);
const md = `# Agent store update cost

${gateMarkdown(g)}
\`applyEvent\` per webhook with ${QUEUED} calls queued and the dedupe set full (${SEEN_EVENT_LIMIT} ids), ${MEASURED} events
(alternating \`call.enqueued\` at the tail and \`call.dequeued\` at the head), each timed on its own:
mean ${perEvent.mean} ms, p50 ${perEvent.p50} ms (${timeLabel(perEvent.p50, calibration)}), **p99 ${perEvent.p99} ms** (${timeLabel(perEvent.p99, calibration)}), max ${perEvent.max} ms.

${calibrationMarkdown(calibration)}

- Pure function on the bench's main thread; events are built outside the timed section. The state push to the
  renderer (coalesced, structured clone over IPC) is not in this figure: see \`render.md\` and \`webhook-to-dom.md\`.
- Machine: ${result.machine.cpu}, ${result.machine.cores} cores, Node ${process.version}; load average ${loadBefore.join(' / ')} before,
  ${result.machine.loadAverageAfter.join(' / ')} after (shared machine). Run: \`npx tsx bench/engine.bench.ts\` (${result.date}).
`;
writeFileSync(path.join(here, 'results', 'engine.md'), md);
console.log(md);
finish(g);
