/**
 * The AWS profiles in the user's config and credentials files, read the way the SDK's
 * `fromIni` reads them (AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE respected).
 * Only names and non-secret settings leave this module: never keys.
 */
export interface AwsProfile {
  name: string;
  region?: string;
  /** Signs in through IAM Identity Center (`aws sso login`). */
  sso: boolean;
  /** Has static keys in the credentials file. */
  keys: boolean;
}

/** Where the files are, for messages. */
export function awsFilesDescription(): string {
  const config = process.env.AWS_CONFIG_FILE ?? '~/.aws/config';
  const credentials = process.env.AWS_SHARED_CREDENTIALS_FILE ?? '~/.aws/credentials';
  return `${config} and ${credentials}`;
}

/** Config-file sections that are not profiles (`[sso-session x]`, `[services x]`). */
const NOT_PROFILES = /^(sso-session|services)\./;

export async function listAwsProfiles(): Promise<AwsProfile[]> {
  // Loaded on first use: the SDK's file loader is not needed at activation.
  const { loadSharedConfigFiles } = await import('@smithy/shared-ini-file-loader');
  const files = await loadSharedConfigFiles({ ignoreCache: true });
  const byName = new Map<string, AwsProfile>();
  const entry = (name: string) => {
    let p = byName.get(name);
    if (!p) byName.set(name, (p = { name, sso: false, keys: false }));
    return p;
  };
  for (const [name, values] of Object.entries(files.configFile ?? {})) {
    if (NOT_PROFILES.test(name)) continue;
    const p = entry(name);
    p.region = values.region ?? p.region;
    if (values.sso_session !== undefined || values.sso_start_url !== undefined) p.sso = true;
  }
  for (const [name, values] of Object.entries(files.credentialsFile ?? {})) {
    const p = entry(name);
    if (values.aws_access_key_id !== undefined) p.keys = true;
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}
