import { runDemo } from '../src/demos/runner';
void (async () => {
  const r = await runDemo('fallback', { requests: 1000 });
  console.log(r.byTarget, r.succeeded, r.rateLimited, r.failed);
  const errs: Record<string, number> = {};
  for (const l of r.lines as Array<Record<string, unknown>>) { const k = String(l.outcome) + ' ' + String(l.error ?? l.message ?? ''); errs[k] = (errs[k] ?? 0) + 1; }
  console.log(errs);
  console.log(JSON.stringify(r.lines[r.lines.length-1]));
})();
