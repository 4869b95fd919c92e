// Finds the Electron binary WITHOUT requiring the `electron` package (whose require downloads
// the binary). Used by `npm start` and by the `_electron` Playwright suite.
import fs from 'node:fs';
import path from 'node:path';

const electronDir = path.resolve(import.meta.dirname, '..', 'node_modules', 'electron');

/** @returns {{ path: string } | { reason: string }} */
export function findElectronBinary() {
  const pathFile = path.join(electronDir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override
    ? path.join(override, relative ?? 'electron')
    : relative
      ? path.join(electronDir, 'dist', relative)
      : undefined;
  if (candidate && fs.existsSync(candidate)) return { path: candidate };
  return {
    reason:
      'No Electron binary installed (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or without internet). ' +
      'Run `npx install-electron` on a machine with internet, or set ELECTRON_OVERRIDE_DIST_PATH.',
  };
}
