import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * A path next to this file. Written without node:url so the renderer's tsconfig stays free of
 * Node types (the renderer must never use Node); the Windows branch drops the "/" before "C:".
 */
function besideConfig(relative: string): string {
  const path = decodeURIComponent(new URL(relative, import.meta.url).pathname);
  return /^\/[A-Za-z]:/.test(path) ? path.slice(1) : path;
}

// The renderer is loaded from file:// in Electron and from the harness's static server, so all
// asset URLs are relative (`base: './'`). No inline scripts or styles: the CSP forbids them.
export default defineConfig({
  root: besideConfig('.'),
  base: './',
  plugins: [react()],
  build: {
    outDir: besideConfig('../out/renderer'),
    emptyOutDir: true,
    // Keep the CSP honest: never inline the module-preload polyfill or small assets.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    target: 'chrome130',
  },
});
