// Lint = code quality + the process boundaries from DESIGN.md, enforced:
//  - electron/core and renderer/ never import `electron`;
//  - renderer/ imports only types from electron/ (it talks to main through window.switchboard);
//  - only electron/main/ipc.ts and electron/preload/index.ts touch ipcMain / ipcRenderer;
//  - relay/ and sim/ never import the app.
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
            {
              group: ['**/electron/contract', '**/electron/contract/**'],
              allowTypeImports: true,
              message: 'The renderer imports only types from electron/contract.',
            },
            { group: ['node:*'], message: 'The renderer has no Node.' },
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
    files: ['test/**/*.{ts,tsx}', 'bench/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    // Tests read untyped Telnyx payloads and poke at internals; `any` there is honest.
    rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
