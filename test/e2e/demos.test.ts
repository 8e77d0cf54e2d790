// The five pattern demos, each run from the command palette ("Resilient LLM: Run Pattern
// Demo" and its quick pick) in code-server with the packaged .vsix: the notification sums the
// run up and the "Demo Results" preview shows the seed's published numbers.
// (The dashboard's view of a demo run is test/e2e/dashboard.test.ts.)
import * as assert from 'node:assert/strict';
import { clearNotifications, useWorkbench, waitForNotification } from './harness';
import { demoResultsFrame, previewTables, runDemoFromPalette } from './demoSetup';

interface DemoCase {
  title: string;
  /** The notification's summary of the run. */
  summary: RegExp;
  /** Caption → expected rows (header first); `columns` compares only that many leading columns (the rest are timings). */
  tables: Record<string, { rows: string[][]; columns?: number }>;
  totals: RegExp;
}

const DEMOS: DemoCase[] = [
  {
    title: 'Cross-Region inference',
    summary: /^Cross-Region inference: 10\/10 succeeded$/,
    tables: {
      'Regions that served us.anthropic.claude-sonnet-4-6 (from the invocation log)': {
        rows: [
          ['Region', 'Requests', 'Share'],
          ['us-east-1', '1', '10%'],
          ['us-east-2', '7', '70%'],
          ['us-west-2', '2', '20%'],
        ],
      },
    },
    totals: /Succeeded 10\/10, rate limited 0, failed 0/,
  },
  {
    title: 'Account sharding',
    summary: /^Account sharding: 20\/20 succeeded$/,
    tables: {
      'Per account': {
        columns: 5,
        rows: [
          ['Account (profile)', 'Total', 'Succeeded', 'Failed', 'Success rate'],
          ['shard-a', '10', '10', '0', '100%'],
          ['shard-b', '10', '10', '0', '100%'],
        ],
      },
      'Regions per account (from each account\'s invocation log)': {
        rows: [
          ['Account (profile)', 'us-east-1', 'us-east-2', 'us-west-2'],
          ['shard-a', '0', '7', '3'],
          ['shard-b', '2', '3', '5'],
        ],
      },
    },
    totals: /Succeeded 20\/20, rate limited 0, failed 0/,
  },
  {
    title: 'Model fallback',
    summary: /^Model fallback: 10\/10 succeeded$/,
    tables: {
      'Requests by target': {
        rows: [
          ['Target', 'Requests', 'Share'],
          ['fallback', '7', '70%'],
          ['primary', '3', '30%'],
        ],
      },
    },
    totals: /Succeeded 10\/10, rate limited 0, failed 0/,
  },
  {
    title: 'Load balancing across models',
    summary: /^Load balancing across models: 10\/10 succeeded$/,
    tables: {
      'Requests by target': {
        rows: [
          ['Target', 'Requests', 'Share'],
          ['fallback', '4', '40%'],
          ['primary-1', '3', '30%'],
          ['primary-2', '3', '30%'],
        ],
      },
    },
    totals: /Succeeded 10\/10, rate limited 0, failed 0/,
  },
  {
    title: 'Multi-tenant quota isolation',
    summary: /^Multi-tenant quota isolation: 13\/15 succeeded, 2 rate limited$/,
    tables: {
      'Per workspace (tenant)': {
        rows: [
          ['Workspace', 'Quota (RPM)', 'Sent', 'Succeeded', 'Rate limited', 'Failed', 'Success rate'],
          ['tenant-a', '3', '5', '3', '2', '0', '60%'],
          ['tenant-b', '10', '5', '5', '0', '0', '100%'],
          ['tenant-c', '10', '5', '5', '0', '0', '100%'],
        ],
      },
    },
    totals: /Succeeded 13\/15, rate limited 2, failed 0/,
  },
];

describe('pattern demos from the command palette', () => {
  const wb = useWorkbench();

  for (const demo of DEMOS) {
    it(`${demo.title}: the seed's numbers`, async () => {
      const { page } = wb();
      await clearNotifications(page);
      await runDemoFromPalette(page, demo.title);
      await waitForNotification(page, demo.summary, 60_000);
      const frame = await demoResultsFrame(page, demo.title);
      assert.equal((await frame.locator('h3').first().innerText()).trim(), demo.title);
      const tables = await previewTables(frame);
      assert.deepEqual(Object.keys(tables), Object.keys(demo.tables));
      for (const [caption, want] of Object.entries(demo.tables)) {
        const got = tables[caption]!.map((row) => (want.columns ? row.slice(0, want.columns) : row));
        assert.deepEqual(got, want.rows, caption);
      }
      assert.match(await frame.locator('body').innerText(), demo.totals);
    });
  }
});
