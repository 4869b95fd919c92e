/**
 * The shell's side of tel:/callto: links (electron/main/dial-links.ts), with Electron's `App`
 * stood in by an EventEmitter: registration per scheme (packaged vs `electron .`), a link at
 * launch (argv), macOS `open-url` and Windows/Linux `second-instance` argv, and links that
 * arrive before core exists waiting for it.
 */
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { App } from 'electron';
import { describe, expect, it } from 'vitest';
import { listenForDialLinks } from '../../../electron/main/dial-links';

function fakeApp() {
  const registered: unknown[][] = [];
  const emitter = new EventEmitter();
  const app = Object.assign(emitter, {
    setAsDefaultProtocolClient: (...args: unknown[]) => {
      registered.push(args);
      return true;
    },
  });
  return { app: app as unknown as App, emitter, registered };
}

describe('listenForDialLinks', () => {
  it('registers both schemes; unpackaged, with electron and the entry script', () => {
    const packaged = fakeApp();
    listenForDialLinks(packaged.app, { argv: ['/opt/Switchboard/switchboard'], defaultApp: false, execPath: '/opt/Switchboard/switchboard' } as never);
    expect(packaged.registered).toEqual([['tel'], ['callto']]);
    const dev = fakeApp();
    listenForDialLinks(dev.app, { argv: ['/usr/bin/electron', 'out/main/index.js'], defaultApp: true, execPath: '/usr/bin/electron' } as never);
    expect(dev.registered).toEqual([
      ['tel', '/usr/bin/electron', [path.resolve('out/main/index.js')]],
      ['callto', '/usr/bin/electron', [path.resolve('out/main/index.js')]],
    ]);
  });

  it('holds links that arrive before core, then delivers every link in order', () => {
    const { app, emitter } = fakeApp();
    const links = listenForDialLinks(app, { argv: ['C:\\Switchboard.exe', 'tel:+15550100123'], defaultApp: false, execPath: 'C:\\Switchboard.exe' } as never);
    let prevented = false;
    emitter.emit('open-url', { preventDefault: () => (prevented = true) }, 'callto://+15550100124');
    expect(prevented).toBe(true);
    const delivered: string[] = [];
    links.deliverTo((link) => delivered.push(link));
    expect(delivered).toEqual(['tel:+15550100123', 'callto://+15550100124']);
    emitter.emit('second-instance', {}, ['/opt/Switchboard/switchboard', '--some-flag', 'tel:+44-20-7123-4567'], '/');
    emitter.emit('second-instance', {}, ['/opt/Switchboard/switchboard'], '/');
    emitter.emit('open-url', { preventDefault() {} }, 'https://example.com');
    expect(delivered).toEqual(['tel:+15550100123', 'callto://+15550100124', 'tel:+44-20-7123-4567']);
  });
});
