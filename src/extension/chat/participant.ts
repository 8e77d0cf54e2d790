import * as vscode from 'vscode';
import { type DemoService } from '../demos';
import { type Services } from '../services';
import { type SettingsWatcher } from '../settings';
import { answer } from './answer';
import { demoCommand } from './demoCommand';
import { followups } from './followups';
import { routesCommand, statusCommand } from './slashCommands';

/** The participant's id in package.json's `chatParticipants`. */
export const PARTICIPANT_ID = 'resilient-llm.bedrock';

export interface ChatDeps {
  services: Services;
  settings: SettingsWatcher;
  demos: DemoService;
}

/** `@bedrock`: answers through the router; `/demo`, `/status` and `/routes` show what it does. */
export function createChatHandler(deps: ChatDeps): vscode.ChatRequestHandler {
  return async (request, context, stream, token) => {
    switch (request.command) {
      case 'demo':
        return demoCommand(request, stream, token, deps.demos);
      case 'status':
        return statusCommand(stream, deps.services);
      case 'routes':
        return routesCommand(stream, deps.services, deps.settings);
      default:
        return answer(request, context, stream, token, deps.services);
    }
  };
}

export function registerChatParticipant(context: vscode.ExtensionContext, deps: ChatDeps): vscode.ChatRequestHandler {
  const handler = createChatHandler(deps);
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, handler);
  participant.iconPath = new vscode.ThemeIcon('cloud');
  participant.followupProvider = { provideFollowups: (result) => followups(result) };
  context.subscriptions.push(participant);
  return handler;
}
