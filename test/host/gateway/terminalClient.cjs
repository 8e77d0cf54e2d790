// Run by the host test inside a VS Code integrated terminal: the published `openai` client,
// configured by nothing but the terminal's environment, streams a chat completion through the
// gateway, then writes what it saw (and which gateway variables the terminal had) to argv[2].
const fs = require('node:fs');
const path = require('node:path');
const OpenAI = require(path.join(__dirname, '../../../node_modules/openai'));

const NAMES = ['AWS_ENDPOINT_URL_BEDROCK_RUNTIME', 'AWS_BEARER_TOKEN_BEDROCK', 'CLAUDE_CODE_USE_BEDROCK', 'ANTHROPIC_BEDROCK_BASE_URL', 'ANTHROPIC_MODEL', 'OPENAI_BASE_URL', 'OPENAI_API_KEY'];

async function main() {
  const out = process.argv[2];
  const present = NAMES.filter((n) => Boolean(process.env[n]));
  try {
    const client = new (OpenAI.default ?? OpenAI)({ maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: process.env.ANTHROPIC_MODEL, messages: [{ role: 'user', content: 'Hello from the integrated terminal' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    fs.writeFileSync(out, JSON.stringify({ present, baseUrl: process.env.OPENAI_BASE_URL, text }));
  } catch (err) {
    fs.writeFileSync(out, JSON.stringify({ present, error: String(err && err.message ? err.message : err) }));
  }
}
main();
