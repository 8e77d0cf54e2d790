// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';

/**
 * The layers of src/, each a folder. An import may only point down this table (or sideways where it says so):
 *
 *   core        pure helpers, the model catalog, the Clock          imports nothing of ours
 *   wire        Bedrock's and Anthropic's wire formats, loopback    core (shared by the simulator and the gateway,
 *               listener                                            so neither reaches into the other)
 *   providers   the Bedrock client (real AWS SDK)                   core
 *   router      routing, limits, failover (pure TypeScript)         core, providers
 *   simulator   the embedded Bedrock simulator: a peer, not a base  core, wire (the router never imports it)
 *   demos       the five pattern demos                              core, providers, router, simulator
 *   gateway     the loopback Bedrock/OpenAI endpoint                core, wire, providers, router; never the simulator
 *   extension   VS Code glue: the only layer that imports vscode    everything above, webview/protocol.ts
 *   cli, bench  command-line entry points                           what they need (not extension)
 *   webview     the dashboard's browser code                        itself, demos/types.ts (pure data), and types only
 *                                                                   from router, demos and gateway
 */
const layer = (type) => ({ type, pattern: `src/${type}`, partialMatch: false });
const may = (from, to, extra = {}) => ({ from: { element: { type: from } }, allow: { to: { element: { types: { anyOf: to } } }, ...extra } });
const layerBoundaries = {
  files: ['src/**/*.ts'],
  plugins: { boundaries },
  settings: {
    'import/resolver': { node: { extensions: ['.ts', '.js'] } },
    // Re-exports and `await import(...)` are dependencies too.
    'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import'],
    'boundaries/elements': ['core', 'wire', 'providers', 'router', 'simulator', 'demos', 'gateway', 'extension', 'cli', 'bench', 'webview'].map(layer),
  },
  rules: {
    'boundaries/no-unknown-files': 'error',
    'boundaries/dependencies': [
      'error',
      {
        default: 'disallow',
        message: 'Layer rule: {{from.type}} may not import {{to.type}} ({{to.path}}). See docs/architecture.md and the table in eslint.config.mjs.',
        policies: [
          may('providers', ['core']),
          may('router', ['core', 'providers']),
          may('wire', ['core']),
          may('simulator', ['core', 'wire']),
          may('demos', ['core', 'providers', 'router', 'simulator']),
          may('gateway', ['core', 'wire', 'providers', 'router']),
          may('extension', ['core', 'wire', 'providers', 'router', 'simulator', 'demos', 'gateway']),
          { from: { element: { type: 'extension' } }, allow: { to: { element: { type: 'webview', fileInternalPath: 'protocol.ts' } } } },
          may('cli', ['core', 'wire', 'providers', 'router', 'simulator', 'demos', 'gateway', 'bench']),
          may('bench', ['core', 'wire', 'providers', 'router', 'simulator', 'demos', 'gateway']),
          { from: { element: { type: 'webview' } }, allow: { to: { element: { type: 'demos', fileInternalPath: 'types.ts' } } } },
          may('webview', ['router', 'demos', 'gateway'], { dependency: { kind: 'type' } }),
        ],
      },
    ],
  },
};

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
  layerBoundaries,
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
