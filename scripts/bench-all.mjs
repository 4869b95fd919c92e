// `npm run bench`: runs every bench/*.bench.ts one after another (never in parallel: they
// measure CPU time on a 2-core machine), each writing bench/results/<name>.{json,md}.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const only = process.argv.slice(2);
const benches = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)))
  .sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n=== bench/${file}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', `bench/${file}`], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
console.log(`\n${benches.length - failed} benchmarks finished, ${failed} failed; results in bench/results/`);
process.exit(failed ? 1 : 0);
