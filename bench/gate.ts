/**
 * A benchmark's targets and whether it met them: the one way every bench/*.bench.ts judges its
 * figures, so that the result file, the console and the exit code agree.
 *
 *   const g = gate([target('p99', p99, '<=', 20, 'ms'), target('errors', errors, '==', 0)]);
 *   writeJson({ ..., gate: g });  md += gateMarkdown(g);  finish(g);
 *
 * A figure that was not measured (NaN, undefined, Infinity) never meets a target, whatever the
 * comparison, so a missing sample cannot sort its way into a pass. `finish` sets a non-zero exit
 * code unless every target is met; scripts/bench-all.mjs also reads `gate` from
 * bench/results/<name>.json, so a bench that exits 0 with a target not met is still a failure.
 */
export type Comparison = '<=' | '>=' | '==';

export interface Target {
  name: string;
  /** What was measured; null when nothing was (JSON has no NaN). */
  actual: number | null;
  op: Comparison;
  limit: number;
  unit: string;
  met: boolean;
}

export interface Gate {
  pass: boolean;
  targets: Target[];
}

export function target(name: string, actual: number | undefined | null, op: Comparison, limit: number, unit = ''): Target {
  const measured = typeof actual === 'number' && Number.isFinite(actual) ? actual : null;
  const met =
    measured !== null && (op === '<=' ? measured <= limit : op === '>=' ? measured >= limit : measured === limit);
  return { name, actual: measured, op, limit, unit, met };
}

/** No targets at all is not a pass: a bench must say what it is judged on. */
export function gate(targets: Target[]): Gate {
  return { pass: targets.length > 0 && targets.every((t) => t.met), targets };
}

const symbol: Record<Comparison, string> = { '<=': '≤', '>=': '≥', '==': '=' };
const withUnit = (n: number | null, unit: string) => (n === null ? 'not measured' : unit ? `${n} ${unit}` : String(n));

/** "p99 ≤ 20 ms: 0.15 ms — met" */
export function describeTarget(t: Target): string {
  return `${t.name} ${symbol[t.op]} ${withUnit(t.limit, t.unit)}: ${withUnit(t.actual, t.unit)} — ${t.met ? 'met' : 'NOT MET'}`;
}

/** The targets as a Markdown table, headed by PASS / FAIL. */
export function gateMarkdown(g: Gate): string {
  const rows = g.targets.map(
    (t) => `| ${t.name} | ${symbol[t.op]} ${withUnit(t.limit, t.unit)} | ${withUnit(t.actual, t.unit)} | ${t.met ? 'met' : '**not met**'} |`,
  );
  return [`**${g.pass ? 'PASS' : 'FAIL'}** — every target must be met:`, '', '| target | limit | measured | |', '|---|---|---|---|', ...rows, ''].join('\n');
}

/** Prints each target and sets the exit code: 0 only when every target is met. */
export function finish(g: Gate): void {
  for (const t of g.targets) console.log(`  ${t.met ? 'ok  ' : 'FAIL'} ${describeTarget(t)}`);
  console.log(g.pass ? 'PASS' : 'FAIL');
  process.exitCode = g.pass ? 0 : 1;
}
