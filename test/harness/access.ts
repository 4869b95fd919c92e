/**
 * Who may drive the browser console. `npm start` without an Electron binary serves the real
 * core — with the agent's real API key once one is saved — on 127.0.0.1, where any web page the
 * agent visits could otherwise reach it. So every request must:
 *  - name this server in `Host` (127.0.0.1:<port> or localhost:<port>), which stops DNS
 *    rebinding (a hostile name that resolves to 127.0.0.1);
 *  - carry this run's random key: in the URL the harness prints and opens (`/?key=…`, which
 *    sets an HttpOnly SameSite=Strict cookie for the page's later requests), in that cookie, or
 *    in an `X-Harness-Key` header (tests and scripts calling the control routes);
 *  - and, for the websocket, come from this server's own origin (`Origin` header).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';

export interface HarnessAccess {
  /** This run's key (random, 192 bits). */
  readonly key: string;
  /** The URL that opens the console: carries the key once, then the cookie does. */
  consoleUrl(port: number): string;
  /** Host and key check for an HTTP request; `null` when allowed, else why not. */
  refuseRequest(req: http.IncomingMessage, url: URL, port: number): string | null;
  /** The same, plus the Origin check, for the websocket upgrade. */
  refuseUpgrade(req: http.IncomingMessage, port: number): string | null;
  /** The cookie to set when the page was opened with `?key=`. */
  cookie(port: number): string;
}

export function createHarnessAccess(key = randomBytes(24).toString('base64url')): HarnessAccess {
  const expected = Buffer.from(key);
  const matches = (candidate: string | undefined) => {
    if (!candidate) return false;
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const cookieName = (port: number) => `switchboard_harness_${port}`;
  const hosts = (port: number) => [`127.0.0.1:${port}`, `localhost:${port}`];
  const keyOf = (req: http.IncomingMessage, port: number, url?: URL): string | undefined => {
    const header = req.headers['x-harness-key'];
    if (typeof header === 'string') return header;
    const fromQuery = url?.searchParams.get('key');
    if (fromQuery) return fromQuery;
    return cookieValue(req.headers.cookie, cookieName(port));
  };
  const refuseRequest = (req: http.IncomingMessage, url: URL | undefined, port: number) => {
    if (!hosts(port).includes(req.headers.host ?? '')) return `unexpected Host ${JSON.stringify(req.headers.host ?? '')}`;
    if (!matches(keyOf(req, port, url))) return 'missing or wrong harness key (open the URL the harness printed)';
    return null;
  };
  return {
    key,
    consoleUrl: (port) => `http://127.0.0.1:${port}/?key=${key}`,
    refuseRequest,
    refuseUpgrade(req, port) {
      const origin = req.headers.origin ?? '';
      if (!hosts(port).some((host) => origin === `http://${host}`)) return `unexpected Origin ${JSON.stringify(origin)}`;
      return refuseRequest(req, undefined, port);
    },
    cookie: (port) => `${cookieName(port)}=${key}; HttpOnly; SameSite=Strict; Path=/`,
  };
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}
