// Generates package.json's `contributes.configuration` (and the untrusted-workspace
// restrictions) from the router's zod schema, the extension's defaults and the settings'
// metadata, so the JSON schema VS Code shows can never drift from what the router checks.
//   npx tsx scripts/gen-settings-schema.ts           rewrites package.json
//   npx tsx scripts/gen-settings-schema.ts --check   exits 1 when package.json is out of date
// test/unit/settingsSchema.test.ts fails when package.json is out of date.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_SETTINGS } from '../src/extension/defaults';
import { RESTRICTED_SETTINGS, SETTINGS_META, SETTINGS_ORDER } from '../src/extension/settingsMeta';
import { SETTINGS_PREFIX, settingsSchema } from '../src/router';

export const packageJsonPath = path.resolve(__dirname, '..', 'package.json');

type JsonSchema = Record<string, unknown>;

/** Settings the extension reads itself (not the router's schema). */
const EXTENSION_SCHEMAS: Record<string, JsonSchema> = {
  tenant: { type: 'string', default: '', maxLength: 128 },
  'redis.url': { type: 'string', default: '', pattern: '^(rediss?://\\S+)?$', patternErrorMessage: 'A redis:// or rediss:// URL, or empty for limits in this window only.' },
  'redis.keyPrefix': { type: 'string', default: 'rllm:', pattern: '^[A-Za-z0-9:_.{}-]{1,64}$', patternErrorMessage: 'Letters, digits and : _ . - { } only, at most 64 characters.' },
  'gateway.enabled': { type: 'boolean', default: true },
  'gateway.terminalEnvironment': { type: 'boolean', default: false },
  'gateway.models': { type: 'object', default: {}, additionalProperties: { type: 'string', minLength: 1 } },
};

function routerKeys(): string[] {
  return Object.keys(settingsSchema.shape);
}

/** Every setting, in Settings-editor order. */
export function settingKeys(): string[] {
  const all = [...routerKeys(), ...Object.keys(EXTENSION_SCHEMAS)];
  const ordered = SETTINGS_ORDER.filter((k) => all.includes(k));
  return [...ordered, ...all.filter((k) => !ordered.includes(k))];
}

function fieldSchema(key: string): JsonSchema {
  const extension = EXTENSION_SCHEMAS[key];
  if (extension) return { ...extension };
  const field = (settingsSchema.shape as Record<string, z.ZodType>)[key]!;
  const { $schema: _ignored, ...schema } = z.toJSONSchema(field, { io: 'input', target: 'draft-7', unrepresentable: 'any' }) as JsonSchema;
  const defaults = DEFAULT_SETTINGS as Record<string, unknown>;
  if (key in defaults) schema.default = defaults[key];
  return schema;
}

function metaOf(key: string) {
  const meta = SETTINGS_META[key];
  if (!meta) throw new Error(`setting "${key}" has no entry in src/extension/settingsMeta.ts (scope and markdownDescription)`);
  return meta;
}

/** `contributes.configuration` as it must appear in package.json. */
export function buildConfiguration(): { title: string; properties: Record<string, JsonSchema> } {
  const properties: Record<string, JsonSchema> = {};
  settingKeys().forEach((key, order) => {
    const meta = metaOf(key);
    const { description: _description, ...schema } = fieldSchema(key);
    properties[`${SETTINGS_PREFIX}.${key}`] = { ...schema, scope: meta.scope, markdownDescription: meta.markdownDescription, order };
  });
  return { title: 'Resilient LLM', properties };
}

/** `capabilities.untrustedWorkspaces` as it must appear in package.json. */
export function buildUntrustedWorkspaces(): { supported: 'limited'; description: string; restrictedConfigurations: string[] } {
  const keys = settingKeys();
  return {
    supported: 'limited',
    description: 'In an untrusted workspace only your user settings decide the mode, endpoint, quotas, tenant, simulator, Redis and targets (the AWS profiles requests are billed to).',
    restrictedConfigurations: RESTRICTED_SETTINGS.filter((k) => keys.includes(k)).map((k) => `${SETTINGS_PREFIX}.${k}`),
  };
}

interface PackageJson {
  contributes?: Record<string, unknown>;
  capabilities?: Record<string, unknown>;
  [key: string]: unknown;
}

/** package.json with the generated parts replaced and everything else as it was. */
export function updatedPackageJson(text: string): string {
  const pkg = JSON.parse(text) as PackageJson;
  pkg.contributes = { ...pkg.contributes, configuration: buildConfiguration() };
  pkg.capabilities = { ...pkg.capabilities, untrustedWorkspaces: buildUntrustedWorkspaces() };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

if (require.main === module) {
  const text = fs.readFileSync(packageJsonPath, 'utf8');
  const next = updatedPackageJson(text);
  if (process.argv.includes('--check')) {
    if (next !== text) {
      console.error('package.json settings schema is out of date: run `npx tsx scripts/gen-settings-schema.ts`');
      process.exit(1);
    }
    console.log('package.json settings schema is up to date');
  } else if (next === text) {
    console.log('package.json settings schema already up to date');
  } else {
    fs.writeFileSync(packageJsonPath, next);
    console.log(`wrote contributes.configuration (${Object.keys(buildConfiguration().properties).length} settings) into package.json`);
  }
}
