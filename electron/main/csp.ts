/**
 * The renderer's Content-Security-Policy, sent as a header with every renderer response (and
 * repeated as a meta tag in renderer/index.html). No remote scripts, no eval, no inline code.
 * Kept free of `electron` imports so the test harness serves the page with the same policy.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self' https: http:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
