import type * as vscode from 'vscode';
import { type AuthType, type RequestRecord, RouterError, SETTINGS_PREFIX } from '../../router';
import { COMMANDS } from '../commands/ids';
import { type TurnMetadata } from './history';

/** "14:03:12" in the user's locale: when a quota frees up. */
function clockTime(inMs: number): string {
  return new Date(Date.now() + inMs).toLocaleTimeString();
}

/** Each target the request could not use, and why: its last attempt's error or the reason it was passed over. */
export function targetReasons(record: RequestRecord | undefined, error: RouterError): string[] {
  const why = new Map<string, string>();
  for (const a of record?.attempts ?? []) if (a.outcome !== 'ok') why.set(a.targetId, `${a.outcome}${a.message ? `: ${a.message}` : ''}`);
  for (const s of [...(record?.skipped ?? []), ...error.skipped]) if (!why.has(s.targetId)) why.set(s.targetId, s.reason);
  return [...why].map(([target, reason]) => `${target}: ${reason}`);
}

/** Profiles whose credentials failed, so the user can sign in to each. */
function credentialProfiles(record: RequestRecord | undefined, error: RouterError): string[] {
  const profiles = new Set<string>();
  if (error.profile) profiles.add(error.profile);
  for (const a of record?.attempts ?? []) if (a.outcome === 'credentials') profiles.add(a.profile);
  return [...profiles];
}

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

/** The button that fixes an account's credentials, by how it authenticates. */
function credentialsButton(profile: string, auth: AuthType | undefined): vscode.Command | undefined {
  switch (auth ?? 'profile') {
    case 'profile':
      return { command: COMMANDS.ssoLogin, title: `Sign in with AWS SSO (${profile})`, arguments: [profile] };
    case 'api-key':
      return { command: COMMANDS.storeApiKey, title: `Store Bedrock API Key (${profile})`, arguments: [profile] };
    case 'access-keys':
      return { command: COMMANDS.storeAccessKeys, title: `Store Access Keys (${profile})`, arguments: [profile] };
    case 'default-chain':
      return undefined; // the environment's credentials: nothing here can fix them
  }
}

/**
 * Ends a chat turn that failed: `errorDetails` says what happened and what to do, and
 * buttons do it (sign in or store the account's keys, open the settings, show the quota or
 * the routes' health). `authOf` tells how an account authenticates (default: its AWS profile).
 */
export function chatErrorResult(err: unknown, stream: vscode.ChatResponseStream, metadata: TurnMetadata, authOf: (profile: string) => AuthType | undefined = () => undefined): vscode.ChatResult {
  if (!RouterError.isInstance(err)) {
    const message = err instanceof Error ? err.message : String(err);
    return { errorDetails: { message: `Resilient LLM failed unexpectedly: ${message}` }, metadata: { ...metadata, errorKind: 'unexpected' } };
  }
  const record = err.record;
  const meta: TurnMetadata = { ...metadata, errorKind: err.kind };
  let message = err.message;
  switch (err.kind) {
    case 'cancelled':
      return { metadata: meta };
    case 'rate-limited':
      if (err.skipped.length > 0) {
        // Every target at its own limit: the targets and their limits once, as a list; the error line says when it frees up.
        stream.markdown(`Every target is at its limit:\n\n${targetReasons(record, err).map((r) => `- ${r}`).join('\n')}\n`);
        message = err.summary;
        if (err.retryAfterMs !== undefined) message += ` (at ${clockTime(err.retryAfterMs)})`;
        stream.button({ command: COMMANDS.showStatus, title: 'Show Route Status' });
        break;
      }
      if (err.retryAfterMs !== undefined) message += ` The quota frees up at ${clockTime(err.retryAfterMs)}.`;
      stream.button({ command: COMMANDS.showQuota, title: 'Show Workspace Quota' });
      break;
    case 'unavailable': {
      const reasons = targetReasons(record, err);
      // The list once, as bullets; the error line is the summary (it repeated the list as a paragraph).
      if (reasons.length > 0) {
        stream.markdown(`No target could serve this request:\n\n${reasons.map((r) => `- ${r}`).join('\n')}\n`);
        message = err.summary;
      }
      if (err.retryAfterMs !== undefined) message += ` The first target frees up at ${clockTime(err.retryAfterMs)}.`;
      stream.button({ command: COMMANDS.showStatus, title: 'Show Route Status' });
      break;
    }
    case 'credentials':
      for (const profile of credentialProfiles(record, err)) {
        const button = credentialsButton(profile, authOf(profile));
        if (button) stream.button(button);
      }
      break;
    case 'access-denied':
      if (err.profile) stream.markdown(`Profile ${code(err.profile)} reached Bedrock but is not allowed to call this model.\n`);
      stream.button({ command: COMMANDS.showStatus, title: 'Show Route Status' });
      break;
    case 'config':
      stream.button({ command: COMMANDS.openSettingsJson, title: 'Open Settings (JSON)', arguments: [`${SETTINGS_PREFIX}.routes`] });
      stream.button({ command: COMMANDS.validateRoutes, title: 'Validate Routes' });
      break;
    case 'invalid-request':
    case 'interrupted':
      break;
  }
  return { errorDetails: { message }, metadata: meta };
}
