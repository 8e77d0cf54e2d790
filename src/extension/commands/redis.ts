import * as vscode from 'vscode';
import { type Log } from '../log';
import { REDIS_PASSWORD_SECRET } from '../sharedLimits';

/**
 * Set Redis Password: keeps the password of `resilientLlm.redis.url` in VS Code's secret
 * storage; an empty one removes it. The limits reconnect with it at once. Returns what it did.
 */
export async function setRedisPassword(secrets: vscode.SecretStorage, log: Log, given?: unknown): Promise<'stored' | 'removed' | undefined> {
  const password =
    typeof given === 'string'
      ? given
      : await vscode.window.showInputBox({
          title: 'Resilient LLM: Set Redis Password',
          prompt: "The password (or ACL user's password) of the Redis in resilientLlm.redis.url. Kept in VS Code's secret storage, never in settings. Leave empty to remove the stored password.",
          password: true,
          ignoreFocusOut: true,
        });
  if (password === undefined) return undefined;
  if (password === '') {
    await secrets.delete(REDIS_PASSWORD_SECRET);
    log.info('Removed the stored Redis password.');
    void vscode.window.showInformationMessage('Resilient LLM: removed the stored Redis password.');
    return 'removed';
  }
  await secrets.store(REDIS_PASSWORD_SECRET, password);
  log.info("Stored the Redis password in VS Code's secret storage.");
  void vscode.window.showInformationMessage('Resilient LLM: stored the Redis password; the limits reconnect to Redis with it.');
  return 'stored';
}
