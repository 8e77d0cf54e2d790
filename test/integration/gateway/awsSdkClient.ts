/**
 * A user's own AWS SDK script, unmodified: it names a Region and a model and nothing else.
 * Run as a child process whose environment holds only AWS_ENDPOINT_URL_BEDROCK_RUNTIME and
 * AWS_BEARER_TOKEN_BEDROCK (and PATH, and an empty HOME): prints what it streamed, as JSON.
 */
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';

async function main(): Promise<void> {
  const [modelId = '', prompt = ''] = process.argv.slice(2);
  const client = new BedrockRuntimeClient({ region: 'us-east-1' });
  const out = await client.send(new ConverseStreamCommand({ modelId, messages: [{ role: 'user', content: [{ text: prompt }] }], inferenceConfig: { maxTokens: 300 } }));
  let text = '';
  let deltas = 0;
  let stopReason: string | undefined;
  let usage: unknown;
  for await (const e of out.stream ?? []) {
    if (e.contentBlockDelta?.delta?.text !== undefined) {
      text += e.contentBlockDelta.delta.text;
      deltas++;
    }
    if (e.messageStop) stopReason = e.messageStop.stopReason;
    if (e.metadata) usage = e.metadata.usage;
  }
  client.destroy();
  process.stdout.write(JSON.stringify({ text, deltas, stopReason, usage }));
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).name}: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
