// `npm start`: build, then run the console. With an Electron binary: the desktop app (demo
// mode when no API key is saved). Without one (machines with no internet): the same console
// in your browser via the harness on http://127.0.0.1:5780/?key=<this run's key>, also in demo mode.
import { spawn, spawnSync } from 'node:child_process';
import { findElectronBinary } from './electron-binary.mjs';

const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

// Electron downloads its binary lazily; fetch it now unless told not to (no-internet machines).
let binary = findElectronBinary();
if ('reason' in binary && process.env.ELECTRON_SKIP_BINARY_DOWNLOAD !== '1') {
  spawnSync(process.execPath, ['node_modules/electron/install.js'], { stdio: 'inherit', timeout: 180_000 });
  binary = findElectronBinary();
}
const env = { ...process.env, SWITCHBOARD_AUTO_DEMO: '1' };
const child =
  'path' in binary
    ? spawn(binary.path, ['.', ...process.argv.slice(2)], { stdio: 'inherit', env })
    : (console.log(`${binary.reason}\nServing the console in the browser instead (demo mode).`),
      spawn(process.execPath, ['--import', 'tsx', 'test/harness/cli.ts', '--port', process.env.PORT ?? '5780'], { stdio: 'inherit', env }));
child.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
