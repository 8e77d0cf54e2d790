import { BUILT_IN_MODELS, type ModelLookup } from '../core/modelDirectory';
import { type ModelRequest } from '../providers/types';
import { type ResolvedConfig } from './config/validate';
import { routeExclusion } from './inferenceScope';

/** What a route can do, over the targets of its fallback chain that it may send to. */
export interface RouteCapabilities {
  /** Some target accepts image input (requests with images go to those targets only). */
  images: boolean;
  /** Every target accepts tools. */
  tools: boolean;
  /** The route asks for thinking and some target's model supports it. */
  reasoning: boolean;
  /** Some target's model supports prompt caching. */
  promptCaching: boolean;
  /** Targets whose model accepts images, in chain order. */
  imageTargets: string[];
}

function chainTargets(config: ResolvedConfig, routeName: string, models: ModelLookup) {
  const out: Array<{ id: string; model: string }> = [];
  for (const name of config.chains.get(routeName) ?? []) {
    const route = config.routes.get(name)!;
    for (const id of route.targets) {
      const t = config.targets.get(id);
      if (t && !out.some((o) => o.id === id) && !routeExclusion(route, t, models)) out.push({ id, model: t.model });
    }
  }
  return out;
}

/** For the model picker and chat: what a route's models can do (`imageInput`, tool calling, thinking). */
export function routeCapabilities(config: ResolvedConfig, routeName: string, models: ModelLookup = BUILT_IN_MODELS): RouteCapabilities {
  const targets = chainTargets(config, routeName, models).map((t) => ({ ...t, info: models.info(t.model) }));
  const route = config.routes.get(routeName);
  return {
    images: targets.some((t) => t.info.images),
    tools: targets.length > 0 && targets.every((t) => t.info.tools),
    reasoning: route?.reasoning !== undefined && targets.some((t) => t.info.reasoning),
    promptCaching: targets.some((t) => t.info.promptCaching),
    imageTargets: targets.filter((t) => t.info.images).map((t) => t.id),
  };
}

export function hasImages(request: ModelRequest): boolean {
  return request.messages.some((m) => m.content.some((p) => p.type === 'image'));
}
