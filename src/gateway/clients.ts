/** Which tool sent a request, from its User-Agent, as people know it. */

const KNOWN: Array<[RegExp, string]> = [
  [/^claude-cli\/(\S+)/i, 'Claude Code'],
  [/^AnthropicBedrock\/JS (\S+)/i, 'Anthropic Bedrock SDK'],
  [/^Anthropic\/JS (\S+)/i, 'Anthropic SDK'],
  [/^OpenAI\/JS (\S+)/i, 'OpenAI SDK'],
  [/^OpenAI\/Python (\S+)/i, 'OpenAI Python SDK'],
  [/\baws-sdk-js\/(\S+)/i, 'AWS SDK for JavaScript'],
  [/\bBoto3\/(\S+)/i, 'boto3'],
  [/\baws-cli\/(\S+)/i, 'AWS CLI'],
  [/^curl\/(\S+)/i, 'curl'],
];

/** "Claude Code 2.1.197", "AWS SDK for JavaScript 3.1164.0", or the user agent's first product token. */
export function clientName(userAgent: string | undefined): string {
  const ua = (userAgent ?? '').trim();
  if (ua === '') return 'unknown client';
  for (const [re, name] of KNOWN) {
    const m = re.exec(ua);
    if (m) return `${name} ${m[1]}`;
  }
  // Printable ASCII only, short: it is shown in the dashboard and logs.
  return (ua.split(/\s+/)[0] ?? ua).replace(/[^\x20-\x7e]/g, '').slice(0, 60) || 'unknown client';
}
