import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { type ValidationContext } from '../router';

/** Profiles in the user's AWS config and credentials files (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE respected). */
export async function knownAwsProfiles(): Promise<ValidationContext> {
  const files = await loadSharedConfigFiles({ ignoreCache: true });
  const profiles = new Set([...Object.keys(files.configFile ?? {}), ...Object.keys(files.credentialsFile ?? {})]);
  return { knownProfiles: [...profiles], profileSource: 'your AWS config and credentials files' };
}
