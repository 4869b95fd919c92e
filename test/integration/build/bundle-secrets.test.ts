/**
 * Builds the renderer and preload the way `npm run build` does, with a live-looking API key in
 * the environment, and scans every emitted file: no key, no key-shaped string, no token, no
 * Node or raw IPC in the page.
 */
import { build as esbuild } from 'esbuild';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build as viteBuild } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const sentinelKey = 'KEY0190C6F5A1B2C3D4E5F6BUNDLESENTINEL_9f8e7d6c';
const sentinelToken = 'relay-token-BUNDLE-SENTINEL-5a4b3c';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('built bundles carry no secrets', () => {
  let outDir: string;
  let texts: Array<{ file: string; text: string }>;

  beforeAll(async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), 'sb-bundle-'));
    const saved = { ...process.env };
    Object.assign(process.env, {
      TELNYX_API_KEY: sentinelKey,
      VITE_TELNYX_API_KEY: sentinelKey,
      SWITCHBOARD_RELAY_TOKEN: sentinelToken,
      VITE_RELAY_TOKEN: sentinelToken,
    });
    try {
      await viteBuild({
        configFile: path.join(repoRoot, 'renderer/vite.config.ts'),
        logLevel: 'silent',
        build: { outDir: path.join(outDir, 'renderer'), emptyOutDir: true },
      });
      await esbuild({
        entryPoints: [path.join(repoRoot, 'electron/preload/index.ts')],
        outfile: path.join(outDir, 'preload/index.cjs'),
        bundle: true,
        format: 'cjs',
        platform: 'browser',
        external: ['electron'],
        logLevel: 'silent',
      });
    } finally {
      process.env = saved;
    }
    texts = await Promise.all((await filesUnder(outDir)).map(async (file) => ({ file, text: await readFile(file, 'utf8') })));
  }, 120_000);
  afterAll(() => rm(outDir, { recursive: true, force: true }));

  it('emits the renderer and the preload', () => {
    expect(texts.some((t) => t.file.endsWith('index.html'))).toBe(true);
    expect(texts.some((t) => t.file.endsWith('.js') && t.file.includes('renderer'))).toBe(true);
    expect(texts.some((t) => t.file.endsWith('index.cjs'))).toBe(true);
  });

  it('contains no API key, token, key-shaped string or private key', () => {
    for (const { file, text } of texts) {
      expect(text.includes(sentinelKey), file).toBe(false);
      expect(text.includes(sentinelToken), file).toBe(false);
      expect(/KEY[0-9A-F]{16,}/.test(text), file).toBe(false);
      expect(text.includes('PRIVATE KEY'), file).toBe(false);
    }
  });

  it('gives the page no Node and no raw IPC', () => {
    for (const { file, text } of texts.filter((t) => t.file.includes(`${path.sep}renderer${path.sep}`))) {
      expect(text, file).not.toMatch(/ipcRenderer|require\(["']electron["']\)|node:(fs|child_process)/);
    }
  });

  it('keeps the preload to the contract: only `electron` is required, no zod', () => {
    const preload = texts.find((t) => t.file.endsWith('index.cjs'))!.text;
    const requires = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect([...new Set(requires)]).toEqual(['electron']);
    expect(preload).not.toContain('ZodError');
  });
});
