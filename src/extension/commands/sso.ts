import * as vscode from 'vscode';
import { awsFilesDescription, listAwsProfiles } from '../awsProfiles';
import { type SettingsWatcher } from '../settings';

/** Profile names the router accepts; nothing a shell would interpret. */
const SAFE_PROFILE = /^[A-Za-z0-9_.@+=,:/-]{1,128}$/;

async function pickProfile(): Promise<string | undefined> {
  const profiles = await listAwsProfiles();
  if (profiles.length === 0) {
    void vscode.window.showWarningMessage(`No AWS profiles in ${awsFilesDescription()}. Add one with \`aws configure sso\`.`);
    return undefined;
  }
  const items = [...profiles].sort((a, b) => Number(b.sso) - Number(a.sso)).map((p) => ({ label: p.name, description: [p.sso ? 'IAM Identity Center (SSO)' : p.keys ? 'access keys' : undefined, p.region].filter(Boolean).join(' · ') }));
  return (await vscode.window.showQuickPick(items, { title: 'Sign in with AWS SSO', placeHolder: 'AWS profile to sign in with' }))?.label;
}

/**
 * Sign in with AWS SSO: runs `aws sso login --profile X` in a terminal (the AWS CLI does the
 * browser sign-in), then re-validates the settings when the terminal closes. Returns the command line.
 */
export async function ssoLogin(settings: SettingsWatcher, profile?: string): Promise<string | undefined> {
  const name = typeof profile === 'string' && profile ? profile : await pickProfile();
  if (!name) return undefined;
  if (!SAFE_PROFILE.test(name)) {
    void vscode.window.showErrorMessage(`"${name}" is not an AWS profile name.`);
    return undefined;
  }
  const commandLine = `aws sso login --profile '${name}'`;
  const terminal = vscode.window.createTerminal({ name: `AWS SSO: ${name}` });
  terminal.show();
  terminal.sendText(commandLine);
  const closed = vscode.window.onDidCloseTerminal((t) => {
    if (t !== terminal) return;
    closed.dispose();
    void settings.refresh();
  });
  return commandLine;
}
