/**
 * Where the relay may live. The relay token travels in an Authorization header, so the relay URL
 * must be encrypted (https:/wss:) unless it is this machine (127.0.0.0/8, ::1, localhost), where
 * plain http:/ws: is fine for development. Zod-free and DOM-free: the settings schema and the
 * renderer's Settings show the same message.
 */
export const relayUrlMessage = 'must start with https:// or wss:// (http:// and ws:// only for localhost, 127.0.0.0/8 or ::1)';

/** scheme://[userinfo@]host[:port][/?#…] */
const urlParts = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[0-9a-f:.]+\]|[^:/?#[\]\s]+)(?::(\d{1,5}))?(?:[/?#]\S*)?$/i;

function parse(url: string): { scheme: string; host: string; port: string } | undefined {
  const m = urlParts.exec(url.trim());
  return m ? { scheme: m[1]!.toLowerCase(), host: m[2]!.toLowerCase(), port: m[3] ?? '' } : undefined;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Why `url` cannot be the relay URL, or undefined when it can ('' = no relay). */
export function relayUrlProblem(url: string): string | undefined {
  if (url === '') return undefined;
  const parts = parse(url);
  if (!parts || !['https', 'wss', 'http', 'ws'].includes(parts.scheme)) return 'must be a URL such as https://relay.example.com';
  if (parts.scheme === 'https' || parts.scheme === 'wss' || isLoopback(parts.host)) return undefined;
  return relayUrlMessage;
}

/**
 * Why the failover relay list cannot be saved (one URL a line, the same rule as the relay URL, at
 * most MAX_FAILOVER_RELAYS), naming the first bad line; undefined when it can.
 */
export function relayFailoverProblem(urls: readonly string[]): string | undefined {
  if (urls.length > MAX_FAILOVER_RELAYS) return `at most ${MAX_FAILOVER_RELAYS} failover relays`;
  for (const [i, url] of urls.entries()) {
    const problem = url === '' ? 'must be a URL such as https://relay-2.example.com' : relayUrlProblem(url);
    if (problem) return `line ${i + 1} (${url}) ${problem}`;
  }
  return undefined;
}

/** More relays of one deployment the console may fail over to (settings `relayFailover.urls`). */
export const MAX_FAILOVER_RELAYS = 8;

/**
 * The origin a relay token is bound to: the token is only ever sent there, and saving another
 * origin forgets it. ws(s): and http(s): name the same relay; '' when there is no relay.
 */
export function relayOrigin(url: string): string {
  const parts = parse(url);
  if (!parts) return '';
  const scheme = parts.scheme.replace(/^ws/, 'http');
  const defaultPort = scheme === 'https' ? '443' : '80';
  return `${scheme}://${parts.host}${parts.port && parts.port !== defaultPort ? `:${parts.port}` : ''}`;
}
