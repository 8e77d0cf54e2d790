import * as vscode from 'vscode';
import { RouterError, estimateInputTokens, estimateTextTokens } from '../../router';
import { abortSignalFor } from '../cancellation';
import { type Services } from '../services';
import { type SettingsWatcher } from '../settings';
import { toChatMessage, toModelRequest } from './messages';
import { LM_VENDOR, type RouteModel, routeModels } from './routeModels';

export { LM_VENDOR };

/**
 * The routes as language models for any chat or agent in VS Code. Requests go through the
 * same router as `@bedrock` (same limits, tenant and records). Token counts are local
 * estimates. Never prompts: there is nothing to sign in to here (credentials errors name
 * the command that fixes them).
 */
export class RouteModelProvider implements vscode.LanguageModelChatProvider<RouteModel>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.changeEmitter.event;
  private published = '';
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly services: Services,
    private readonly settings: SettingsWatcher,
  ) {
    this.published = this.fingerprint();
    this.subscription = settings.onDidChange(() => {
      const next = this.fingerprint();
      if (next !== this.published) {
        this.published = next;
        this.changeEmitter.fire();
      }
    });
  }

  private fingerprint(): string {
    const config = this.settings.state.config;
    return config ? JSON.stringify(routeModels(config, this.services.models)) : '';
  }

  provideLanguageModelChatInformation(_options: vscode.PrepareLanguageModelChatModelOptions, _token: vscode.CancellationToken): RouteModel[] {
    const config = this.settings.state.config;
    return config ? routeModels(config, this.services.models) : [];
  }

  async provideLanguageModelChatResponse(model: RouteModel, messages: readonly vscode.LanguageModelChatRequestMessage[], options: vscode.ProvideLanguageModelChatResponseOptions, progress: vscode.Progress<vscode.LanguageModelResponsePart>, token: vscode.CancellationToken): Promise<void> {
    const abort = abortSignalFor(token);
    try {
      const router = this.services.getRouter();
      const route = router.configuration.routes.get(model.id);
      if (!route) throw new RouterError('config', `The route "${model.id}" no longer exists; pick another model. Routes: ${[...router.configuration.routes.keys()].join(', ')}.`);
      const request = toModelRequest(messages, options);
      for await (const e of router.stream({ route: model.id, tenant: this.services.tenant(), request, signal: abort.signal })) {
        if (e.type === 'text') progress.report(new vscode.LanguageModelTextPart(e.text));
        else if (e.type === 'toolUse') progress.report(new vscode.LanguageModelToolCallPart(e.toolUseId, e.name, (e.input ?? {}) as object));
        // Reasoning is not reported: the stable API (engines ^1.104) has no thinking part
        // (LanguageModelThinkingPart is still a proposal), and as text it would read as the answer.
      }
    } catch (err) {
      if (RouterError.isInstance(err) && err.kind === 'cancelled') throw new vscode.CancellationError();
      throw err instanceof Error ? err : new Error(String(err));
    } finally {
      abort.dispose();
    }
  }

  async provideTokenCount(_model: RouteModel, text: string | vscode.LanguageModelChatRequestMessage, _token: vscode.CancellationToken): Promise<number> {
    if (typeof text === 'string') return estimateTextTokens(text);
    const message = toChatMessage(text);
    return estimateInputTokens({ messages: [{ role: message.role, content: message.content }] });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}

export function registerLanguageModelProvider(context: vscode.ExtensionContext, services: Services, settings: SettingsWatcher): RouteModelProvider {
  const provider = new RouteModelProvider(services, settings);
  context.subscriptions.push(provider, vscode.lm.registerLanguageModelChatProvider(LM_VENDOR, provider));
  // The workbench lists a vendor's models only once something asks for them (Copilot does, for every vendor); without Copilot nothing would.
  void vscode.lm.selectChatModels({ vendor: LM_VENDOR });
  return provider;
}
