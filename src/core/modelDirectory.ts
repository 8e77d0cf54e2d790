import { findModel } from './catalog';
import { type ModelInfo, modelInfo } from './models';

/**
 * What the router knows about the models its targets name: the built-in catalog, plus
 * what discovery learned from an account (application inference profiles and the model
 * or system profile each copies, image input of models the catalog lacks).
 */
export interface ModelLookup {
  /** Limits, capabilities and prices of a model id, inference profile id or ARN. */
  info(model: string): ModelInfo;
  /** The model id or system inference profile id an identifier stands for (application profile ARNs → what they copy, when known). */
  resolve(model: string): string;
  /** For application inference profile ARNs: the Regions it may be processed in, when discovery said. */
  regionsOf(model: string): readonly string[] | undefined;
  /** Bumped whenever what the lookup knows changes, so callers can drop cached answers. */
  readonly version: number;
}

export interface ApplicationProfileFacts {
  /** Model id or system inference profile id (or their ARN) the profile copies. */
  source: string;
  /** Regions its models live in (the ARNs of its `models`). */
  regions?: readonly string[];
}

const FOUNDATION_ARN = /^arn:aws(?:-[a-z]+)*:bedrock:[a-z0-9-]*:\d*:(?:foundation-model|inference-profile)\/(.+)$/;

/** `arn:...:foundation-model/x` and `arn:...:inference-profile/x` → `x`; anything else as it is. */
export function unwrapArn(model: string): string {
  return FOUNDATION_ARN.exec(model)?.[1] ?? model;
}

export function isApplicationProfileArn(model: string): boolean {
  return /^arn:aws(?:-[a-z]+)*:bedrock:[a-z0-9-]+:\d{12}:application-inference-profile\/[A-Za-z0-9]+$/.test(model);
}

export class ModelDirectory implements ModelLookup {
  private readonly applicationProfiles = new Map<string, ApplicationProfileFacts>();
  private readonly imageInput = new Map<string, boolean>();
  private changes = 0;

  get version(): number {
    return this.changes;
  }

  /** Records what an application inference profile copies (from discovery or settings). */
  addApplicationProfile(arn: string, facts: ApplicationProfileFacts): void {
    this.applicationProfiles.set(arn, { source: facts.source, regions: facts.regions ? [...facts.regions] : undefined });
    this.changes++;
  }

  /** Records whether a model the catalog may not know takes images (discovery's `inputModalities`). */
  addModel(id: string, facts: { images: boolean }): void {
    this.imageInput.set(id, facts.images);
    this.changes++;
  }

  resolve(model: string): string {
    let id = model;
    for (let hops = 0; hops < 4; hops++) {
      const app = this.applicationProfiles.get(id);
      if (!app) break;
      id = app.source;
    }
    return unwrapArn(id);
  }

  regionsOf(model: string): readonly string[] | undefined {
    return this.applicationProfiles.get(model)?.regions;
  }

  info(model: string): ModelInfo {
    const resolved = this.resolve(model);
    const info = modelInfo(resolved);
    const images = this.imageInput.get(info.id);
    // The catalog's entry wins; discovery fills in models it does not know.
    return images !== undefined && !findModel(info.id) ? { ...info, images } : info;
  }
}

/** The built-in catalog alone. */
export const BUILT_IN_MODELS: ModelLookup = new ModelDirectory();
