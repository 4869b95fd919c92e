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
  // No media element plays remote URLs; the softphone's audio arrives as a MediaStream (srcObject), which CSP does not govern.
  "media-src 'none'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
