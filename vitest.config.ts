import { defineConfig } from 'vitest/config';

// One config, two projects: `unit` (fast, no sockets) and `integration` (real SDK, sockets,
// SQLite, redis-server). React component tests opt into happy-dom with a file comment.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          // A hang guard, not a speed check: a whole-App component test typing into Settings is
          // CPU-bound and takes several seconds on a machine busy with other work.
          testTimeout: 30_000,
          // Loaded through Vite (not Node) so a test's vi.mock('electron') reaches the `electron`
          // import inside electron-store: main's real settings store runs without the Electron binary.
          server: { deps: { inline: ['electron-store'] } },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.{ts,tsx}'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
