// The renderer benchmarks (bench:render, bench:history) run the real renderer modules in plain
// Node. bench:render could not start from the softphone's arrival on, unnoticed, because Node loaded
// @telnyx/webrtc's CommonJS build, which has no named `TelnyxRTC` export. CI does not run the
// benchmarks, so this test builds each bundle they import and imports it in a plain Node process,
// the way they do.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleRendererModule } from '../../support/renderer-bundle';

describe('the renderer modules the benchmarks run', () => {
  it.each([
    ['renderer/src/App.tsx', 'App'],
    ['renderer/src/history/CallHistory.tsx', 'CallHistory'],
  ])('%s bundles and imports in plain Node, exporting %s', async (entry, exported) => {
    const outfile = await bundleRendererModule(entry, `smoke-${exported}`);
    const node = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import(${JSON.stringify(pathToFileURL(outfile).href)}); console.log(typeof m[${JSON.stringify(exported)}]);`],
      { encoding: 'utf8' },
    );
    expect(node.stderr).toBe('');
    // A component: a function, or the object React.memo makes of one.
    expect(['function', 'object']).toContain(node.stdout.trim());
  });
});
