import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WALLBOARD_CSS, WALLBOARD_HTML, WALLBOARD_JS } from './wallboard-assets';

/** The websocket subprotocol the wallboard speaks; its token travels as a second one, `bearer.<token>`. */
export const WALLBOARD_PROTOCOL = 'switchboard.v1';
const BEARER_PROTOCOL_PREFIX = 'bearer.';

const FILES: Record<string, { type: string; body: string }> = {
  '/wallboard': { type: 'text/html; charset=utf-8', body: WALLBOARD_HTML },
  '/wallboard.js': { type: 'text/javascript; charset=utf-8', body: WALLBOARD_JS },
  '/wallboard.css': { type: 'text/css; charset=utf-8', body: WALLBOARD_CSS },
};
const ETAGS = new Map(Object.entries(FILES).map(([path, f]) => [path, `"${createHash('sha256').update(f.body).digest('base64url').slice(0, 16)}"`]));

/**
 * `GET /wallboard` (+ its script and stylesheet, served by the relay itself): the page holds no
 * secret and no data; it reads the supervisor token from the URL fragment (never sent to a server,
 * so never in an access log), and presents it on the websocket as a subprotocol. Strict CSP: no
 * inline code, nothing from another origin, websocket to this relay only.
 */
export function serveWallboard(req: IncomingMessage, path: string, res: ServerResponse): boolean {
  const file = FILES[path];
  if (!file) return false;
  const host = req.headers.host && /^[\w.:[\]-]+$/.test(req.headers.host) ? req.headers.host : null;
  const connect = host ? `ws://${host} wss://${host}` : "'none'";
  res.writeHead(200, {
    'content-type': file.type,
    'content-length': Buffer.byteLength(file.body),
    'cache-control': 'no-cache',
    etag: ETAGS.get(path)!,
    'content-security-policy': `default-src 'none'; script-src 'self'; style-src 'self'; connect-src ${connect}; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  });
  res.end(file.body);
  return true;
}

/**
 * A browser cannot set `Authorization` on a websocket: the wallboard offers `switchboard.v1,
 * bearer.<token>` as subprotocols. Returns that token as a bearer header value, or undefined.
 */
export function bearerFromProtocols(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const offered = header.split(',').map((p) => p.trim());
  if (!offered.includes(WALLBOARD_PROTOCOL)) return undefined;
  const bearer = offered.find((p) => p.startsWith(BEARER_PROTOCOL_PREFIX));
  return bearer ? `Bearer ${bearer.slice(BEARER_PROTOCOL_PREFIX.length)}` : undefined;
}
