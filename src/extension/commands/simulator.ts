import * as vscode from 'vscode';
import { SETTINGS_PREFIX } from '../../router';
import { type Services } from '../services';

/** Start Simulator: starts the embedded simulator now (it otherwise starts with the first request). Returns its endpoint. */
export async function startSimulator(services: Services): Promise<string | undefined> {
  if (services.currentSettings().mode !== 'simulated') {
    const choice = await vscode.window.showWarningMessage('resilientLlm.mode is "aws": requests go to Amazon Bedrock, not to the simulator.', 'Switch to Simulated Mode');
    if (choice) await vscode.workspace.getConfiguration(SETTINGS_PREFIX).update('mode', 'simulated', vscode.ConfigurationTarget.Global);
    else return undefined;
  }
  try {
    const backend = await services.ensureBackend();
    const sim = backend.simulator;
    if (!sim) return undefined;
    void vscode.window.showInformationMessage(`Bedrock simulator running at ${sim.endpoint} (accounts ${sim.accounts().map((a) => a.profile).join(', ')}).`);
    return sim.endpoint;
  } catch (err) {
    void vscode.window.showErrorMessage(`The simulator did not start: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

/** Stop Simulator: closes it (in-flight requests end); the next request starts it again. */
export async function stopSimulator(services: Services): Promise<boolean> {
  if (!services.simulator()) {
    void vscode.window.showInformationMessage('The Bedrock simulator is not running.');
    return false;
  }
  const stopped = await services.stopBackend('stopped from the command palette');
  if (stopped) void vscode.window.showInformationMessage('Bedrock simulator stopped. The next request starts it again.');
  return stopped;
}
