import { ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { ProviderError } from '../errors';
import { type Endpoint, type ModelProvider, type ModelRequest, type ModelResponse, type StreamEvent, type StreamHooks } from '../types';
import { classifyError } from './classify';
import { ClientPool, type ClientPoolOptions } from './clientPool';
import { StreamAssembler } from './fromStream';
import { toConverseInput } from './toConverse';

/** Calls Amazon Bedrock (or the simulator) through the real AWS SDK. */
export class BedrockProvider implements ModelProvider {
  readonly pool: ClientPool;

  constructor(options: ClientPoolOptions = {}) {
    this.pool = new ClientPool(options);
  }

  async *stream(endpoint: Endpoint, request: ModelRequest, signal: AbortSignal, hooks?: StreamHooks): AsyncGenerator<StreamEvent> {
    const client = this.pool.get(endpoint.profile, endpoint.region, endpoint.auth);
    const assembler = new StreamAssembler();
    try {
      const response = await client.send(new ConverseStreamCommand(toConverseInput(endpoint.model, request)), { abortSignal: signal });
      hooks?.onAccepted?.();
      let stopped = false;
      for await (const event of response.stream ?? []) {
        if (event.messageStop) stopped = true;
        yield* assembler.map(event);
      }
      // Bedrock always ends an answer with messageStop. A stream that just ends (the
      // connection closed mid-answer) is a truncated answer, not a complete one.
      if (!stopped) {
        throw new ProviderError('stream-error', `The answer from Bedrock ended before it was complete (profile ${endpoint.profile}, ${endpoint.region}, ${endpoint.model}): the connection closed mid-stream.`, { profile: endpoint.profile, region: endpoint.region, model: endpoint.model });
      }
    } catch (err) {
      throw classifyError(err, endpoint, signal, this.pool.sources.secrets);
    }
  }

  /** One non-streaming Converse call. */
  async converse(endpoint: Endpoint, request: ModelRequest, signal?: AbortSignal): Promise<ModelResponse> {
    const client = this.pool.get(endpoint.profile, endpoint.region, endpoint.auth);
    try {
      const r = await client.send(new ConverseCommand(toConverseInput(endpoint.model, request)), { abortSignal: signal });
      const content = r.output?.message?.content ?? [];
      return {
        text: content.map((c) => c.text ?? '').join(''),
        reasoning: content.map((c) => c.reasoningContent?.reasoningText?.text ?? '').join('') || undefined,
        toolUses: content.flatMap((c) => (c.toolUse ? [{ toolUseId: c.toolUse.toolUseId ?? '', name: c.toolUse.name ?? '', input: c.toolUse.input }] : [])),
        stopReason: r.stopReason ?? 'end_turn',
        usage: {
          inputTokens: r.usage?.inputTokens ?? 0,
          outputTokens: r.usage?.outputTokens ?? 0,
          totalTokens: r.usage?.totalTokens ?? 0,
          cacheReadInputTokens: r.usage?.cacheReadInputTokens,
          cacheWriteInputTokens: r.usage?.cacheWriteInputTokens,
        },
        latencyMs: r.metrics?.latencyMs,
      };
    } catch (err) {
      throw classifyError(err, endpoint, signal, this.pool.sources.secrets);
    }
  }

  /** Call when stored secrets (API keys, access keys) change, so the next request reads them: one account's, or all. */
  secretsChanged(account?: string): void {
    this.pool.secretsChanged(account);
  }

  dispose(): void {
    this.pool.dispose();
  }
}
