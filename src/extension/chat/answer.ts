import type * as vscode from 'vscode';
import type { ModelRequest } from '../../providers/types';
import { type AuthType, type ResolvedConfig, describeService } from '../../router';
import { abortSignalFor } from '../cancellation';
import { normalizeConversation } from '../conversation';
import { LM_VENDOR } from '../lm/provider';
import { type Services } from '../services';
import { chatErrorResult } from './errors';
import { type TurnMetadata, historyMessages } from './history';
import { userContent } from './references';
import { ThinkingBlock } from './thinking';

const SYSTEM_PROMPT = 'You are a helpful assistant for software developers, answering in the Visual Studio Code chat view. Answer concisely in Markdown.';

/** How an account authenticates: the `auth` of its targets (one per account). */
function accountAuth(services: Services, profile: string): AuthType | undefined {
  for (const t of services.currentConfig()?.targets.values() ?? []) if (t.profile === profile) return t.auth?.type ?? 'profile';
  return undefined;
}

/** The route `@bedrock` answers with: the selected model when it is one of our routes, else the default route. */
export function routeFor(model: vscode.LanguageModelChat | undefined, config: ResolvedConfig): string {
  if (model && model.vendor === LM_VENDOR && config.routes.has(model.id)) return model.id;
  return config.defaultRoute;
}

/** The served-by line that ends every answer: model, profile and Region, attempts and fallbacks. */
export function servedByLine(service: string): string {
  return `\n\n---\n*Served by ${service}*`;
}

/**
 * Answers a question through the router, streaming: router progress ("sonnet-a was throttled;
 * trying sonnet-b") as chat progress, extended thinking as a quoted "Thinking" block before
 * the answer, the text as markdown, and the served-by line at the end. Cancelling the turn
 * aborts the Bedrock call; the router settles its quota.
 */
export async function answer(request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken, services: Services): Promise<vscode.ChatResult> {
  const meta: TurnMetadata = {};
  if (!request.prompt.trim()) {
    stream.markdown('Ask a question and it goes to Amazon Bedrock through the resilient router. Or try `/demo fallback`, `/status` or `/routes`.');
    return { metadata: meta };
  }
  const abort = abortSignalFor(token);
  try {
    const router = services.getRouter();
    const route = routeFor(request.model, router.configuration);
    meta.route = route;
    const modelRequest: ModelRequest = {
      system: [SYSTEM_PROMPT],
      messages: normalizeConversation([...historyMessages(context.history), { role: 'user', content: await userContent(request) }]),
    };
    let text = '';
    const thinking = new ThinkingBlock(stream);
    for await (const e of router.stream({ route, tenant: services.tenant(), request: modelRequest, signal: abort.signal })) {
      if (e.type === 'progress') stream.progress(e.message);
      else if (e.type === 'reasoning') thinking.add(e.text, e.signature);
      else if (e.type === 'text') {
        thinking.close();
        text += e.text;
        stream.markdown(e.text);
      } else if (e.type === 'record') {
        thinking.close();
        stream.markdown(servedByLine(describeService(e.record)));
      }
    }
    const reasoning = thinking.signedBlocks();
    return { metadata: { ...meta, answer: text, ...(reasoning.length > 0 ? { reasoning } : {}) } };
  } catch (err) {
    return chatErrorResult(err, stream, meta, (profile) => accountAuth(services, profile));
  } finally {
    abort.dispose();
  }
}
