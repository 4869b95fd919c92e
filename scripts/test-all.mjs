// `npm test`: lint, typecheck, build, unit + integration (Vitest), end to end (Playwright).
// Every stage runs even if an earlier one fails; the last line sums them all:
// "N passed, N failed, N skipped" (lint, typecheck and build count as one check each).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { findElectronBinary } from './electron-binary.mjs';

const totals = { passed: 0, failed: 0, skipped: 0 };
const stages = [];
mkdirSync('test-results', { recursive: true });

function run(name, command, args, env = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  stages.push(`${name} ${result.status === 0 ? 'ok' : 'FAILED'} (${seconds}s)`);
  return result.status === 0;
}

function check(name, command, args) {
  if (run(name, command, args)) totals.passed += 1;
  else totals.failed += 1;
}

check('lint', 'npx', ['eslint', '--max-warnings', '0', '.']);
check('typecheck', 'npx', ['tsc', '-b']);
check('build', 'node', ['scripts/build.mjs']);

rmSync('test-results/vitest.json', { force: true });
run('vitest', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json']);
if (existsSync('test-results/vitest.json')) {
  const report = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
  totals.passed += report.numPassedTests;
  // A file that failed to load has no failed tests, but must still fail the run.
  const brokenFiles = report.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((t) => t.status === 'failed'));
  totals.failed += report.numFailedTests + brokenFiles.length;
  totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
} else {
  totals.failed += 1;
}

rmSync('test-results/playwright.json', { force: true });
const electron = findElectronBinary();
if ('reason' in electron) console.log(`\n[electron suite] its tests will report skipped: ${electron.reason}`);
run('playwright', 'npx', ['playwright', 'test']);
if (existsSync('test-results/playwright.json')) {
  const { stats } = JSON.parse(readFileSync('test-results/playwright.json', 'utf8'));
  totals.passed += stats.expected + (stats.flaky ?? 0);
  totals.failed += stats.unexpected;
  totals.skipped += stats.skipped;
} else {
  totals.failed += 1;
}

console.log('\n' + stages.join('\n'));
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 ? 0 : 1);
