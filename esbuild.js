// Bundles the extension (vscode external), the command-line tool and the webview script.
const esbuild = require('esbuild');
const path = require('node:path');

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  {
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // The dashboard webview's own script: runs in the webview (a browser), loaded with a nonce.
    entryPoints: ['src/webview/dashboard/main.ts'],
    outfile: 'media/dist/dashboard.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

/**
 * zod 4's classic API re-exports every locale (`export * as locales`), which no bundler can
 * tree-shake: about 250 KB of error messages in 40 languages we never show. We only use the
 * English messages zod configures by default, so the locales index resolves to English alone.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir) ? { path: path.join(args.resolveDir, '../locales/en.js') } : undefined,
    );
  },
};

async function main() {
  // Prefer ES modules: smaller bundles, and some packages' UMD builds (jsonc-parser) cannot be bundled.
  const common = { bundle: true, mainFields: ['module', 'main'], sourcemap: !production, minify: production, keepNames: production, logLevel: 'warning', legalComments: 'none', plugins: [zodEnglishOnly], absWorkingDir: path.resolve(__dirname) };
  if (watch) {
    const contexts = await Promise.all(builds.map((b) => esbuild.context({ ...common, ...b })));
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('esbuild: watching');
    return;
  }
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
