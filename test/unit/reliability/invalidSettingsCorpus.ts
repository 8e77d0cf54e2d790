/**
 * The corpus of invalid settings files in test/fixtures/invalid-settings. Each file is
 * settings.json-shaped and says, in comments at its top, what is wrong with it:
 *
 *   // expect: <the start of one problem line, as `resilientLlm validate` prints it>
 *   // aws-profiles: shard-a, shard-b   (aws mode: the profiles the AWS files hold)
 *
 * A file must produce exactly its expected problems, no more.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'jsonc-parser';
import { settingsFromFile } from '../../../src/router';

export const CORPUS_DIR = resolve(__dirname, '../../fixtures/invalid-settings');

export interface CorpusEntry {
  name: string;
  file: string;
  /** The file's first comment line: what is wrong, in words. */
  title: string;
  expects: string[];
  /** For aws-mode files: the profiles the AWS config and credentials files hold. */
  awsProfiles?: string[];
  /** The router settings in the file (keys without the prefix). */
  raw: Record<string, unknown>;
}

export function loadCorpus(): CorpusEntry[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.jsonc'))
    .sort()
    .map((f) => {
      const file = join(CORPUS_DIR, f);
      const text = readFileSync(file, 'utf8');
      const comments = text.split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(2).trim());
      const expects = comments.filter((c) => c.startsWith('expect: ')).map((c) => c.slice('expect: '.length));
      const profiles = comments.find((c) => c.startsWith('aws-profiles: '));
      if (expects.length === 0) throw new Error(`${f}: no "// expect:" line`);
      return {
        name: f.replace(/\.jsonc$/, ''),
        file,
        title: comments[0] ?? f,
        expects,
        awsProfiles: profiles?.slice('aws-profiles: '.length).split(',').map((p) => p.trim()),
        raw: settingsFromFile(parse(text, [], { allowTrailingComma: true })),
      };
    });
}

/** Exactly the expected problems: each expected line starts one problem line, and there are no others. */
export function assertProblems(e: CorpusEntry, lines: readonly string[]): void {
  const unmatched = [...lines];
  for (const expected of e.expects) {
    const i = unmatched.findIndex((l) => l.startsWith(expected));
    assert.ok(i >= 0, `${e.name}: expected a problem starting with\n  ${expected}\ngot:\n  ${lines.join('\n  ')}`);
    unmatched.splice(i, 1);
  }
  assert.deepEqual(unmatched, [], `${e.name}: problems beyond the expected ones`);
}
