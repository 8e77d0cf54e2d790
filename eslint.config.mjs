// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const vscodeFree = ['src/core/**', 'src/simulator/**', 'src/providers/**', 'src/router/**', 'src/demos/**', 'src/cli/**', 'src/bench/**', 'src/webview/**', 'src/wire/**', 'src/gateway/**'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'media/dist/**', '.vscode-test/**', 'test-artifacts/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', Buffer: 'readonly', URL: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', performance: 'readonly', structuredClone: 'readonly', document: 'readonly', window: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='only']", message: 'No focused tests.' }, { selector: "CallExpression[callee.property.name='skip']", message: 'No skipped tests.' }],
    },
  },
  {
    files: vscodeFree,
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only src/extension may import vscode: the router, providers, simulator and demos stay host-free.' }] }],
    },
  },
  {
    // The gateway is a layer beside the demos: router, providers, core and wire below it; the simulator is a peer it never imports.
    files: ['src/gateway/**', 'src/wire/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only src/extension may import vscode.' }], patterns: [{ group: ['**/simulator', '**/simulator/**', '**/extension/**', '**/demos/**'], message: 'The gateway and the wire formats never import the simulator, the extension or the demos.' }] }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
