import { type AwsDemoSettings } from '../demos';
import { demoSettingsSchema, formatPath } from '../router';
import { UsageError } from './io';

/** Reads `resilientLlm.demo` from a settings-shaped file, for `demo --aws`. */
export function parseAwsDemoSettings(settings: Record<string, unknown>, file: string): AwsDemoSettings {
  if (settings.demo === undefined) throw new UsageError(`${file} has no "resilientLlm.demo" settings; see docs/cli.md, "The demos against real AWS"`);
  const r = demoSettingsSchema.safeParse(settings.demo);
  if (!r.success) throw new UsageError(`${file}:\n  ${r.error.issues.map((i) => `${formatPath(['demo', ...i.path])}: ${i.message}`).join('\n  ')}`);
  return r.data;
}
