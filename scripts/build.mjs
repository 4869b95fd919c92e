// Builds the desktop app into out/: esbuild bundles main (ESM) and preload (one sandboxed
// CommonJS file); Vite builds the renderer. Usage: node scripts/build.mjs [--skip-renderer]
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { rmSync } from 'node:fs';

const skipRenderer = process.argv.includes('--skip-renderer');
rmSync('out/main', { recursive: true, force: true });
rmSync('out/preload', { recursive: true, force: true });

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning', legalComments: 'none' };

await Promise.all([
  build({
    ...common,
    entryPoints: ['electron/main/index.ts'],
    outfile: 'out/main/index.js',
    format: 'esm',
    // Runtime deps that stay in node_modules (electron-builder packs them); native or optional
    // modules that demo mode never loads (the relay's sqlite/redis stores) stay out too; sodium-native
    // (the relay's faster Ed25519 check) is optional: without it the relay verifies with node:crypto.
    external: ['electron', 'electron-store', 'electron-updater', 'better-sqlite3', 'sodium-native', 'ioredis', 'bufferutil', 'utf-8-validate', 'pino-pretty'],
    // Bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __sbCreateRequire } from 'node:module'; const require = __sbCreateRequire(import.meta.url);" },
  }),
  build({
    ...common,
    entryPoints: ['electron/preload/index.ts'],
    outfile: 'out/preload/index.cjs',
    format: 'cjs',
    // A sandboxed preload can require only `electron` (and a few polyfilled builtins).
    external: ['electron'],
    platform: 'browser',
  }),
]);

if (!skipRenderer) await viteBuild({ configFile: 'renderer/vite.config.ts', logLevel: 'warn' });
console.log('built out/main, out/preload' + (skipRenderer ? '' : ', out/renderer'));
