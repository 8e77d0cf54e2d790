/**
 * Routes each exchange: the admin API under `/__sim/`, CloudWatch Logs
 * (awsJson1_1, `X-Amz-Target: Logs_20140328.*`), Service Quotas (awsJson1_1,
 * `X-Amz-Target: ServiceQuotasV20190624.*`), the Bedrock Runtime operations under
 * `/model/{modelId}/...` and the control plane's discovery operations
 * (`GET /foundation-models`, `GET /inference-profiles`). Any of these may sit under a
 * Regional prefix `/region/<region>` (see `Simulator.endpointTemplate`). Anything else is
 * a Bedrock-shaped 404.
 */
import { handleAdmin } from './admin';
import { authenticateRequest, type Authenticated } from './auth';
import { isKnownRegion } from './catalog';
import { handleLogs, LOGS_TARGET_PREFIX } from './cloudwatchLogs';
import { CONTROL_PATHS, handleControlPlane } from './controlPlane';
import { CONVERSE, CONVERSE_STREAM } from './converse';
import { SimError } from './errors';
import type { Exchange } from './exchange';
import { invoke } from './invocation';
import { INVOKE, INVOKE_STREAM } from './invoke';
import type { ModelProtocol } from './protocol';
import { sendError } from './responses';
import { handleServiceQuotas, SERVICE_QUOTAS_TARGET_PREFIX } from './serviceQuotas';
import type { SimState } from './state';
import type { Simulator } from './api';

const OPERATIONS: Readonly<Record<string, ModelProtocol>> = {
  converse: CONVERSE,
  'converse-stream': CONVERSE_STREAM,
  invoke: INVOKE,
  'invoke-with-response-stream': INVOKE_STREAM,
};

const MODEL_PATH = /^\/model\/([^/]+)\/([a-z-]+)\/?$/;
const REGION_PREFIX = /^\/region\/([a-z0-9-]+)(\/.*)?$/;

/** `/region/us-east-1/model/x/converse` → Region `us-east-1`, path `/model/x/converse`. */
function splitRegion(path: string): { region?: string; path: string } {
  const m = REGION_PREFIX.exec(path);
  if (!m) return { path };
  const region = m[1] ?? '';
  if (!isKnownRegion(region)) throw new SimError('UnknownOperationException', `There is no Regional endpoint for ${region} here.`);
  return { region, path: m[2] || '/' };
}

async function readAndAuthenticate(state: SimState, exchange: Exchange, service: string, pathRegion: string | undefined): Promise<{ auth: Authenticated; body: Uint8Array }> {
  const body = await exchange.readBody(state.maxBodyBytes);
  // The signature covers the path as sent, Regional prefix included.
  const auth = await authenticateRequest({ method: exchange.method, path: exchange.path, query: exchange.query, headers: exchange.headers, body }, state, service, pathRegion);
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

      const { region: pathRegion, path } = splitRegion(exchange.path);
      const target = exchange.headers['x-amz-target'];
      if (target?.startsWith(LOGS_TARGET_PREFIX)) {
        if (exchange.method !== 'POST' || path !== '/') throw unknownOperation(exchange);
        try {
          const { auth, body } = await readAndAuthenticate(state, exchange, 'logs', pathRegion);
          return await handleLogs(state, exchange, auth, target.slice(LOGS_TARGET_PREFIX.length), body);
        } catch (err) {
          sendError(exchange, err, { awsJson: true });
          return;
        }
      }

      if (target?.startsWith(SERVICE_QUOTAS_TARGET_PREFIX)) {
        if (exchange.method !== 'POST' || path !== '/') throw unknownOperation(exchange);
        try {
          const { auth, body } = await readAndAuthenticate(state, exchange, 'servicequotas', pathRegion);
          return handleServiceQuotas(state, exchange, auth, target.slice(SERVICE_QUOTAS_TARGET_PREFIX.length), body);
        } catch (err) {
          sendError(exchange, err, { awsJson: true });
          return;
        }
      }

      const discovery = CONTROL_PATHS[path.replace(/\/+$/, '')];
      if (discovery && exchange.method === 'GET') {
        const { auth } = await readAndAuthenticate(state, exchange, 'bedrock', pathRegion);
        return handleControlPlane(state, exchange, auth.account, auth.region, discovery);
      }

      const m = MODEL_PATH.exec(path);
      const protocol = m ? OPERATIONS[m[2] ?? ''] : undefined;
      if (!m || !protocol || exchange.method !== 'POST') throw unknownOperation(exchange);
      let modelId: string;
      try {
        modelId = decodeURIComponent(m[1] ?? '');
      } catch {
        throw new SimError('ValidationException', 'The provided model identifier is invalid.');
      }
      const { auth, body } = await readAndAuthenticate(state, exchange, 'bedrock', pathRegion);
      await invoke(state, { exchange, account: auth.account, sourceRegion: auth.region, requestedModelId: modelId, protocol, body });
    } catch (err) {
      sendError(exchange, err);
    }
  };
}
