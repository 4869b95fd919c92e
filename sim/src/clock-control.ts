// The clock's HTTP test control, beside /v2 on the same port and behind the same API keys (a test
// or a harness in another process drives a manual clock through it; clock.ts has the semantics):
//   GET  /sim/clock                         → { mode: 'real' | 'manual', now: ISO }
//   POST /sim/clock/advance { ms } | { to }  → { now: ISO }  (`to`: ISO date-time or epoch ms)
// Advancing answers once the due timers have fired and their webhooks are delivered; a real clock
// answers 409, a bad body 400.
import type { SimulatorClock } from './clock';

export interface ControlAnswer {
  status: number;
  json: string;
}

const answer = (status: number, body: unknown): ControlAnswer => ({ status, json: JSON.stringify(body) });

/** Handles `/sim/<segments…>`; undefined when no such control exists. */
export async function clockControl(clock: SimulatorClock, method: string, segments: string[], rawBody: string): Promise<ControlAnswer | undefined> {
  const route = `${method} /${segments.join('/')}`;
  if (route === 'GET /clock') return answer(200, { mode: clock.mode, now: new Date(clock.now()).toISOString() });
  if (route !== 'POST /clock/advance') return undefined;
  if (clock.mode !== 'manual') return answer(409, { error: 'this simulator runs on real time: start it with clock "manual" (--clock manual)' });
  let body: unknown;
  try {
    body = rawBody.trim() === '' ? {} : JSON.parse(rawBody);
  } catch {
    return answer(400, { error: 'the body must be JSON: { "ms": N } or { "to": "ISO date-time" }' });
  }
  const { ms, to } = (body ?? {}) as { ms?: unknown; to?: unknown };
  try {
    if (typeof ms === 'number' && to === undefined) await clock.advance(ms);
    else if ((typeof to === 'string' || typeof to === 'number') && ms === undefined) await clock.advanceTo(to);
    else return answer(400, { error: 'give either "ms" (a number >= 0) or "to" (an ISO date-time or epoch ms)' });
  } catch (err) {
    return answer(400, { error: err instanceof Error ? err.message : String(err) });
  }
  return answer(200, { now: new Date(clock.now()).toISOString() });
}
