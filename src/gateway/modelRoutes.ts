/**
 * Which route serves a `{modelId}` (Bedrock paths) or `model` (OpenAI): a route name; else
 * the `resilientLlm.gateway.models` mapping (model or inference-profile id -> route); else,
 * by default, the first route (in settings order) with a target that uses that id. So
 * `us.anthropic.claude-sonnet-4-6` reaches the route whose targets call it, with all of
 * that route's failover behind it.
 */
import { own } from '../core/dict';
import { type ResolvedConfig } from '../router';

export type ModelRoutes = Readonly<Record<string, string>>;

/** An inference-profile or foundation-model ARN's id (`arn:aws:bedrock:REGION:ACCOUNT:inference-profile/ID` -> `ID`). */
function idOfArn(modelId: string): string {
  const m = /^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:(?:inference-profile|foundation-model|application-inference-profile)\/(.+)$/.exec(modelId);
  return m?.[1] ?? modelId;
}

export function routeForModel(modelId: string, config: ResolvedConfig, mapping: ModelRoutes = {}): string | undefined {
  if (config.routes.has(modelId)) return modelId;
  const id = idOfArn(modelId);
  // Own keys only: an id such as `constructor` is not a mapping.
  const mapped = own(mapping, modelId) ?? own(mapping, id);
  if (mapped !== undefined && config.routes.has(mapped)) return mapped;
  for (const route of config.routes.values()) {
    if (route.targets.some((t) => { const m = config.targets.get(t)?.model; return m === modelId || m === id; })) return route.name;
  }
  return undefined;
}

/** The sentence for an id no route serves: what can be used instead. */
export function unknownModelMessage(modelId: string, config: ResolvedConfig): string {
  return `No route serves the model id "${modelId}". Use a route name (${[...config.routes.keys()].join(', ')}), a model id one of their targets uses, or map the id to a route in resilientLlm.gateway.models.`;
}
