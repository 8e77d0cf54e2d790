/**
 * Routes each exchange: the admin API under `/__sim/`, CloudWatch Logs
 * (awsJson1_1, `X-Amz-Target: Logs_20140328.*`), and the Bedrock Runtime
 * operations under `/model/{modelId}/...`. Anything else is a Bedrock-shaped 404.
 */
import { handleAdmin } from './admin';
import { handleLogs, LOGS_TARGET_PREFIX } from './cloudwatch-logs';
import { CONVERSE, CONVERSE_STREAM } from './converse';
import { SimError } from './errors';
import type { Exchange } from './exchange';
import { invoke } from './invocation';
import { INVOKE, INVOKE_STREAM } from './invoke';
import type { ModelProtocol } from './protocol';
import { sendError } from './responses';
import { authenticate, type AuthResult } from './sigv4';
import type { SimState } from './state';
import type { Simulator } from './api';

const OPERATIONS: Readonly<Record<string, ModelProtocol>> = {
  converse: CONVERSE,
  'converse-stream': CONVERSE_STREAM,
  invoke: INVOKE,
  'invoke-with-response-stream': INVOKE_STREAM,
};

const MODEL_PATH = /^\/model\/([^/]+)\/([a-z-]+)\/?$/;

async function readAndAuthenticate(state: SimState, exchange: Exchange, service: string): Promise<{ auth: AuthResult; body: Uint8Array }> {
  const body = await exchange.readBody(state.maxBodyBytes);
  const auth = await authenticate({ method: exchange.method, path: exchange.path, query: exchange.query, headers: exchange.headers, body }, state.accounts);
  if (auth.service !== service) throw new SimError('InvalidSignatureException', `Credential should be scoped to correct service: '${service}'. `);
  return { auth, body };
}

function unknownOperation(exchange: Exchange): SimError {
  return new SimError('UnknownOperationException', `The operation ${exchange.method} ${exchange.path} is not supported.`);
}

export function createDispatcher(state: SimState, control: Simulator) {
  return async (exchange: Exchange): Promise<void> => {
    try {
      if (exchange.path === '/__sim' || exchange.path.startsWith('/__sim/')) return await handleAdmin(control, exchange);

      const target = exchange.headers['x-amz-target'];
      if (target?.startsWith(LOGS_TARGET_PREFIX)) {
        if (exchange.method !== 'POST' || exchange.path !== '/') throw unknownOperation(exchange);
        try {
          const { auth, body } = await readAndAuthenticate(state, exchange, 'logs');
          return await handleLogs(state, exchange, auth, target.slice(LOGS_TARGET_PREFIX.length), body);
        } catch (err) {
          sendError(exchange, err, { awsJson: true });
          return;
        }
      }

      const m = MODEL_PATH.exec(exchange.path);
      const protocol = m ? OPERATIONS[m[2] ?? ''] : undefined;
      if (!m || !protocol || exchange.method !== 'POST') throw unknownOperation(exchange);
      let modelId: string;
      try {
        modelId = decodeURIComponent(m[1] ?? '');
      } catch {
        throw new SimError('ValidationException', 'The provided model identifier is invalid.');
      }
      const { auth, body } = await readAndAuthenticate(state, exchange, 'bedrock');
      await invoke(state, { exchange, account: auth.account, sourceRegion: auth.region, requestedModelId: modelId, protocol, body });
    } catch (err) {
      sendError(exchange, err);
    }
  };
}
