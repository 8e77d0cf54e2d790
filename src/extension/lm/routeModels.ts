/**
 * The routes as entries of the chat model picker. No `vscode` import (the unit tests check
 * the names and their order); the types are structural copies of what VS Code reads.
 */
import { type ModelLookup } from '../../core/modelDirectory';
import { type ModelInfo } from '../../core/models';
import { DEFAULT_MAX_TOKENS, type ResolvedConfig, type RouteConfig, routeCapabilities } from '../../router';

/** The vendor in package.json's `languageModelChatProviders`. */
export const LM_VENDOR = 'resilient-llm';

/** `vscode.LanguageModelChatInformation` plus `isUserSelectable`, which puts the model in the chat model picker (VS Code reads it; the stable typings lack it). */
export interface RouteModel {
  readonly id: string;
  readonly name: string;
  readonly family: string;
  readonly version: string;
  readonly detail?: string;
  readonly tooltip?: string;
  readonly maxInputTokens: number;
  readonly maxOutputTokens: number;
  readonly capabilities: { readonly toolCalling?: boolean; readonly imageInput?: boolean };
  readonly isUserSelectable: boolean;
}

/**
 * The name shown in the model picker. VS Code lists a vendor's models sorted by name and, with
 * nothing remembered and no default declared (declaring one needs a proposed API), preselects
 * the first: so the default route's name sorts before every other route's ("Bedrock default:"
 * before "Bedrock:", a space sorting before a colon), and a new user gets the default route.
 */
export function routeModelName(route: string, isDefault: boolean): string {
  return isDefault ? `Bedrock default: ${route} (resilient)` : `Bedrock: ${route} (resilient)`;
}

function firstModel(route: RouteConfig, config: ResolvedConfig, models: ModelLookup): { info: ModelInfo; contextWindow: number; maxOutputTokens: number } {
  const target = config.targets.get(route.targets[0]!)!;
  const info = models.info(target.model);
  return { info, contextWindow: target.contextWindow ?? info.contextWindow, maxOutputTokens: target.maxOutputTokens ?? info.maxOutputTokens };
}

/**
 * One model per route: "Bedrock: haiku (resilient)" ("Bedrock default: sonnet (resilient)" for
 * the default route), with the limits of the route's first target's model, and the capabilities
 * of its whole chain: image input when any target the route may send to takes images (requests
 * with images go to those), tool calling when all do.
 */
export function routeModels(config: ResolvedConfig, models: ModelLookup): RouteModel[] {
  return [...config.routes.values()].map((route) => {
    const { info, contextWindow, maxOutputTokens } = firstModel(route, config, models);
    const capabilities = routeCapabilities(config, route.name, models);
    const fallbacks = route.fallbacks.length > 0 ? `, falls back to ${route.fallbacks.join(', ')}` : '';
    const isDefault = route.name === config.defaultRoute;
    return {
      id: route.name,
      name: routeModelName(route.name, isDefault),
      family: info.id,
      version: '1',
      detail: `${route.targets.length} target${route.targets.length === 1 ? '' : 's'}${fallbacks}${isDefault ? ' · the default route' : ''}`,
      tooltip: route.description ?? `${info.name} through the resilient router: ${route.strategy} over ${route.targets.join(', ')}${fallbacks}.`,
      maxInputTokens: Math.max(1, contextWindow - Math.min(maxOutputTokens, route.maxTokens ?? DEFAULT_MAX_TOKENS)),
      maxOutputTokens,
      capabilities: { toolCalling: capabilities.tools, imageInput: capabilities.images },
      isUserSelectable: true,
    };
  });
}
