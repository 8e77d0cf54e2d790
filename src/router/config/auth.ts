import { z } from 'zod';
import { AUTH_TYPES, type AuthType, type EndpointAuth } from '../../providers/types';

/**
 * How a target's account authenticates. Secrets (API keys, access keys) never live in
 * settings: the provider asks an injected secrets resolver (the extension's secret
 * storage, the CLI's environment) for them, keyed by the target's `profile` (its account).
 */
export { AUTH_TYPES, type AuthType };

const typeError = { error: `must be one of ${AUTH_TYPES.map((t) => `"${t}"`).join(', ')}` };

export const authSchema = z
  .discriminatedUnion(
    'type',
    [
      z.strictObject({ type: z.literal('profile', typeError) }).describe('The AWS profile named by `profile`, from your AWS config and credentials files (static keys, SSO, role chains).'),
      z.strictObject({ type: z.literal('default-chain', typeError) }).describe("The AWS SDK's default credential chain (environment variables, AWS_PROFILE, SSO, container and instance roles)."),
      z.strictObject({ type: z.literal('api-key', typeError) }).describe('An Amazon Bedrock API key (bearer token): the one stored for this account, else AWS_BEARER_TOKEN_BEDROCK.'),
      z.strictObject({ type: z.literal('access-keys', typeError) }).describe('An access key id, secret access key and optional session token stored for this account (never in settings).'),
    ],
    typeError,
  )
  .describe('How this target authenticates. Default `{ "type": "profile" }`.');

export type AuthConfig = z.output<typeof authSchema>;

export const DEFAULT_AUTH: AuthConfig = { type: 'profile' };

/** True when `profile` names a profile in the user's AWS files (so it can be checked against them). */
export function usesAwsProfile(auth: AuthConfig | undefined): boolean {
  return (auth ?? DEFAULT_AUTH).type === 'profile';
}

/** A target's auth, `{ type: 'profile' }` when it names none; typed as what the provider accepts. */
export function authOf(target: { auth?: AuthConfig }): AuthConfig & EndpointAuth {
  return target.auth ?? DEFAULT_AUTH;
}

/** "API key", "access keys" ... for messages. */
export function describeAuth(auth: AuthConfig | undefined): string {
  switch ((auth ?? DEFAULT_AUTH).type) {
    case 'profile':
      return 'AWS profile';
    case 'default-chain':
      return 'default credential chain';
    case 'api-key':
      return 'Bedrock API key';
    case 'access-keys':
      return 'stored access keys';
  }
}
