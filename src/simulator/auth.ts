/**
 * Who sent a request, and to which Region: SigV4 (the access key id names the account,
 * the credential scope the Region) or a Bedrock API key (`Authorization: Bearer <key>`,
 * issued by this simulator). A bearer token carries no Region: it comes from a Regional
 * endpoint path (`/region/<region>/...`, see `Simulator.endpointTemplate`), else an AWS
 * host name (`bedrock-runtime.<region>.amazonaws.com`), else the account's default Region.
 */
import { isKnownRegion } from './catalog';
import { MESSAGES, SimError } from './errors';
import { authenticate, type AuthResult, type SignedRequest } from './sigv4';
import type { SimState } from './state';

export const BEARER_REJECTED = 'Authentication failed: Please make sure your API Key is valid.';

export interface Authenticated extends AuthResult {
  method: 'sigv4' | 'bearer';
}

const AWS_HOST = /^(?:bedrock|bedrock-runtime|logs)(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?::\d+)?$/;

function bearerRegion(request: SignedRequest, pathRegion: string | undefined, fallback: string): string {
  if (pathRegion) return pathRegion;
  const fromHost = AWS_HOST.exec(request.headers.host ?? '')?.[1];
  return fromHost && isKnownRegion(fromHost) ? fromHost : fallback;
}

export async function authenticateRequest(request: SignedRequest, state: SimState, service: string, pathRegion: string | undefined): Promise<Authenticated> {
  const header = request.headers.authorization ?? '';
  if (/^Bearer\s/i.test(header)) {
    if (service !== 'bedrock') throw new SimError('IncompleteSignatureException', `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.`);
    const account = state.credentials.accountForApiKey(header.slice(header.indexOf(' ') + 1).trim());
    if (!account) throw new SimError('AccessDeniedException', BEARER_REJECTED);
    if (account.expired) throw new SimError('ExpiredTokenException', MESSAGES.expiredToken);
    return { account, region: bearerRegion(request, pathRegion, account.defaultRegion), service, method: 'bearer' };
  }
  const auth = await authenticate(request, state.credentials);
  if (pathRegion && auth.region !== pathRegion) throw new SimError('InvalidSignatureException', `Credential should be scoped to a valid region, not '${auth.region}'. `);
  return { ...auth, method: 'sigv4' };
}
