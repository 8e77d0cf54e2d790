import type * as vscode from 'vscode';
import { type TurnMetadata } from './history';

const status: vscode.ChatFollowup = { prompt: '', command: 'status', label: 'Show route status and quota' };
const routes: vscode.ChatFollowup = { prompt: '', command: 'routes', label: 'Show the effective routes' };
const demo = (pattern: string, label: string): vscode.ChatFollowup => ({ prompt: pattern, command: 'demo', label });

/** Suggestions after each turn, by what the turn was. */
export function followups(result: vscode.ChatResult): vscode.ChatFollowup[] {
  const meta = (result.metadata ?? {}) as TurnMetadata;
  if (meta.errorKind === 'config') return [routes];
  if (meta.errorKind === 'rate-limited' || meta.errorKind === 'unavailable' || meta.errorKind === 'credentials') return [status, routes];
  switch (meta.command) {
    case 'demo': {
      const next = meta.pattern === 'fallback' ? demo('load-balancing', 'Run the load-balancing demo') : demo('fallback', 'Run the model fallback demo');
      return [next, demo('quota-isolation', 'Run the quota isolation demo'), status];
    }
    case 'status':
      return [routes, demo('fallback', 'Run the model fallback demo')];
    case 'routes':
      return [status, demo('sharding', 'Run the account sharding demo')];
    default:
      return [status, demo('fallback', 'See model fallback in a demo')];
  }
}
