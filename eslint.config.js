// Lint = code quality + the process boundaries from DESIGN.md, enforced:
//  - electron/core and renderer/ never import `electron`;
//  - renderer/ imports from electron/ only the zod-free contract (electron/contract, runtime ok)
//    and, as types only, its schemas (electron/contract/schemas); it talks to main through
//    window.switchboard;
//  - the zod-free contract imports zod and its schemas as types only, so the renderer and the
//    preload can run it without bundling zod;
//  - code that ships in the preload or the renderer imports no `node:*` module;
//  - only electron/main/ipc.ts and electron/preload/index.ts touch ipcMain / ipcRenderer;
//  - relay/ and sim/ never import the app;
//  - telnyx/ (@switchboard/telnyx) imports nothing from the app, the relay or the simulator.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const electronModule = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' };
const rawIpc = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Use the contract wrappers: electron/main/ipc.ts (main) and electron/preload/index.ts (preload).',
};

/** Patterns for code that runs in the preload or the renderer, or is the contract they run. */
const noNode = { group: ['node:*'], message: 'Code that ships in the preload or the renderer has no Node.' };
const schemasAsTypes = {
  group: ['**/contract/schemas', '**/contract/schemas/**', './schemas', './schemas/**'],
  allowTypeImports: true,
  message: 'Only main validates with the contract schemas; elsewhere import their types (`import type`).',
};
const zodAsTypes = {
  group: ['zod', 'zod/*'],
  allowTypeImports: true,
  message: 'zod stays out of the preload and renderer bundles: only electron/contract/schemas uses it at runtime.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', '**/node_modules/**', '.tsbuild/**', 'test-results/**', 'playwright-report/**', 'relay/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': ['error', { paths: [rawIpc] }],
    },
  },
  {
    files: ['electron/main/ipc.ts', 'electron/preload/index.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/demo/**/*.ts', 'electron/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronModule, { name: 'electron-updater', message: 'Only electron/main/updater.ts may import electron-updater.' }] }],
    },
  },
  {
    // The zod-free contract: the preload and the renderer run it.
    files: ['electron/contract/**/*.ts'],
    ignores: ['electron/contract/schemas/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [zodAsTypes, schemasAsTypes, noNode] }] },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [zodAsTypes, schemasAsTypes, noNode] }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [electronModule],
          patterns: [
            {
              group: ['**/electron/**', '!**/electron/contract', '!**/electron/contract/**'],
              message: 'The renderer talks to main only through window.switchboard.',
            },
            schemasAsTypes,
            zodAsTypes,
            noNode,
          ],
        },
      ],
    },
  },
  {
    files: ['relay/**/*.ts', 'sim/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronModule], patterns: [{ group: ['**/electron/**', '**/renderer/**'], message: 'relay/ and sim/ never import the app.' }] },
      ],
    },
  },
  {
    files: ['telnyx/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronModule],
          patterns: [
            {
              group: ['**/electron/**', '**/renderer/**', '**/relay/**', '**/sim/**', '@switchboard/*', '!@switchboard/telnyx'],
              message: 'telnyx/ is shared by the app, the relay and the simulator: it imports none of them.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.{ts,tsx}', 'bench/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    // Tests read untyped Telnyx payloads and poke at internals; `any` there is honest.
    rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
