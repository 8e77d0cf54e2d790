/** Shared setup for the simulator's integration tests: a simulator, AWS files in a temp dir, SDK clients. */
import { Sha256 } from '@aws-crypto/sha256-js';
import { BedrockRuntimeClient, ConverseCommand, type ConverseCommandOutput, type Message } from '@aws-sdk/client-bedrock-runtime';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { fromIni } from '@aws-sdk/credential-provider-ini';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type SimAccount, type Simulator, type SimulatorOptions } from '../../../src/simulator';

export interface TestSim {
  sim: Simulator;
  dir: string;
  credentialsFile: string;
  configFile: string;
  /** A Bedrock Runtime client for a profile, with real `fromIni` credentials and `maxAttempts: 1`. */
  bedrock(profile?: string, region?: string): BedrockRuntimeClient;
  logs(profile?: string, region?: string): CloudWatchLogsClient;
  account(profile: string): SimAccount;
  close(): Promise<void>;
}

export async function startTestSim(options: SimulatorOptions = {}): Promise<TestSim> {
  const sim = await startSimulator({ timeScale: 1000, ...options });
  const dir = await mkdtemp(join(tmpdir(), 'rllm-simtest-'));
  const { credentialsFile, configFile } = await sim.writeAwsFiles(dir);
  const clients: Array<{ destroy(): void }> = [];
  const credentials = (profile: string) => fromIni({ profile, filepath: credentialsFile, configFilepath: configFile, ignoreCache: true });
  return {
    sim,
    dir,
    credentialsFile,
    configFile,
    bedrock(profile = 'shard-a', region = 'us-east-1') {
      const c = new BedrockRuntimeClient({ region, endpoint: sim.endpoint, maxAttempts: 1, credentials: credentials(profile) });
      clients.push(c);
      return c;
    },
    logs(profile = 'shard-a', region = 'us-east-1') {
      const c = new CloudWatchLogsClient({ region, endpoint: sim.endpoint, maxAttempts: 1, credentials: credentials(profile) });
      clients.push(c);
      return c;
    },
    account(profile) {
      const a = sim.accounts().find((x) => x.profile === profile);
      assert.ok(a, `no account ${profile}`);
      return a;
    },
    async close() {
      for (const c of clients) c.destroy();
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function userMessage(text: string): Message[] {
  return [{ role: 'user', content: [{ text }] }];
}

export function converse(client: BedrockRuntimeClient, modelId: string, text: string, maxTokens?: number): Promise<ConverseCommandOutput> {
  return client.send(new ConverseCommand({ modelId, messages: userMessage(text), inferenceConfig: maxTokens ? { maxTokens } : undefined }));
}

export function textOf(out: ConverseCommandOutput): string {
  return (out.output?.message?.content ?? []).map((c) => c.text ?? '').join('');
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof Error, `not an Error: ${String(err)}`);
    return err;
  }
  assert.fail('expected the call to fail');
}

/** Waits (a bounded number of event-loop turns) until `condition` holds. */
export async function waitFor(condition: () => boolean, turns = 500): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  assert.fail('condition not reached');
}

export function countBy<T>(items: readonly T[], key: (t: T) => string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) {
    const k = key(i);
    if (k !== undefined) out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

export interface RawResponse {
  status: number;
  errorType: string | null;
  body: string;
}

/** A SigV4-signed HTTP/1.1 request with any body and content type (for malformed-input tests). */
export async function signedFetch(sim: Simulator, account: SimAccount, path: string, body: string | Uint8Array, contentType = 'application/json', region = 'us-east-1'): Promise<RawResponse> {
  const url = new URL(path, sim.endpoint);
  const signer = new SignatureV4({ credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey }, region, service: 'bedrock', sha256: Sha256 });
  const request = new HttpRequest({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { host: url.host, 'content-type': contentType }, body });
  const signed = await signer.sign(request);
  const res = await fetch(url, { method: 'POST', headers: signed.headers, body });
  return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), body: await res.text() };
}
