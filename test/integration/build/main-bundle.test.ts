/**
 * The built main bundle loads in Node with every import resolved (externals present in
 * node_modules, the ESM `require` shim working, no top-level crash). `electron` itself is the
 * one stub (no binary here); the `_electron` suite runs the same bundle for real.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

describe('built main process bundle', () => {
  beforeAll(() => {
    const built = spawnSync(process.execPath, ['scripts/build.mjs', '--skip-renderer'], { cwd: repoRoot, encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
  }, 60_000);

  it('evaluates its imports, takes the single-instance lock, and quits when another instance holds it', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', './test/support/electron-stub/register.mjs', 'out/main/index.js'],
      { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual(['electron-stub: app.requestSingleInstanceLock', 'electron-stub: app.quit']);
  });
});
