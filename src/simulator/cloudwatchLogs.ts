/**
 * CloudWatch Logs (awsJson1_1): `StartQuery` and `GetQueryResults` over the
 * invocation log, as model invocation logging would deliver it. A caller sees the
 * successful invocations of its own account sent to the Region it signed for,
 * within the query's time range (simulator clock time). Any log group name is
 * accepted: they all view the same invocation log.
 */
import { awsJsonBody } from './awsJsonBody';
import { randomUUID } from 'node:crypto';
import { SimError } from './errors';
import type { Exchange } from './exchange';
import { parseQuery, runQuery, type LogFields, type ResultRow } from './logsQuery';
import type { AuthResult } from './sigv4';
import type { SimState } from './state';
import type { InvocationRecord } from './types';

export const LOGS_TARGET_PREFIX = 'Logs_20140328.';
const MAX_STORED_QUERIES = 200;

interface StoredQuery {
  accountId: string;
  rows: ResultRow[];
  matched: number;
  scanned: number;
  bytes: number;
}

const queries = new WeakMap<SimState, Map<string, StoredQuery>>();

function store(state: SimState): Map<string, StoredQuery> {
  let map = queries.get(state);
  if (!map) queries.set(state, (map = new Map()));
  return map;
}

/** The record as a model invocation log event, plus its flattened fields. */
export function logEvent(r: InvocationRecord): { message: string; fields: LogFields } {
  const event = {
    schemaType: 'ModelInvocationLog',
    schemaVersion: '1.0',
    timestamp: new Date(r.time).toISOString(),
    accountId: r.accountId,
    // A background caller is another application in the account: its own role, not the profile's user.
    identity: { arn: r.caller ? `arn:aws:iam::${r.accountId}:role/${r.caller.replace(/^background:/, '')}` : `arn:aws:iam::${r.accountId}:user/${r.profile}` },
    region: r.sourceRegion,
    requestId: r.requestId,
    operation: r.operation,
    modelId: r.modelId,
    inferenceRegion: r.inferenceRegion,
    input: { inputContentType: 'application/json', inputTokenCount: r.inputTokens },
    output: { outputContentType: 'application/json', outputTokenCount: r.outputTokens },
  };
  const message = JSON.stringify(event);
  const fields: Record<string, string | number | undefined> = {
    '@timestamp': new Date(r.time).toISOString().replace('T', ' ').replace('Z', ''),
    '@message': message,
    '@logStream': 'aws/bedrock/modelinvocations',
  };
  const flatten = (prefix: string, value: unknown) => {
    if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) flatten(prefix ? `${prefix}.${k}` : k, v);
    else if (value !== undefined) fields[prefix] = value as string | number;
  };
  flatten('', event);
  return { message, fields };
}

function param(body: Record<string, unknown>, name: string): unknown {
  const value = body[name];
  if (value === undefined || value === null) throw new SimError('InvalidParameterException', `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`);
  return value;
}

function startQuery(state: SimState, auth: AuthResult, body: Record<string, unknown>): unknown {
  const queryString = String(param(body, 'queryString'));
  const startTime = Number(param(body, 'startTime'));
  const endTime = Number(param(body, 'endTime'));
  if (!Number.isFinite(startTime) || !Number.isFinite(endTime) || endTime < startTime) throw new SimError('InvalidParameterException', 'endTime must be greater than or equal to startTime.');
  const groups = body.logGroupName ?? body.logGroupNames ?? body.logGroupIdentifiers;
  if (groups === undefined || (Array.isArray(groups) && groups.length === 0)) throw new SimError('InvalidParameterException', 'Specify at least one log group name or identifier.');
  const commands = parseQuery(queryString);
  const from = startTime * 1000;
  const to = endTime * 1000 + 999;
  const events = state.log
    .records()
    .filter((r) => r.outcome === 'success' && r.accountId === auth.account.accountId && r.sourceRegion === auth.region && r.time >= from && r.time <= to)
    .map(logEvent);
  const limit = typeof body.limit === 'number' ? body.limit : 10_000;
  const { rows, matched } = runQuery(commands, events.map((e) => e.fields), ['@timestamp', '@message']);
  const queryId = randomUUID();
  const map = store(state);
  map.set(queryId, { accountId: auth.account.accountId, rows: rows.slice(0, limit), matched, scanned: events.length, bytes: events.reduce((n, e) => n + e.message.length, 0) });
  while (map.size > MAX_STORED_QUERIES) map.delete(map.keys().next().value as string);
  return { queryId };
}

function getQueryResults(state: SimState, auth: AuthResult, body: Record<string, unknown>): unknown {
  const queryId = String(param(body, 'queryId'));
  const q = store(state).get(queryId);
  if (!q || q.accountId !== auth.account.accountId) throw new SimError('ResourceNotFoundException', `Query ${queryId} does not exist.`, 400);
  return { status: 'Complete', results: q.rows, statistics: { recordsMatched: q.matched, recordsScanned: q.scanned, bytesScanned: q.bytes } };
}

export async function handleLogs(state: SimState, exchange: Exchange, auth: AuthResult, operation: string, raw: Uint8Array): Promise<void> {
  const input = awsJsonBody(raw);
  let result: unknown;
  if (operation === 'StartQuery') result = startQuery(state, auth, input);
  else if (operation === 'GetQueryResults') result = getQueryResults(state, auth, input);
  else throw new SimError('UnknownOperationException', `The simulator does not implement CloudWatch Logs ${operation}.`, 400);
  exchange.respond(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() }, JSON.stringify(result));
}
