// Issue 19, items 2, 4 and 5: /routes readable in the narrow Chat view, every settings problem
// reported at once, and a settings.json that does not parse reported as such, with where.
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS } from '../../../src/extension/defaults';
import { parseSyntaxProblemPath, settingsSyntaxProblems } from '../../../src/extension/settingsFileSyntax';
import { problemList, routesMarkdown } from '../../../src/extension/views/routes';
import { formatProblem, validateSettings } from '../../../src/router';

const defaults = validateSettings({ ...DEFAULT_SETTINGS });
assert.ok(defaults.ok);

describe('first hour: /routes in the Chat view', () => {
  const md = routesMarkdown({ config: defaults.config, problems: [], sources: {}, tenant: 'sample-workspace' });

  it('has no table and no literal <br>: one block per route, a bullet per target', () => {
    assert.doesNotMatch(md, /<br>/);
    assert.doesNotMatch(md, /^\|/m, 'no table rows (they wrap model ids a few characters per line in the narrow view)');
    assert.match(md, /^\*\*`sonnet`\*\* \(the default route\): shuffle over 2 targets, falls back to `haiku`$/m);
    assert.match(md, /^- `sonnet-a`: us\.anthropic\.claude-sonnet-4-6 · shard-a · us-east-1 · 20 RPM$/m);
    assert.match(md, /^- `sonnet-b`: us\.anthropic\.claude-sonnet-4-6 · shard-b · us-west-2 · 20 RPM$/m);
    assert.match(md, /^\*\*`haiku`\*\*: shuffle over 1 target, no fallback$/m);
    assert.match(md, /The settings are valid\./);
  });
});

describe('first hour: every settings problem at once', () => {
  const raw = {
    ...DEFAULT_SETTINGS,
    targets: DEFAULT_SETTINGS.targets.map((t, i) => (i === 0 ? { ...t, rpmm: 5 } : t)),
    routes: [{ name: 'sonnet', targets: ['sonnet-a', 'sonet-b'] }],
  };

  it('a misspelled key and a route naming an unknown target: both, each with its path', () => {
    const r = validateSettings(raw);
    assert.ok(!r.ok);
    assert.deepEqual(r.problems.map((p) => p.path), ['resilientLlm.targets[0].rpmm', 'resilientLlm.routes[0].targets[1]']);
    assert.match(formatProblem(r.problems[1]!), /no target with id "sonet-b" \(did you mean "sonnet-b"\?\)/);
  });

  it('the notification text and /routes list both', () => {
    const r = validateSettings(raw);
    assert.ok(!r.ok);
    const text = problemList(r.problems);
    assert.match(text, /^\(1\) resilientLlm\.targets\[0\]\.rpmm: unknown field .* \(2\) resilientLlm\.routes\[0\]\.targets\[1\]: no target/);
    const md = routesMarkdown({ config: defaults.config, problems: r.problems, sources: {}, tenant: 't' });
    assert.match(md, /\*\*2 problems in the settings\*\*/);
    assert.match(md, /^- `resilientLlm\.targets\[0\]\.rpmm`: unknown field/m);
    assert.match(md, /^- `resilientLlm\.routes\[0\]\.targets\[1\]`: no target/m);
    assert.doesNotMatch(md, /The settings are valid/);
  });
});

describe('first hour: a settings.json that does not parse', () => {
  const text = '{\n  "resilientLlm.mode": "simulated"\n  "resilientLlm.defaultRoute": "haiku"\n}\n';

  it('is reported as not parsing, with the file, line and column', () => {
    const problems = settingsSyntaxProblems(text, '.vscode/settings.json');
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.path, '.vscode/settings.json:3:3');
    assert.match(problems[0]!.message, /^the file does not parse: a comma is missing \(between two entries\) at line 3, column 3\./);
    assert.deepEqual(parseSyntaxProblemPath(problems[0]!.path), { label: '.vscode/settings.json', line: 3, column: 3 });
    const md = routesMarkdown({ config: defaults.config, problems, sources: {}, tenant: 't' });
    assert.match(md, /does not parse/);
    assert.doesNotMatch(md, /The settings are valid/);
  });

  it('a file that parses (comments and trailing commas allowed, as VS Code allows them) has no problem', () => {
    assert.deepEqual(settingsSyntaxProblems('{\n  // routes\n  "resilientLlm.mode": "simulated",\n}\n', 'user settings.json'), []);
    assert.equal(parseSyntaxProblemPath('resilientLlm.routes[0].targets[1]'), undefined);
  });
});
