import { type ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { ProviderError } from '../errors';
import { type StreamEvent } from '../types';

/**
 * Turns ConverseStream output into router stream events: text and reasoning deltas
 * pass through; tool-use input arrives as JSON fragments and is emitted whole at the
 * block's end; exception members become ProviderErrors.
 */
export class StreamAssembler {
  private readonly tools = new Map<number, { toolUseId: string; name: string; json: string }>();

  *map(event: ConverseStreamOutput): Generator<StreamEvent> {
    if (event.contentBlockStart?.start?.toolUse) {
      const t = event.contentBlockStart.start.toolUse;
      this.tools.set(event.contentBlockStart.contentBlockIndex ?? 0, { toolUseId: t.toolUseId ?? '', name: t.name ?? '', json: '' });
    } else if (event.contentBlockDelta) {
      const { delta, contentBlockIndex = 0 } = event.contentBlockDelta;
      if (delta?.text !== undefined) yield { type: 'text', text: delta.text };
      else if (delta?.reasoningContent?.text !== undefined) yield { type: 'reasoning', text: delta.reasoningContent.text };
      else if (delta?.reasoningContent?.signature !== undefined) yield { type: 'reasoning', text: '', signature: delta.reasoningContent.signature };
      else if (delta?.toolUse?.input !== undefined) {
        const t = this.tools.get(contentBlockIndex);
        if (t) t.json += delta.toolUse.input;
      }
    } else if (event.contentBlockStop) {
      const index = event.contentBlockStop.contentBlockIndex ?? 0;
      const t = this.tools.get(index);
      if (t) {
        this.tools.delete(index);
        let input: unknown;
        try {
          input = t.json ? JSON.parse(t.json) : {};
        } catch {
          throw new ProviderError('stream-error', `The model sent tool input for ${t.name} that is not valid JSON.`);
        }
        yield { type: 'toolUse', toolUseId: t.toolUseId, name: t.name, input };
      }
    } else if (event.messageStop) {
      yield { type: 'stop', stopReason: event.messageStop.stopReason ?? 'end_turn' };
    } else if (event.metadata) {
      const u = event.metadata.usage;
      yield {
        type: 'usage',
        usage: {
          inputTokens: u?.inputTokens ?? 0,
          outputTokens: u?.outputTokens ?? 0,
          totalTokens: u?.totalTokens ?? (u?.inputTokens ?? 0) + (u?.outputTokens ?? 0),
          cacheReadInputTokens: u?.cacheReadInputTokens,
          cacheWriteInputTokens: u?.cacheWriteInputTokens,
        },
        latencyMs: event.metadata.metrics?.latencyMs,
      };
    } else {
      const exception = event.throttlingException ?? event.serviceUnavailableException ?? event.internalServerException ?? event.modelStreamErrorException ?? event.validationException;
      if (exception) throw exception;
    }
  }
}
