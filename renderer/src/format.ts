/** Small, pure formatting helpers shared by the panels. */

/** 75 → "1:15", 3725 → "1:02:05". Negative inputs (clock skew) show as 0:00. */
export function formatWait(totalSecs: number): string {
  const secs = Math.max(0, Math.floor(totalSecs));
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

export function secondsSince(iso: string | undefined, now: number): number {
  if (!iso) return 0;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? 0 : Math.max(0, (now - at) / 1000);
}

export type SlaLevel = 'ok' | 'warn' | 'breach';

export function slaLevel(waitSecs: number, sla: { warnSecs: number; breachSecs: number }): SlaLevel {
  if (waitSecs >= sla.breachSecs) return 'breach';
  if (waitSecs >= sla.warnSecs) return 'warn';
  return 'ok';
}

export const slaLabels: Record<SlaLevel, string> = {
  ok: 'Within SLA',
  warn: 'Near SLA',
  breach: 'SLA breached',
};

/** "just now", "12 s ago", "3 min ago". */
export function formatAge(secs: number): string {
  if (secs < 1) return 'just now';
  if (secs < 60) return `${Math.floor(secs)} s ago`;
  if (secs < 3600) return `${Math.floor(secs / 60)} min ago`;
  return `${Math.floor(secs / 3600)} h ago`;
}

// One formatter for the app's life: `toLocaleTimeString` with options builds a new Intl formatter on
// every call (~0.1 ms), which made a list of missed callers the console's dearest render.
const clockFormat = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' });

/** "14:05" (the user's locale): when something happened today. */
export function formatClock(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : clockFormat.format(date);
}
