/**
 * tel: and callto: links. The installed app is their handler, and every link it is opened with
 * goes to core (`core.openDialLink`: parse, then confirm in the renderer or dial). Per OS:
 * - registration: `app.setAsDefaultProtocolClient` for each scheme (Windows: HKCU\Software\Classes;
 *   macOS: Launch Services, with CFBundleURLTypes from electron-builder's `protocols`; Linux: the
 *   .desktop file's x-scheme-handler MimeType, also from `protocols`, plus xdg-settings);
 * - macOS hands a link over as `open-url`, at launch possibly before `ready`, so listen at once;
 * - Windows and Linux start the app with the link in argv; when it already runs, the
 *   single-instance lock forwards the new process's argv as `second-instance`.
 * Links that arrive before core exists wait until `deliverTo` is called.
 */
import path from 'node:path';
import type { App } from 'electron';
import { findDialLink } from '../core/outbound/dial-link';

export const DIAL_LINK_SCHEMES = ['tel', 'callto'] as const;

export interface DialLinks {
  /** From now on links go to `deliver`; any that arrived earlier (argv, early open-url) go first. */
  deliverTo(deliver: (link: string) => void): void;
}

/** Call before `app.whenReady()` (macOS may emit open-url during launch). */
export function listenForDialLinks(app: App, proc: Pick<NodeJS.Process, 'argv' | 'defaultApp' | 'execPath'>): DialLinks {
  const waiting: string[] = [];
  let deliver: ((link: string) => void) | undefined;
  const receive = (link: string | undefined) => {
    if (!link) return;
    if (deliver) deliver(link);
    else waiting.push(link);
  };

  for (const scheme of DIAL_LINK_SCHEMES) {
    // Unpackaged (`electron .`), the OS must start electron with our entry script, not bare electron.
    const entry = proc.argv[1];
    if (proc.defaultApp && entry) app.setAsDefaultProtocolClient(scheme, proc.execPath, [path.resolve(entry)]);
    else app.setAsDefaultProtocolClient(scheme);
  }
  app.on('open-url', (event, url) => {
    event.preventDefault();
    receive(findDialLink([url]));
  });
  app.on('second-instance', (_event, argv) => receive(findDialLink(argv)));
  receive(findDialLink(proc.argv.slice(1)));

  return {
    deliverTo(next) {
      deliver = next;
      for (const link of waiting.splice(0)) next(link);
    },
  };
}
