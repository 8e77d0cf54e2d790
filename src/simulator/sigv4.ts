/**
 * SigV4 authentication: parse the Authorization header, find the account by its
 * access key id, re-sign the request with exactly the headers it says it signed,
 * and compare. The account and the source Region come from the credential scope.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { timingSafeEqual, createHash } from 'node:crypto';
import { isKnownRegion } from './catalog';
import type { SigningKey } from './credentials';
import { MESSAGES, SimError } from './errors';
import type { SimAccount } from './types';

export interface AuthResult {
  account: SimAccount;
  region: string;
  service: string;
}

export interface SignedRequest {
  method: string;
  path: string;
  query: string;
  headers: Readonly<Record<string, string>>;
  body: Uint8Array;
}

const AUTH = /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})\s*$/;

function parseQuery(query: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(query)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

function parseAmzDate(value: string | undefined): Date | undefined {
  const m = value ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value) : null;
  if (!m) return undefined;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

async function signature(request: SignedRequest, key: { accessKeyId: string; secretAccessKey: string }, region: string, service: string, signed: string[], date: Date, uriEscapePath: boolean): Promise<string> {
  const headers: Record<string, string> = {};
  for (const name of signed) headers[name] = request.headers[name] ?? '';
  const signer = new SignatureV4({
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
    region,
    service,
    sha256: Sha256,
    applyChecksum: false,
    uriEscapePath,
  });
  const httpRequest = new HttpRequest({ method: request.method, protocol: 'http:', hostname: headers.host ?? 'localhost', path: request.path, query: parseQuery(request.query), headers, body: request.body });
  const result = await signer.sign(httpRequest, { signingDate: date, signableHeaders: new Set(signed) });
  const auth = String(result.headers.authorization ?? result.headers.Authorization ?? '');
  return /Signature=([0-9a-f]{64})/.exec(auth)?.[1] ?? '';
}

function same(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export interface SigningKeys {
  signingKey(accessKeyId: string): SigningKey | undefined;
}

export async function authenticate(request: SignedRequest, keys: SigningKeys): Promise<AuthResult> {
  const header = request.headers.authorization;
  if (!header) throw new SimError('MissingAuthenticationTokenException', MESSAGES.missingAuth);
  const m = AUTH.exec(header);
  if (!m) throw new SimError('IncompleteSignatureException', `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.`);
  const [, accessKeyId = '', shortDate = '', region = '', service = '', signedList = '', given = ''] = m;
  const key = keys.signingKey(accessKeyId);
  if (!key) throw new SimError('UnrecognizedClientException', MESSAGES.unrecognizedClient);
  const { account } = key;
  if (account.expired) throw new SimError('ExpiredTokenException', MESSAGES.expiredToken);
  // Temporary credentials need their own session token. (A long-term key's session token is not checked.)
  if (key.sessionToken !== undefined && request.headers['x-amz-security-token'] !== key.sessionToken) throw new SimError('UnrecognizedClientException', MESSAGES.unrecognizedClient);
  if (!isKnownRegion(region)) throw new SimError('InvalidSignatureException', `Credential should be scoped to a valid region.`);
  const date = parseAmzDate(request.headers['x-amz-date']);
  if (!date || date.toISOString().slice(0, 10).replace(/-/g, '') !== shortDate) {
    throw new SimError('InvalidSignatureException', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${shortDate}' != '${request.headers['x-amz-date'] ?? ''}'.`);
  }
  const claimedHash = request.headers['x-amz-content-sha256'];
  if (claimedHash && claimedHash !== 'UNSIGNED-PAYLOAD' && claimedHash !== createHash('sha256').update(request.body).digest('hex')) {
    throw new SimError('InvalidSignatureException', 'The provided x-amz-content-sha256 header does not match what was computed.');
  }
  const signed = signedList.split(";");
  // SDKs escape the canonical path once more (uriEscapePath); some tools do not. Accept either.
  for (const escape of [true, false]) {
    if (same(await signature(request, { accessKeyId, secretAccessKey: key.secretAccessKey }, region, service, signed, date, escape), given)) return { account, region, service };
  }
  throw new SimError('InvalidSignatureException', MESSAGES.invalidSignature);
}
