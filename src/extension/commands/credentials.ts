import * as vscode from 'vscode';
import { SECRET_LABEL } from '../../providers/bedrock/secrets';
import { type AuthType, describeAuth } from '../../router';
import { type Log } from '../log';
import { type Services } from '../services';
import { type SettingsWatcher } from '../settings';
import { type AccessKeys, SECRET_COMMAND_TITLES } from '../storedSecrets';

export interface CredentialDeps {
  services: Services;
  settings: SettingsWatcher;
  log: Log;
}

/** Account names the settings accept as a target's `profile`. */
const ACCOUNT = /^[A-Za-z0-9_.@+=,:/-]{1,128}$/;
const OTHER = '$(edit) Another account...';
const STORED_HERE = "Kept in VS Code's secret storage (your OS keychain), never in settings, logs or messages.";

/** Targets' accounts (their `profile`), those using `prefer` first, then accounts with stored secrets. */
async function pickAccount(deps: CredentialDeps, title: string, prefer?: AuthType): Promise<string | undefined> {
  const byAccount = new Map<string, { auth: AuthType; targets: string[] }>();
  for (const t of deps.settings.state.config?.targets.values() ?? []) {
    const entry = byAccount.get(t.profile) ?? { auth: t.auth?.type ?? 'profile', targets: [] };
    entry.targets.push(t.id);
    byAccount.set(t.profile, entry);
  }
  const items: vscode.QuickPickItem[] = [...byAccount]
    .sort(([, a], [, b]) => Number(b.auth === prefer) - Number(a.auth === prefer))
    .map(([account, e]) => ({ label: account, description: `${describeAuth({ type: e.auth })} · ${e.targets.join(', ')}` }));
  for (const account of deps.services.secrets.accounts()) if (!byAccount.has(account)) items.push({ label: account, description: 'credentials stored, no target uses it' });
  items.push({ label: OTHER, alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: "The account: a target's `profile`" });
  if (!picked) return undefined;
  if (picked.label !== OTHER) return picked.label;
  return vscode.window.showInputBox({ title, prompt: "The account name: the `profile` of the targets that use it", validateInput: (v) => (ACCOUNT.test(v) ? undefined : 'Letters, digits and _.@+=,:/- only') });
}

function secretBox(title: string, prompt: string, optional = false, validate?: (v: string) => string | undefined): Thenable<string | undefined> {
  return vscode.window.showInputBox({ title, prompt: `${prompt} ${STORED_HERE}`, password: true, ignoreFocusOut: true, validateInput: (v) => (optional && v === '' ? undefined : v.trim() === '' ? 'Required' : validate?.(v.trim())) });
}

function accountArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const account = (arg as { account?: unknown } | undefined)?.account;
  return typeof account === 'string' ? account : undefined;
}

function validAccount(account: string): boolean {
  if (ACCOUNT.test(account)) return true;
  void vscode.window.showErrorMessage(`"${account}" is not an account name a target can use as its profile.`);
  return false;
}

/** Store Bedrock API Key: for an account (a target's profile) whose targets use `"auth": { "type": "api-key" }`. Returns the account. */
export async function storeApiKey(deps: CredentialDeps, arg?: unknown): Promise<string | undefined> {
  const title = SECRET_COMMAND_TITLES.storeApiKey;
  const account = accountArg(arg) ?? (await pickAccount(deps, title, 'api-key'));
  if (!account || !validAccount(account)) return undefined;
  const given = (arg as { apiKey?: unknown } | undefined)?.apiKey;
  const apiKey = typeof given === 'string' ? given : await secretBox(`${title}: account "${account}"`, 'The Amazon Bedrock API key (bearer token).');
  if (!apiKey?.trim()) return undefined;
  await deps.services.secrets.storeApiKey(account, apiKey.trim());
  deps.log.info(`Stored a Bedrock API key for account "${account}" in VS Code's secret storage.`);
  void vscode.window.showInformationMessage(`Resilient LLM: stored the Bedrock API key of account "${account}". Targets with profile "${account}" and "auth": { "type": "api-key" } use it from their next request.`);
  return account;
}

/** Store Access Keys: an access key id, secret access key and optional session token for an account. Returns the account. */
export async function storeAccessKeys(deps: CredentialDeps, arg?: unknown): Promise<string | undefined> {
  const title = SECRET_COMMAND_TITLES.storeAccessKeys;
  const account = accountArg(arg) ?? (await pickAccount(deps, title, 'access-keys'));
  if (!account || !validAccount(account)) return undefined;
  const given = arg as Partial<AccessKeys> | undefined;
  let keys: AccessKeys;
  if (typeof given?.accessKeyId === 'string' && typeof given.secretAccessKey === 'string') {
    keys = { accessKeyId: given.accessKeyId, secretAccessKey: given.secretAccessKey, sessionToken: typeof given.sessionToken === 'string' ? given.sessionToken : undefined };
  } else {
    const accessKeyId = await secretBox(`${title} (1/3): account "${account}"`, 'The access key id (AKIA... or ASIA...).', false, (v) => (/^[A-Z0-9]{16,128}$/.test(v) ? undefined : 'An access key id is 16 to 128 upper-case letters and digits'));
    if (!accessKeyId) return undefined;
    const secretAccessKey = await secretBox(`${title} (2/3): account "${account}"`, 'The secret access key.');
    if (!secretAccessKey) return undefined;
    const sessionToken = await secretBox(`${title} (3/3): account "${account}"`, 'The session token, for temporary credentials (ASIA...); leave empty for long-term keys.', true);
    if (sessionToken === undefined) return undefined;
    keys = { accessKeyId: accessKeyId.trim(), secretAccessKey: secretAccessKey.trim(), sessionToken: sessionToken.trim() || undefined };
  }
  await deps.services.secrets.storeAccessKeys(account, keys);
  deps.log.info(`Stored access keys${keys.sessionToken ? ' with a session token' : ''} for account "${account}" in VS Code's secret storage.`);
  void vscode.window.showInformationMessage(`Resilient LLM: stored the access keys of account "${account}". Targets with profile "${account}" and "auth": { "type": "access-keys" } use them from their next request.`);
  return account;
}

/** Forget Stored Credentials: deletes an account's stored API key and access keys. Returns what was deleted. */
export async function forgetCredentials(deps: CredentialDeps, arg?: unknown): Promise<string[] | undefined> {
  const account = accountArg(arg) ?? (await pickAccount(deps, SECRET_COMMAND_TITLES.forgetCredentials));
  if (!account) return undefined;
  const forgotten = await deps.services.secrets.forget(account);
  const labels = forgotten.map((k) => SECRET_LABEL[k]);
  const list = labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}` : labels[0];
  const text = list ? `Forgot the stored ${list} of account "${account}".` : `Nothing was stored for account "${account}".`;
  deps.log.info(text);
  void vscode.window.showInformationMessage(`Resilient LLM: ${text}`);
  return forgotten;
}
