import * as vscode from 'vscode';
import { type Services } from '../services';
import { type SettingsWatcher } from '../settings';
import { tenantQuota } from '../views/quota';
import { routesMarkdown } from '../views/routes';
import { statusMarkdown } from '../views/status';
import { chatErrorResult } from './errors';

/** The markdown of Show Route Status and `/status`. Throws a `config` RouterError while the settings are invalid. */
export function statusReport(services: Services, options: { icons?: boolean } = {}): string {
  const router = services.getRouter();
  const tenant = services.tenant();
  return statusMarkdown({ snapshot: router.snapshot(), tenant: tenantQuota(router, tenant), mode: router.configuration.settings.mode, simulatorEndpoint: services.simulator()?.endpoint, icons: options.icons });
}

/** The markdown of Validate Routes and `/routes`. */
export function routesReport(services: Services, settings: SettingsWatcher): string {
  const { config, problems, sources } = settings.state;
  return routesMarkdown({ config, problems, sources, tenant: services.tenant() });
}

/** `/status`: targets' health and limits, and the workspace's quota. */
export function statusCommand(stream: vscode.ChatResponseStream, services: Services): vscode.ChatResult {
  try {
    // supportThemeIcons: the health column's $(pass) / $(warning) / $(error) render as codicons.
    stream.markdown(new vscode.MarkdownString(statusReport(services, { icons: true }), true));
    return { metadata: { command: 'status' } };
  } catch (err) {
    return chatErrorResult(err, stream, { command: 'status' });
  }
}

/** `/routes`: the effective routes and any validation problems (read afresh). */
export async function routesCommand(stream: vscode.ChatResponseStream, services: Services, settings: SettingsWatcher): Promise<vscode.ChatResult> {
  await settings.refresh();
  stream.markdown(routesReport(services, settings));
  return { metadata: { command: 'routes' } };
}
