import { type ContentBlock, type ConverseStreamCommandInput, type Message, type Tool } from '@aws-sdk/client-bedrock-runtime';
import { type ContentPart, type ModelRequest } from '../types';

function toBlock(part: ContentPart): ContentBlock {
  switch (part.type) {
    case 'text':
      return { text: part.text };
    case 'image':
      return { image: { format: part.format, source: { bytes: part.bytes } } };
    case 'toolUse':
      return { toolUse: { toolUseId: part.toolUseId, name: part.name, input: part.input as never } };
    case 'toolResult':
      return { toolResult: { toolUseId: part.toolUseId, status: part.status, content: part.content.map((c) => ('text' in c ? { text: c.text } : { json: c.json as never })) } };
    case 'reasoning':
      return { reasoningContent: { reasoningText: { text: part.text, signature: part.signature } } };
    case 'cachePoint':
      return { cachePoint: { type: 'default' } };
  }
}

/** Maps a router request to a Converse / ConverseStream input for one model. */
export function toConverseInput(modelId: string, r: ModelRequest): ConverseStreamCommandInput {
  const messages: Message[] = r.messages.map((m) => ({ role: m.role, content: m.content.map(toBlock) }));
  const input: ConverseStreamCommandInput = { modelId, messages };
  if (r.system?.length) {
    input.system = r.system.map((text) => ({ text }));
    if (r.systemCachePoint) input.system.push({ cachePoint: { type: 'default' } });
  }
  const inference: NonNullable<ConverseStreamCommandInput['inferenceConfig']> = {};
  if (r.maxTokens !== undefined) inference.maxTokens = r.maxTokens;
  if (r.temperature !== undefined && r.reasoningBudgetTokens === undefined) inference.temperature = r.temperature;
  if (r.topP !== undefined) inference.topP = r.topP;
  if (r.stopSequences?.length) inference.stopSequences = r.stopSequences;
  if (Object.keys(inference).length) input.inferenceConfig = inference;
  if (r.tools?.length) {
    const tools: Tool[] = r.tools.map((t) => ({ toolSpec: { name: t.name, description: t.description, inputSchema: { json: t.inputSchema as never } } }));
    const choice = r.toolChoice;
    input.toolConfig = {
      tools,
      toolChoice: choice === undefined || choice === 'auto' ? undefined : choice === 'any' ? { any: {} } : { tool: { name: choice.name } },
    };
  }
  // Converse / ConverseStream `serviceTier: { type }` (API reference: ServiceTier; user guide: service-tiers-inference.html).
  if (r.serviceTier !== undefined) input.serviceTier = { type: r.serviceTier };
  if (r.reasoningBudgetTokens !== undefined) {
    input.additionalModelRequestFields = { thinking: { type: 'enabled', budget_tokens: r.reasoningBudgetTokens } } as never;
  }
  return input;
}
