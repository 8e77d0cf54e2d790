import type * as vscode from 'vscode';
import type { DemoResult } from '../demos';
import type { AuthConfig, ConfigProblem, Router } from '../router';
import type { Simulator } from '../simulator';
import type { ModelPick } from './addTarget';
import type { SettingsState } from './settings';
import type { LimitsStatus } from './sharedLimits';

/**
 * What `activate` returns (`extension.exports`): the dashboard (issue 6) and the
 * extension-host tests use it to reach the shared router and listen to the extension.
 */
export interface ResilientLlmApi {
  /** The shared router (created on first use). Throws a `config` RouterError while the settings are invalid. */
  router(): Router;
  /** The current settings: the configuration serving requests and any problems. */
  settings(): SettingsState;
  /** Re-reads the settings now. */
  refreshSettings(): Promise<SettingsState>;
  /** Fires after each settings re-read. */
  readonly onDidChangeSettings: vscode.Event<SettingsState>;
  /** Fires when a set of settings problems is reported (once per distinct set). */
  readonly onDidReportProblems: vscode.Event<readonly ConfigProblem[]>;
  /** The tenant this window's requests count against. */
  tenant(): string;
  /** The running simulator (simulated mode, after the first request or Start Simulator). */
  simulator(): Simulator | undefined;
  /** Starts the backend for the current mode if needed; resolves to the simulator in simulated mode. */
  ensureBackend(): Promise<Simulator | undefined>;
  /** `@bedrock`'s request handler. */
  readonly chatHandler: vscode.ChatRequestHandler;
  /** Fires with the results of every finished demo run. */
  readonly onDidRunDemo: vscode.Event<DemoResult[]>;
  /** The results of the last demo run. */
  lastDemoResults(): readonly DemoResult[];
  /** Where the limits live (this window, or Redis) and how many windows share them. */
  limits(): LimitsStatus;
  /** Fires when the limits move between Redis and this window. */
  readonly onDidChangeLimits: vscode.Event<LimitsStatus>;
  /** The models Add Target offers for an account and Region (from discovery, or the built-in list and why). */
  addTargetModels(target: { profile: string; region: string; auth?: AuthConfig }): Promise<ModelPick>;
  /** How long `activate` took, in ms (the benchmark's footprint reads it from the host tests). */
  readonly activationMs: number;
  /** The last lines of the "Resilient LLM" log (what its output channel shows), for tests. */
  logLines(): readonly string[];
}
