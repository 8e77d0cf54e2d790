/**
 * The gateway's wiring: the service, the terminal variables and three commands (Add Gateway
 * Variables to Terminals, Remove Gateway Variables from Terminals, Copy Gateway Settings).
 */
import * as vscode from 'vscode';
import { exportLines } from '../../gateway';
import { COMMANDS } from '../commands/ids';
import { type Log } from '../log';
import { type Services } from '../services';
import { type SettingsWatcher } from '../settings';
import { GatewayService, type GatewayView } from './service';
import { TerminalVariables } from './terminal';

const NOT_RUNNING = 'The Resilient LLM gateway is not running: it runs in trusted workspaces with valid routes, unless resilientLlm.gateway.enabled is off.';

declare module '../api' {
  interface ResilientLlmApi {
    /** The loopback gateway, for the dashboard and tests. */
    readonly gateway: GatewayApi;
  }
}

export interface GatewayApi {
  view(): GatewayView | undefined;
  /** Variable names new terminals get now. */
  terminalVariables(): string[];
  readonly onDidChange: vscode.Event<void>;
}

export function registerGateway(context: vscode.ExtensionContext, deps: { services: Services; settings: SettingsWatcher; log: Log }): GatewayApi {
  const service = new GatewayService(context.secrets, deps.services, deps.log);
  const terminals = new TerminalVariables(context, service);
  context.subscriptions.push(
    service,
    terminals,
    deps.settings.onDidChange(() => terminals.refresh()),
    vscode.commands.registerCommand(COMMANDS.addGatewayToTerminals, async () => {
      await service.start();
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('Gateway variables are not added to terminals of an untrusted workspace. Trust the workspace first.');
        return false;
      }
      if (!service.variables()) {
        void vscode.window.showWarningMessage(NOT_RUNNING);
        return false;
      }
      await terminals.choose(true);
      void vscode.window.showInformationMessage('New terminals of this workspace now use the Resilient LLM gateway (AWS SDKs, Claude Code, OpenAI clients). Open a new terminal to use it.');
      return true;
    }),
    vscode.commands.registerCommand(COMMANDS.removeGatewayFromTerminals, async () => {
      await terminals.choose(false);
      const still = terminals.chosen();
      void vscode.window.showInformationMessage(still ? 'resilientLlm.gateway.terminalEnvironment is on in your user settings, so terminals keep the gateway variables; turn it off to remove them.' : 'New terminals of this workspace no longer get the gateway variables.');
      return !still;
    }),
    vscode.commands.registerCommand(COMMANDS.copyGatewaySettings, async () => {
      await service.start();
      const vars = service.variables();
      if (!vars) {
        void vscode.window.showWarningMessage(NOT_RUNNING);
        return undefined;
      }
      const endpoint = service.endpoint!;
      const token = vars.find((v) => v.name === 'OPENAI_API_KEY')!.value;
      const text = `# Resilient LLM gateway for this workspace (keep the token private)\n# OpenAI-compatible tools (Continue, Cline ...): base URL ${endpoint}/v1, API key ${token}, model: a route name\n# Bedrock tools: endpoint ${endpoint}, Bedrock API key ${token}\n${exportLines(vars)}\n`;
      await vscode.env.clipboard.writeText(text);
      void vscode.window.showInformationMessage('Copied the gateway settings (with its token) to the clipboard.');
      return text;
    }),
  );
  void service.start();
  return { view: () => service.view(), terminalVariables: () => terminals.applied(), onDidChange: service.onDidChange };
}
