/**
 * The gateway's variables in this workspace's integrated terminals, through
 * `context.environmentVariableCollection` (VS Code shows its description on the terminal tab).
 * Only when the user chose it: Add Gateway Variables to Terminals (this workspace, remembered in
 * workspace state) or `resilientLlm.gateway.terminalEnvironment` (a user setting: every trusted
 * workspace). Never in an untrusted workspace, whose terminals would get the token.
 */
import * as vscode from 'vscode';
import { SETTINGS_PREFIX } from '../../router';
import { type GatewayService } from './service';

export const GATEWAY_TERMINAL_SETTING = 'gateway.terminalEnvironment';
const CHOSEN_KEY = 'resilientLlm.gateway.terminalVariables';

export class TerminalVariables implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly gateway: GatewayService,
  ) {
    // The port changes with every start: values from an earlier session must not come back.
    context.environmentVariableCollection.persistent = false;
    this.disposables.push(
      gateway.onDidChange(() => this.apply()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.apply()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(`${SETTINGS_PREFIX}.${GATEWAY_TERMINAL_SETTING}`) && this.apply()),
    );
    this.apply();
  }

  /** Whether the user asked for the variables here (the command, or the user setting). */
  chosen(): boolean {
    const setting = vscode.workspace.getConfiguration(SETTINGS_PREFIX).inspect<boolean>(GATEWAY_TERMINAL_SETTING)?.globalValue === true;
    return setting || this.context.workspaceState.get<boolean>(CHOSEN_KEY) === true;
  }

  async choose(on: boolean): Promise<void> {
    await this.context.workspaceState.update(CHOSEN_KEY, on);
    this.apply();
  }

  /** Names of the variables set for new terminals now. */
  applied(): string[] {
    const names: string[] = [];
    this.context.environmentVariableCollection.forEach((name) => names.push(name));
    return names;
  }

  /** Sets the variables again (the routes changed: Claude Code's model variables name them). */
  refresh(): void {
    this.apply();
  }

  private apply(): void {
    const collection = this.context.environmentVariableCollection;
    const vars = vscode.workspace.isTrusted && this.chosen() ? this.gateway.variables() : undefined;
    collection.clear();
    if (!vars) return;
    collection.description = new vscode.MarkdownString(`Resilient LLM gateway (${this.gateway.endpoint}): AWS SDKs, Claude Code and OpenAI clients in this terminal use your routes and this workspace's quota.`);
    for (const v of vars) collection.replace(v.name, v.value);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
