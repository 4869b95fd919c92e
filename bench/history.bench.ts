/**
 * Call history at 100,000 calls: (1) a search (`history.list`: the contract's validation, then
 * the SQLite query and the page's recordings) over a real database file, p99 ≤ 20 ms; (2) the
 * History view (the real <CallHistory/>, production React, in happy-dom) scrolling through the
 * loaded calls, p99 ≤ 16 ms (one frame) per scroll update, the view reading its pages from that
 * same database.
 *
 *   npx tsx bench/history.bench.ts      → bench/results/history.json + history.md
 *
 * While working on the view: HISTORY_BENCH_VIEW_ONLY=1 fills only the calls the view loads, skips
 * the searches and writes no result files (it prints the view's figures); HISTORY_BENCH_HEAP_PROFILE=
 * <file.heapprofile> writes a sampling heap profile of the idle-GC scroll series, objects already
 * collected included (what the updates allocate, for Chrome DevTools' Memory tab).
 */
process.env.NODE_ENV = 'production';

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { pathToFileURL } from 'node:url';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { bundleRendererModule } from '../test/support/renderer-bundle';
import { Window } from 'happy-dom';
import { callOutcomes, createSwitchboardApi, type EventName, type HistoryQuery, type Outcome } from '../electron/contract';
import { methodParams } from '../electron/contract/schemas';
import { openHistoryDatabase } from '../electron/core/history/database';
import { HistoryStore } from '../electron/core/history/history-store';
import type { CallHistory as CallHistoryComponent } from '../renderer/src/history/CallHistory';
import { calibrationMarkdown, ed25519Verify, emptyReactCommit, timeLabel, timeRatio, type Calibration } from './calibration';
import { finish, gate, gateMarkdown, target } from './gate';

const SCROLL_UPDATES = 500;
const PAGES_LOADED = 40;
const VIEW_ONLY = process.env.HISTORY_BENCH_VIEW_ONLY === '1';
const HEAP_PROFILE = process.env.HISTORY_BENCH_HEAP_PROFILE;
// View only: the pages the view loads and one more (so "Show older calls" stays until the last).
const CALLS = VIEW_ONLY ? PAGES_LOADED * 50 + 100 : 100_000;
const SEARCHES = VIEW_ONLY ? 0 : 2_000;
const SEARCH_P99_MS = 20;
const SCROLL_P99_MS = 16;

const round = (ms: number) => Math.round(ms * 100) / 100;
function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return { p50: round(pct(50)), p95: round(pct(95)), p99: round(pct(99)), max: round(sorted.at(-1)!) };
}

// ---- 100,000 calls over a year in a real database file ----
const dir = mkdtempSync(path.join(tmpdir(), 'history-bench-'));
const db = openHistoryDatabase(dir);
const store = new HistoryStore(db);
const t0 = Date.UTC(2026, 0, 1);
const spacing = Math.floor((365 * 86_400_000) / CALLS);
let seed = 42;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const numberOf = () => `+1${String(2_000_000_000 + Math.floor(random() * 7_999_999_999)).slice(0, 10)}`;
const dispositions = ['sale', 'support', 'callback', 'no-answer', 'wrong-number', 'complaint'];
const numbers: string[] = [];
const filled = performance.now();
db.transaction(() => {
  for (let i = 0; i < CALLS; i++) {
    const startedAt = t0 + i * spacing;
    const number = numberOf();
    numbers.push(number);
    if (i % 10 === 0) {
      store.recordMissed({ callerCallControlId: `missed-${i}`, number, queue: 'support', enqueuedAt: startedAt, endedAt: startedAt + 40_000 });
      continue;
    }
    const conferenceId = `conf-${i}`;
    store.startCall({ conferenceId, number, queue: i % 2 ? 'sales' : 'support', callerCallControlId: `c-${i}`, agentCallControlId: 'agent', startedAt, answeredAt: startedAt + 20_000 });
    store.endCall(conferenceId, startedAt + 200_000, i % 4 === 0 ? 30 : 0);
    store.annotate(conferenceId, { disposition: dispositions[i % dispositions.length]!, notes: `note ${i}` });
    if (i % 3 === 0) store.addRecording(conferenceId, { recordingId: `r-${i}`, mp3: `https://example.com/r-${i}.mp3`, savedAt: new Date(startedAt + 200_000).toISOString() });
  }
})();
const fillMs = performance.now() - filled;

/** What an agent searches for: part of a number (4–7 digits, typed with spaces), dates, filters. */
function searchQuery(n: number): HistoryQuery {
  const number = numbers[Math.floor(random() * numbers.length)]!.slice(2);
  const start = Math.floor(random() * 6);
  const part = number.slice(start, start + 4 + (n % 4));
  const day = new Date(t0 + Math.floor(random() * 360) * 86_400_000).toISOString().slice(0, 10);
  switch (n % 6) {
    case 0: return { number: part };
    case 1: return { number: `${part.slice(0, 2)} ${part.slice(2)}`, from: day };
    case 2: return { disposition: dispositions[n % dispositions.length]! };
    case 3: return { outcome: callOutcomes[n % 2 === 0 ? 1 : 0] };
    case 4: return { from: day, to: day };
    default: return {};
  }
}

const list = methodParams['history.list'];
const searchSamples: number[] = [];
const kinds = ['number', 'number + from', 'disposition', 'outcome', 'one day', 'newest'] as const;
const byKind = new Map<string, number[]>(kinds.map((k) => [k, []]));
let matched = 0;
for (let n = 0; n < (VIEW_ONLY ? 0 : SEARCHES + 100); n++) {
  const params = { limit: 50, query: searchQuery(n) };
  const started = performance.now();
  const parsed = list.parse(params);
  const page = store.list(parsed.query, parsed.limit, parsed.cursor);
  const elapsed = performance.now() - started;
  if (n >= 100) {
    searchSamples.push(elapsed);
    byKind.get(kinds[n % 6]!)!.push(elapsed);
  }
  matched += page.calls.length;
}
// Continuing a long list: the tenth page of everything, by cursor.
let cursor: string | undefined;
for (let p = 0; p < 10; p++) cursor = store.list({}, 50, cursor).nextCursor;
const search = VIEW_ONLY ? undefined : stats(searchSamples);
const searchByKind = Object.fromEntries([...byKind].map(([k, samples]) => [k, samples.length ? stats(samples) : undefined]));
const cpuYardstick: Calibration | undefined = VIEW_ONLY ? undefined : ed25519Verify();

// ---- The History view scrolling through loaded pages ----
const happy = new Window({ url: 'http://localhost/', width: 1440, height: 900 });
const globals = globalThis as Record<string, unknown>;
for (const name of Object.getOwnPropertyNames(happy)) if (!(name in globals)) globals[name] = (happy as unknown as Record<string, unknown>)[name];
globals.window = happy;
globals.document = happy.document;
globals.navigator = happy.navigator;
const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
(happy as unknown as { switchboard: unknown }).switchboard = createSwitchboardApi({
  invoke: async (method, params) => {
    if (method === 'history.dispositions') return { ok: true, value: { dispositions: store.dispositions() } } as Outcome<unknown>;
    if (method !== 'history.list') return { ok: true, value: null };
    const p = list.parse(params);
    return { ok: true, value: structuredClone(store.list(p.query, p.limit, p.cursor)) } as Outcome<unknown>;
  },
  subscribe: (event, listener) => {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  },
});

async function loadView(): Promise<{ CallHistory: typeof CallHistoryComponent }> {
  return import(pathToFileURL(await bundleRendererModule('renderer/src/history/CallHistory.tsx', 'history-view')).href);
}

const { createElement } = (await import('react')).default;
const { flushSync } = (await import('react-dom')).default;
const { createRoot } = (await import('react-dom/client')).default;
const { CallHistory } = await loadView();
const calibrationContainer = happy.document.createElement('div');
happy.document.body.appendChild(calibrationContainer);
const reactYardstick = await emptyReactCommit(calibrationContainer as unknown as Element);
calibrationContainer.remove();

const container = happy.document.createElement('div');
happy.document.body.appendChild(container);
const root = createRoot(container as unknown as HTMLElement);
root.render(createElement(CallHistory));
const rows = () => container.querySelectorAll('[aria-label="Call history"] > li');
const waitFor = async (what: string, ok: () => boolean) => {
  const deadline = performance.now() + 20_000;
  while (!ok()) {
    if (performance.now() > deadline) throw new Error(`history view: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
};
await waitFor('the first page', () => rows().length > 0);
const setsize = () => Number(rows()[0]?.getAttribute('aria-setsize'));
for (let p = 1; p < PAGES_LOADED; p++) {
  const more = [...container.querySelectorAll('button')].find((b) => b.textContent === 'Show older calls')!;
  more.click();
  await waitFor(`page ${p + 1}`, () => setsize() === (p + 1) * 50);
}
const loaded = setsize();
const scroller = container.querySelector('.virtual-scroll') as unknown as HTMLElement;
// Read between updates without a selector query: happy-dom's querySelectorAll walks and allocates
// (~17 KB a call), garbage of the bench's own that the raw series would collect inside updates.
const historyList = container.querySelector('[aria-label="Call history"]')!;
const firstShown = () => historyList.firstElementChild?.getAttribute('aria-posinset');
const ROW = 64;
/**
 * As in render.bench.ts: Chromium collects the young generation in idle time between frames,
 * Node has none. The "idle GC" series runs a minor GC between scroll updates (outside the timed
 * section); the "raw" series leaves it inside. Both are judged.
 */
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;
let moved = 0;
let step = 0;
/**
 * Bytes each scroll update allocates: in the idle-GC series the young generation was just
 * collected, so the heap's growth across the update is what it allocated (a GC inside the
 * update would hide some; such updates are left out and counted).
 */
const allocatedKb: number[] = [];
let allocationHiddenByGc = 0;
function scrollSeries(idleGc: boolean): number[] {
  const samples: number[] = [];
  for (let n = 0; n < SCROLL_UPDATES + 50; n++, step++) {
    // Scrolling down in steps of two rows, with a jump (a drag of the thumb) every 50 updates.
    const row = step % 50 === 49 ? Math.floor(random() * (loaded - 10)) : (step * 2) % (loaded - 10);
    const before = firstShown();
    scroller.scrollTop = row * ROW;
    if (idleGc) collect({ type: 'minor' });
    const heapBefore = idleGc ? getHeapStatistics().used_heap_size : 0;
    const started = performance.now();
    flushSync(() => scroller.dispatchEvent(new happy.Event('scroll') as unknown as Event));
    const elapsed = performance.now() - started;
    if (idleGc && n >= 50) {
      const grew = getHeapStatistics().used_heap_size - heapBefore;
      if (grew > 0) allocatedKb.push(grew / 1024);
      else allocationHiddenByGc++;
    }
    if (firstShown() !== before) moved++;
    if (n >= 50) samples.push(elapsed);
  }
  return samples;
}
const profiler = HEAP_PROFILE ? new Session() : undefined;
if (profiler) {
  profiler.connect();
  await profiler.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
}
const idleGcSamples = scrollSeries(true);
if (profiler && HEAP_PROFILE) {
  const { profile } = await profiler.post('HeapProfiler.stopSampling');
  writeFileSync(HEAP_PROFILE, JSON.stringify(profile));
  profiler.disconnect();
}
const rawSamples = scrollSeries(false);
const mountedRows = rows().length;
root.unmount();
db.close();
rmSync(dir, { recursive: true, force: true });
const scroll = stats(idleGcSamples);
const scrollRaw = stats(rawSamples);
const allocation = stats(allocatedKb);
if (moved < SCROLL_UPDATES) throw new Error(`history view: only ${moved} scroll updates moved the rows shown`);
if (!search || !cpuYardstick) {
  const load = loadavg().map((l) => l.toFixed(2)).join(' / ');
  console.log(JSON.stringify({ viewOnly: true, scroll, scrollRaw, allocation, allocationHiddenByGc, loaded, mountedRows, moved, emptyCommitUs: round(reactYardstick.unitMs * 1000), p99InEmptyCommits: { idleGc: timeRatio(scroll.p99, reactYardstick), raw: timeRatio(scrollRaw.p99, reactYardstick) }, load }));
  process.exit(0);
}

const result = {
  benchmark: 'history',
  description: 'call history at 100,000 calls: history.list over a SQLite file; the History view scrolling (happy-dom, production React)',
  calls: CALLS,
  fillMs: Math.round(fillMs),
  search: { searches: SEARCHES, ms: search, byKind: searchByKind, averageRowsPerPage: round(matched / (SEARCHES + 100)), calibration: cpuYardstick, p99InVerifies: timeRatio(search.p99, cpuYardstick) },
  view: { loadedRows: loaded, mountedRows, scrollUpdates: SCROLL_UPDATES, updatesThatMovedRows: moved, idleGcMs: scroll, rawMs: scrollRaw, allocatedKbPerUpdate: allocation, allocationHiddenByGc, calibration: reactYardstick, p99InEmptyCommits: timeRatio(scroll.p99, reactYardstick) },
  gate: gate([
    target('search p99 (100,000 calls)', search.p99, '<=', SEARCH_P99_MS, 'ms'),
    target('History view scroll update p99, idle GC', scroll.p99, '<=', SCROLL_P99_MS, 'ms'),
    target('History view scroll update p99, raw (GC inside updates)', scrollRaw.p99, '<=', SCROLL_P99_MS, 'ms'),
  ]),
  loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  node: process.version,
  at: new Date().toISOString(),
};

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/history.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(
  new URL('./results/history.md', import.meta.url),
  `# Call history at ${CALLS.toLocaleString('en')} calls

${result.description}.

${gateMarkdown(result.gate)}
| series | p50 | p95 | p99 | max | p99 in yardstick units |
|---|---|---|---|---|---|
| search (\`history.list\`, 50 a page) | ${search.p50} ms | ${search.p95} ms | ${search.p99} ms | ${search.max} ms | ${timeLabel(search.p99, cpuYardstick)} |
| History view, one scroll update, idle GC (browser-like) | ${scroll.p50} ms | ${scroll.p95} ms | ${scroll.p99} ms | ${scroll.max} ms | ${timeLabel(scroll.p99, reactYardstick)} |
| History view, one scroll update, raw (GC inside) | ${scrollRaw.p50} ms | ${scrollRaw.p95} ms | ${scrollRaw.p99} ms | ${scrollRaw.max} ms | ${timeLabel(scrollRaw.p99, reactYardstick)} |

Search: ${SEARCHES} searches after 100 warm-up, a sixth each of: part of a number (4–7 digits),
part of a number typed with a space plus a start date, a disposition, an outcome (missed /
answered), one day, and no filter (the newest page). Each includes the contract's validation.
The database (${CALLS.toLocaleString('en')} calls over a year, 10 % missed, a third with a recording,
filled in ${result.fillMs} ms) is a file in WAL mode, as the app's.

View: <CallHistory/> with ${loaded} calls loaded (${PAGES_LOADED} pages read through \`history.list\` from that database),
${mountedRows} rows mounted (virtualised), ${SCROLL_UPDATES} scroll updates after 50 warm-up per series, each a
\`scroll\` event rendered and committed (\`flushSync\`); ${moved} of ${2 * (SCROLL_UPDATES + 50)} moved the rows shown.
No layout or paint here (happy-dom).

Allocation per scroll update (heap growth across the update right after a minor GC, idle-GC
series): median ${allocation.p50} KB, p95 ${allocation.p95} KB, max ${allocation.max} KB
(${allocationHiddenByGc} of ${SCROLL_UPDATES} updates had a GC inside and are not counted). What a
scroll update allocates is what the raw series pays in collections inside its updates.

${calibrationMarkdown(cpuYardstick)}

${calibrationMarkdown(reactYardstick)}

Load average ${result.loadAverage.join(' / ')} on ${cpus().length} cores (other work shares this machine); Node ${process.version}.
Run: \`npm run bench:history\` (${result.at}).
`,
);
console.log(JSON.stringify({ search, searchByKind, scroll, scrollRaw, allocation, allocationHiddenByGc, loaded, mountedRows, moved }));
finish(result.gate);
