// `npm run bench`: runs every bench/*.bench.ts one after another (never in parallel: they
// measure CPU time on a 2-core machine), each writing bench/results/<name>.{json,md}.
// `npm run bench -- render shortcut` runs only those.
// webhook-to-dom, soak and softphone (mute → far-end silence, dial → two-way audio, dropped leg →
// back in the conference) drive the built renderer in Chromium: run `npm run build` first.
//
// A benchmark counts as passed only when it exited 0 AND its bench/results/<name>.json was
// written by this run AND records, in the shared gate format (bench/gate.ts), that every
// target it reports was met. An exit code alone is not trusted: a bench that measures a
// target as not met but exits 0 is a failure here.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';

const only = process.argv.slice(2);
const benches = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)))
  .sort();
if (benches.length === 0) {
  console.error(`no benchmark in bench/ matches ${only.join(', ')}`);
  process.exit(1);
}

/** Why the bench's result file does not show every target met, or undefined when it does. */
function resultProblem(name, startedAt) {
  const file = `bench/results/${name}.json`;
  let json;
  try {
    if (statSync(file).mtimeMs < startedAt) return `${file} was not written by this run`;
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return `${file} unreadable: ${e instanceof Error ? e.message : String(e)}`;
  }
  const gate = json.gate;
  if (!gate || !Array.isArray(gate.targets) || gate.targets.length === 0) {
    return `${file} records no targets in the gate format (bench/gate.ts)`;
  }
  const unmet = gate.targets.filter((t) => t.met !== true);
  if (unmet.length > 0) return `targets not met: ${unmet.map((t) => `${t.name} (${t.actual ?? 'not measured'} vs ${t.op} ${t.limit})`).join('; ')}`;
  if (gate.pass !== true) return `${file} says pass: ${String(gate.pass)}`;
  return undefined;
}

const failures = [];
for (const file of benches) {
  const name = file.replace(/\.bench\.ts$/, '');
  console.log(`\n=== bench/${file}`);
  const startedAt = Date.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', `bench/${file}`], { stdio: 'inherit' });
  const problems = [];
  if (result.status !== 0) problems.push(result.signal ? `killed by ${result.signal}` : `exit code ${result.status}`);
  const problem = resultProblem(name, startedAt);
  if (problem) problems.push(problem);
  if (problems.length > 0) failures.push(`${name}: ${problems.join('; ')}`);
}
console.log(`\n${benches.length - failures.length} benchmarks passed, ${failures.length} failed; results in bench/results/`);
for (const failure of failures) console.log(`  FAILED ${failure}`);
process.exit(failures.length ? 1 : 0);
