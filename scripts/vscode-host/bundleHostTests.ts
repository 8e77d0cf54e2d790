// Bundles the extension-host suite: test/host/index.ts and test/host/**/*.test.ts become
// out/test/host/index.js and out/test/host/**/*.test.js (CommonJS; vscode and mocha external).
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const hostTestsSource = path.join(repoRoot, 'test', 'host');
export const hostTestsOut = path.join(repoRoot, 'out', 'test', 'host');
export const hostTestsEntry = path.join(hostTestsOut, 'index.js');

export function findHostTestSources(): string[] {
  return (fs.readdirSync(hostTestsSource, { recursive: true }) as string[])
    .filter((rel) => rel.endsWith('.test.ts'))
    .map((rel) => path.join(hostTestsSource, rel))
    .sort();
}

export async function bundleHostTests(): Promise<string[]> {
  const tests = findHostTestSources();
  if (tests.length === 0) throw new Error(`no extension-host tests under ${hostTestsSource}`);
  fs.rmSync(hostTestsOut, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [path.join(hostTestsSource, 'index.ts'), ...tests],
    outbase: hostTestsSource,
    outdir: hostTestsOut,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // As esbuild.js bundles the extension: jsonc-parser's "main" is a UMD build whose require()s esbuild cannot follow.
    mainFields: ['module', 'main'],
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
    absWorkingDir: repoRoot,
  });
  return tests;
}

if (require.main === module) {
  bundleHostTests().then(
    (tests) => console.log(`bundled ${tests.length} extension-host test file(s) into ${path.relative(repoRoot, hostTestsOut)}`),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
