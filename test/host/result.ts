// The JSON the extension-host suite writes for its runner (test/host/runTests.ts).

/** Environment variable naming the result file; set by the runner on the code-server process. */
export const RESULT_ENV = 'RESILIENT_LLM_HOST_TEST_RESULT';

export interface HostTestCase {
  title: string;
  file?: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export interface HostTestResult {
  startedAt: string;
  finishedAt: string;
  files: string[];
  passed: number;
  failed: number;
  pending: number;
  tests: HostTestCase[];
  /** Set when the suite could not run at all (e.g. a test file threw on load). */
  error?: string;
  vscodeVersion: string;
}
