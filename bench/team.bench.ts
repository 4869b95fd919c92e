// Team benchmark (issue 13): presence, offers and KPIs. One run measures, on this machine:
//   1. KPI update per event: the tracker following a realistic log, µs per event, with the body as
//      intake parsed it (the live path) and from the raw body (Redis tail, rebuild);
//   2. rebuild from a log of 1,000,000 events (SQLite, the default store): the KPIs and the offer
//      log read back from the start in one pass, as a relay does when it starts;
//   3. 1,000 agents connected to one relay (the CLI, its own process): presence published by every
//      agent and changed 5 times each, watched by two supervisors; then callers offered one after
//      another in an offer-mode queue, each accepted, dequeued and hung up, the agent available again.
//      Offer latency = webhook POST sent → the agent's socket receives the `offer` frame. The relay's
//      CPU per presence change and per caller (all its events) comes from /proc.
// Run: npm run bench:team   → bench/results/team.json + team.md
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the relay's ambient typings for better-sqlite3 (no @types package)
/// <reference path="../relay/src/store/better-sqlite3.d.ts" />
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { QueueLog } from '../relay/src/kpi-events';
import { QueueKpiTracker } from '../relay/src/kpis';
import { mintAgentToken } from '../relay/src/index';
import { OfferLog } from '../relay/src/offer-log';
import type { IncomingEvent, StoredEvent } from '../relay/src/store';
import { SqliteStore } from '../relay/src/store/sqlite';
import { postRaw } from '../test/support/relay-harness';
import { makeTelnyxSigningKey, signWebhook, telnyxEvent } from '../test/support/telnyx-signing';
import { calibrationMarkdown, ed25519Verify, timeLabel, timeRatio } from './calibration';
import { spawnRelayProcess } from '../test/support/relay-process';
import { finish, gate, gateMarkdown, target } from './gate';

const AGENTS = Number(process.env.BENCH_TEAM_AGENTS ?? 1000);
const CALLERS = Number(process.env.BENCH_TEAM_CALLERS ?? 300);
const REBUILD_EVENTS = Number(process.env.BENCH_TEAM_REBUILD_EVENTS ?? 1_000_000);
const SECRET = 'team-bench-secret-0123456789abcdefghijklmn';
const key = makeTelnyxSigningKey();
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});
const round = (n: number, digits = 3) => Number(n.toPrecision(digits));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** A queued call's whole life as the log holds it (10 events, Telnyx-sized bodies), `i`-th call of a day. */
function callLife(i: number, day: number): IncomingEvent[] {
  const at = (ms: number) => new Date(day + i * 800 + ms).toISOString();
  const call = `v3:bench-${i}`;
  const agentLeg = `v3:bench-agent-${i}`;
  const queue = i % 2 ? 'sales' : 'support';
  const steps: Array<[string, string, number, Record<string, unknown>]> = [
    ['call.initiated', call, 0, { direction: 'incoming', from: '+15550001234', to: '+15550100000', state: 'parked' }],
    ['call.answered', call, 500, {}],
    ['call.enqueued', call, 900, { queue, current_position: 1, queue_avg_wait_time_secs: 12 }],
    ['call.dequeued', call, 15_000, { queue, queue_position: 1, reason: i % 7 ? 'bridged' : 'hangup', wait_time_secs: 14 }],
    ['conference.participant.joined', call, 15_500, { conference_id: `conf-${i}` }],
    ['conference.participant.joined', agentLeg, 15_600, { conference_id: `conf-${i}` }],
    ['conference.participant.left', call, 200_000, { conference_id: `conf-${i}` }],
    ['conference.participant.left', agentLeg, 200_100, { conference_id: `conf-${i}` }],
    ['call.hangup', call, 200_200, { hangup_cause: 'normal_clearing' }],
    ['call.hangup', agentLeg, 200_300, { hangup_cause: 'normal_clearing' }],
  ];
  return steps.map(([type, cc, ms, extra], n) => {
    const id = `bench-${i}-${n}`;
    const payload = { call_control_id: cc, call_leg_id: `leg-${cc}`, call_session_id: `sess-${i}`, connection_id: '1494404757140276705', client_state: null, ...extra };
    return {
      telnyxId: id,
      eventType: type,
      connectionId: '1494404757140276705',
      queue: typeof extra.queue === 'string' ? extra.queue : null,
      callControlId: cc,
      conferenceId: typeof extra.conference_id === 'string' ? extra.conference_id : null,
      raw: JSON.stringify({ data: { record_type: 'event', event_type: type, id, occurred_at: at(ms), payload }, meta: { attempt: 1, delivered_to: 'https://relay.example.com/webhooks/telnyx' } }),
      signature: 'x'.repeat(88),
      timestamp: '1767258000',
      receivedAt: Date.now(),
    };
  });
}

/**
 * Events as the tracker meets them live: with the body intake already parsed (`parsed`, memory and
 * SQLite relays), and from `raw` (read back from Redis, or at a rebuild).
 */
function kpiUpdate(): { perEventMicros: number; fromRawMicros: number; events: number; snapshotMicros: number } {
  const day = Date.UTC(2026, 5, 1, 8);
  const raw: StoredEvent[] = [];
  for (let i = 0; i < 20_000; i++) for (const e of callLife(i, day)) raw.push({ ...e, id: `e.${raw.length + 1}` });
  const parsed = raw.map((e) => {
    const data = (JSON.parse(e.raw) as { data: { occurred_at: string; payload: Record<string, unknown> } }).data;
    return { ...e, parsed: { occurredAt: data.occurred_at, payload: data.payload } };
  });
  const perEvent = (events: StoredEvent[]) => {
    new QueueKpiTracker(() => 20).observe(events.slice(0, 20_000)); // warm-up
    const tracker = new QueueKpiTracker(() => 20);
    const started = performance.now();
    for (let i = 0; i < events.length; i += 100) tracker.observe(events.slice(i, i + 100));
    return { micros: ((performance.now() - started) * 1000) / events.length, tracker };
  };
  const live = perEvent(parsed);
  const fromRaw = perEvent(raw);
  const snapStart = performance.now();
  for (let i = 0; i < 100; i++) live.tracker.snapshot(day + 16 * 3600_000);
  return {
    perEventMicros: round(live.micros),
    fromRawMicros: round(fromRaw.micros),
    events: raw.length,
    snapshotMicros: round(((performance.now() - snapStart) * 1000) / 100),
  };
}

async function rebuild(): Promise<{ events: number; writeSecs: number; rebuildSecs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'team-bench-'));
  const path = join(dir, 'relay.db');
  const retention = { maxAgeSecs: 7 * 86400, maxEvents: REBUILD_EVENTS + 10 };
  try {
    // The store creates its schema; the rows are then written in bulk (setup, not measured against a target).
    await (await SqliteStore.open({ path, retention })).close();
    const day = Date.UTC(2026, 5, 1, 0);
    const writeStart = performance.now();
    const db = new Database(path);
    const insert = db.prepare('INSERT INTO events (telnyx_id, event_type, connection_id, queue, raw, signature, timestamp, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const writeCalls = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) for (const e of callLife(i, day)) insert.run(e.telnyxId, e.eventType, e.connectionId, e.queue, e.raw, e.signature, e.timestamp, e.receivedAt);
    });
    for (let i = 0; i < REBUILD_EVENTS / 10; i += 10_000) writeCalls(i, Math.min(REBUILD_EVENTS / 10, i + 10_000));
    db.close();
    const writeSecs = (performance.now() - writeStart) / 1000;
    const store = await SqliteStore.open({ path, retention });
    // What a relay does at start: one pass over the log, each queue event parsed once for the KPIs and the offer log.
    const started = performance.now();
    await new QueueLog([new QueueKpiTracker(() => 20), new OfferLog()]).rebuild(store);
    const rebuildSecs = (performance.now() - started) / 1000;
    await store.close();
    return { events: REBUILD_EVENTS, writeSecs: round(writeSecs), rebuildSecs: round(rebuildSecs) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, clock ticks (100/s)
}

async function startRelayProcess(configPath: string): Promise<{ child: ChildProcess; url: string }> {
  const started = await spawnRelayProcess(['--store', 'memory', '--queues-config', configPath, '--verify-workers', '0'], {
    TELNYX_PUBLIC_KEY: key.publicKeyBase64,
    RELAY_JWT_SECRET: SECRET,
  });
  children.add(started.child);
  return started;
}

interface Agent {
  id: string;
  ws: WebSocket;
  onOffer?: (offer: { offer_id: string; call_control_id: string }) => void;
}

const presence = (state: string, since: string) => JSON.stringify({ type: 'presence', state, reason: null, since, call_control_id: null, conference_id: null, queues: ['support'], softphone_registered: true });

async function connect(url: string, token: string): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/events?types=none`, { headers: { authorization: `Bearer ${token}` }, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('message', () => resolve()); // hello
    ws.once('error', reject);
  });
  return ws;
}

async function post(url: string, type: string, payload: Record<string, unknown>): Promise<void> {
  const signed = signWebhook(key, telnyxEvent(type, payload).body);
  const res = await postRaw(url, signed.body, signed.headers);
  if (res.status !== 200) throw new Error(`webhook ${type}: ${res.status} ${res.body}`);
}

async function team(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'team-bench-'));
  const config = join(dir, 'queues.json');
  writeFileSync(config, JSON.stringify({ queues: { support: { mode: 'offer', offerTimeoutMs: 30_000 } } }));
  const { child, url } = await startRelayProcess(config);
  try {
    const agents: Agent[] = [];
    for (let i = 0; i < AGENTS; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, AGENTS - i) }, async (_, n) => {
          const id = `agent-${String(i + n).padStart(4, '0')}`;
          const ws = await connect(url, await mintAgentToken({ secret: SECRET, agent: id, role: 'agent', ttlSecs: 3600, maxLifetimeSecs: 86400 }));
          const agent: Agent = { id, ws };
          ws.on('message', (data) => {
            const frame = JSON.parse(data.toString()) as { type: string; offer_id: string; call_control_id: string };
            if (frame.type === 'offer') agent.onOffer?.(frame);
          });
          return agent;
        }),
      );
      agents.push(...batch);
    }
    // Two supervisors watch the team (presence + KPIs).
    let supervisorFrames = 0;
    for (const boss of ['boss-1', 'boss-2']) {
      const ws = await connect(url, await mintAgentToken({ secret: SECRET, agent: boss, role: 'supervisor', ttlSecs: 3600, maxLifetimeSecs: 86400 }));
      ws.on('message', () => supervisorFrames++);
    }
    const waitFrames = async (n: number) => {
      while (supervisorFrames < n) await new Promise((r) => setTimeout(r, 5));
    };

    // Presence: everyone available, then 5 changes each (the last one available again, idle since staggered).
    const base = Date.parse('2026-06-01T08:00:00.000Z');
    let changes = 0;
    const framesBefore = supervisorFrames;
    const cpuPresence0 = cpuSeconds(child.pid!);
    const states = ['available', 'away', 'available', 'wrap_up', 'available', 'available'];
    for (const [round, state] of states.entries()) {
      for (const [i, a] of agents.entries()) a.ws.send(presence(state, new Date(base + round * 60_000 + i * 10).toISOString()));
      changes += agents.length;
      // Each change reaches each supervisor as one presence frame (plus coalesced KPI frames).
      await waitFrames(framesBefore + 2 * changes);
    }
    const presenceCpu = cpuSeconds(child.pid!) - cpuPresence0;

    // Offers: one caller at a time; the offered agent accepts; the caller is dequeued and hangs up; the agent is available again.
    const latencies: number[] = [];
    const cpuOffers0 = cpuSeconds(child.pid!);
    for (let c = 0; c < CALLERS; c++) {
      const call = `v3:team-bench-${c}`;
      const offered = new Promise<{ agent: Agent; offer_id: string; at: number }>((resolve) => {
        for (const a of agents) a.onOffer = (o) => o.call_control_id === call && resolve({ agent: a, offer_id: o.offer_id, at: performance.now() });
      });
      const sent = performance.now();
      await post(url, 'call.enqueued', { call_control_id: call, queue: 'support' });
      const { agent, offer_id, at } = await offered;
      latencies.push(at - sent);
      agent.ws.send(JSON.stringify({ type: 'offer_reply', offer_id, accept: true }));
      await post(url, 'call.dequeued', { call_control_id: call, queue: 'support', reason: 'bridged', wait_time_secs: 0 });
      await post(url, 'call.hangup', { call_control_id: call });
      agent.ws.send(presence('available', new Date(base + 3_600_000 + c * 1000).toISOString()));
    }
    const offersCpu = cpuSeconds(child.pid!) - cpuOffers0;
    for (const a of agents) a.ws.terminate();
    const sorted = [...latencies].sort((x, y) => x - y);
    return {
      agents: AGENTS,
      presenceChanges: changes,
      presenceCpuMicrosPerChange: round((presenceCpu / changes) * 1e6),
      callers: CALLERS,
      offerP50Ms: round(percentile(sorted, 50)),
      offerP99Ms: round(percentile(sorted, 99)),
      offerMaxMs: round(sorted.at(-1)!),
      // Per caller: enqueue, dequeue and hangup webhooks (verify + append + fan-out), the offer pass,
      // the claim, the offer frame, the accept, two offer events logged, one presence change.
      offerCpuMicrosPerCaller: round((offersCpu / CALLERS) * 1e6),
    };
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

const cal = ed25519Verify();
console.log('KPI update per event…');
const kpi = kpiUpdate();
console.log(kpi);
console.log(`rebuild from ${REBUILD_EVENTS} events (sqlite)…`);
const rebuilt = await rebuild();
console.log(rebuilt);
console.log(`${AGENTS} agents on one relay: presence and offers…`);
const teamResult = await team();
console.log(teamResult);

const g = gate([
  target('offer → agent receives the offer frame, p99', teamResult.offerP99Ms, '<=', 200, 'ms'),
  target('KPI update per event', kpi.perEventMicros, '<=', 50, 'µs'),
  target(`rebuild (KPIs + offer log) from ${REBUILD_EVENTS.toLocaleString('en')} events`, rebuilt.rebuildSecs, '<=', 10, 's'),
  target('agents connected', teamResult.agents, '>=', 1000),
]);
const results = {
  name: 'team',
  measuredAt: new Date().toISOString(),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', loadavg: loadavg().map((n) => round(n, 2)) },
  calibration: cal,
  kpiUpdate: { ...kpi, perEventInEd25519Verifies: timeRatio(kpi.perEventMicros / 1000, cal) },
  rebuild: rebuilt,
  team: teamResult,
  gate: g,
};
writeFileSync(new URL('./results/team.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
const md = `# Team benchmark (presence, offers, KPIs)

Measured ${results.measuredAt} on ${results.machine.cpus} × ${results.machine.cpuModel} (load ${results.machine.loadavg.join(', ')}).
${calibrationMarkdown(cal)}

| figure | value | |
|---|---|---|
| KPI update per event, live (body parsed once at intake; ${kpi.events.toLocaleString('en')} events of 10-event call lives) | ${kpi.perEventMicros} µs | ${timeLabel(kpi.perEventMicros / 1000, cal)} |
| KPI update per event from the raw body (Redis tail, rebuild: JSON.parse included) | ${kpi.fromRawMicros} µs | ${timeLabel(kpi.fromRawMicros / 1000, cal)} |
| KPI snapshot (both windows, two queues, a day of calls) | ${kpi.snapshotMicros} µs | |
| write ${rebuilt.events.toLocaleString('en')} events to SQLite (setup) | ${rebuilt.writeSecs} s | |
| rebuild from them, as at relay start (one pass: KPIs + offer log) | ${rebuilt.rebuildSecs} s | ${timeLabel(rebuilt.rebuildSecs * 1000, cal)} |
| agents connected to one relay | ${teamResult.agents} | |
| relay CPU per presence change (2 supervisors watching) | ${teamResult.presenceCpuMicrosPerChange} µs | |
| offer → agent receives it: p50 / p99 / max (${teamResult.callers} callers, one at a time) | ${teamResult.offerP50Ms} / ${teamResult.offerP99Ms} / ${teamResult.offerMaxMs} ms | |
| relay CPU per caller (3 webhooks, offer, accept, 2 logged offer events, 1 presence change) | ${teamResult.offerCpuMicrosPerCaller} µs | |

${gateMarkdown(g)}`;
writeFileSync(new URL('./results/team.md', import.meta.url), md);
finish(g);
