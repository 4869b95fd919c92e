/**
 * A renderer module compiled for Node the way Vite compiles it for the app (automatic JSX runtime,
 * production, each package's browser ESM build), written to out/bench/. React stays in
 * node_modules, so it is the same React instance the caller drives; every other package is bundled
 * in, because Node would load some packages' CommonJS builds instead (@telnyx/webrtc's has no named
 * `TelnyxRTC` export, which kept bench:render from starting). Used by the renderer benchmarks and
 * by test/unit/bench/renderer-bundles.test.ts, which imports each bundle in plain Node.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export async function bundleRendererModule(entry: string, name: string): Promise<string> {
  const root = new URL('../../', import.meta.url);
  const outfile = fileURLToPath(new URL(`out/bench/${name}.mjs`, root));
  await build({
    entryPoints: [fileURLToPath(new URL(entry, root))],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    jsx: 'automatic',
    external: ['react', 'react/*', 'react-dom', 'react-dom/*'],
    define: { 'process.env.NODE_ENV': '"production"' },
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}
