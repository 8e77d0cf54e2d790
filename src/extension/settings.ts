import * as vscode from 'vscode';
import { ModelDirectory } from '../core/modelDirectory';
import { type ConfigProblem, type ResolvedConfig, SETTINGS_PREFIX, type ValidationContext, settingsSchema, validateSettings } from '../router';
import { awsFilesDescription, listAwsProfiles } from './awsProfiles';
import { COMMANDS } from './commands/ids';
import { DEFAULT_SETTINGS } from './defaults';
import { type Log } from './log';
import { settingsSyntaxProblems } from './settingsFileSyntax';
import { problemCount, problemList } from './views/routes';
import { RESTRICTED_SETTINGS, USER_ONLY_SETTINGS } from './settingsMeta';

export type SettingSource = 'default' | 'user' | 'workspace';

export interface SettingsState {
  /** The configuration serving requests: the last valid one (undefined until one is valid). */
  readonly config: ResolvedConfig | undefined;
  /** What is wrong with the current settings; empty when they are valid. */
  readonly problems: readonly ConfigProblem[];
  /** Where each setting's value came from. */
  readonly sources: Readonly<Record<string, SettingSource>>;
}

/**
 * Reads `resilientLlm.*`: workspace settings for routes and targets, user settings only for
 * the rest; in an untrusted workspace (`trusted` false) user settings only for targets too.
 */
export function readSettings(trusted = vscode.workspace.isTrusted): { raw: Record<string, unknown>; sources: Record<string, SettingSource> } {
  const cfg = vscode.workspace.getConfiguration(SETTINGS_PREFIX);
  const raw: Record<string, unknown> = {};
  const sources: Record<string, SettingSource> = {};
  const defaults = DEFAULT_SETTINGS as Record<string, unknown>;
  const given = (v: unknown) => v !== undefined && v !== null && v !== '';
  for (const key of Object.keys(settingsSchema.shape)) {
    const i = cfg.inspect(key);
    // inspect(), not get(): a workspace value of a user-only setting is never read, even if
    // VS Code's scope enforcement were bypassed, and objects are not merged across levels.
    const userOnly = USER_ONLY_SETTINGS.includes(key) || (!trusted && RESTRICTED_SETTINGS.includes(key));
    if (!userOnly && given(i?.workspaceValue)) {
      raw[key] = i!.workspaceValue;
      sources[key] = 'workspace';
    } else if (given(i?.globalValue)) {
      raw[key] = i!.globalValue;
      sources[key] = 'user';
    } else {
      if (key in defaults) raw[key] = defaults[key];
      sources[key] = 'default';
    }
  }
  return { raw, sources };
}

/**
 * The settings bridge: reads and validates `resilientLlm.*`, follows changes live, keeps
 * the last good configuration serving when a change is invalid, and reports each distinct
 * set of problems once (notification with "Open Settings (JSON)", and the log).
 */
export class SettingsWatcher implements vscode.Disposable {
  private current: SettingsState = { config: undefined, problems: [], sources: {} };
  private generation = 0;
  /** Problem sets already reported since the settings were last valid. */
  private readonly reported = new Set<string>();
  private readonly changeEmitter = new vscode.EventEmitter<SettingsState>();
  private readonly reportEmitter = new vscode.EventEmitter<readonly ConfigProblem[]>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter, this.reportEmitter];
  /** Fires after every re-read, valid or not. */
  readonly onDidChange = this.changeEmitter.event;
  /** Fires when problems are reported to the user (once per distinct set). */
  readonly onDidReportProblems = this.reportEmitter.event;
  /** What discovery taught about models (application inference profiles): validation and the router use it. */
  readonly models = new ModelDirectory();

  /** The settings files checked for syntax errors, by the label their problems use. */
  private readonly files = new Map<string, vscode.Uri>();

  /** `userSettings`: the user settings.json, when known (its syntax is checked too). */
  constructor(
    private readonly log: Log,
    private readonly userSettings?: vscode.Uri,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SETTINGS_PREFIX)) void this.refresh();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.refresh()),
    );
    // A syntax error may leave what VS Code reads unchanged (so no configuration event): watch the
    // files themselves, a moment after the last change (a file being written is not yet whole).
    let pending: ReturnType<typeof setTimeout> | undefined;
    const later = () => {
      clearTimeout(pending);
      pending = setTimeout(() => void this.refreshIfSyntaxChanged(), 300);
    };
    this.disposables.push({ dispose: () => clearTimeout(pending) });
    const watch = (w: vscode.FileSystemWatcher) => {
      this.disposables.push(w, w.onDidChange(later), w.onDidCreate(later), w.onDidDelete(later));
    };
    for (const folder of vscode.workspace.workspaceFolders ?? []) watch(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '.vscode/settings.json')));
    if (userSettings) watch(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(userSettings, '..'), 'settings.json')));
  }

  /** The syntax problems the last read found (JSON): a file change re-reads the settings only when they change. */
  private lastSyntax = '[]';

  /** A settings file changed: a change of what parses re-reads the settings (any other change comes as a configuration event). */
  private async refreshIfSyntaxChanged(): Promise<void> {
    if (JSON.stringify(await this.syntaxProblems()) !== this.lastSyntax) await this.refresh();
  }

  /** The file a syntax problem's label names (`.vscode/settings.json`, `user settings.json`). */
  fileFor(label: string): vscode.Uri | undefined {
    return this.files.get(label);
  }

  /**
   * Syntax errors in the settings files that hold our settings (a file that does not mention
   * them is not ours to judge). A file caught half-written parses a moment later: only errors
   * still there on a second look, 200 ms on, are reported.
   */
  private async syntaxProblems(): Promise<ConfigProblem[]> {
    const first = await this.readSyntaxProblems();
    if (first.length === 0) return first;
    await new Promise((resolve) => setTimeout(resolve, 200));
    return this.readSyntaxProblems();
  }

  private async readSyntaxProblems(): Promise<ConfigProblem[]> {
    const files: Array<[string, vscode.Uri]> = (vscode.workspace.workspaceFolders ?? []).map((f) => {
      const uri = vscode.Uri.joinPath(f.uri, '.vscode', 'settings.json');
      return [vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1), uri];
    });
    if (this.userSettings) files.push(['user settings.json', this.userSettings]);
    const problems: ConfigProblem[] = [];
    for (const [label, uri] of files) {
      let text: string;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        continue; // no such file
      }
      this.files.set(label, uri);
      if (text.includes(SETTINGS_PREFIX)) problems.push(...settingsSyntaxProblems(text, label));
    }
    return problems;
  }

  get state(): SettingsState {
    return this.current;
  }

  /** Re-reads and re-validates (in `aws` mode also re-reads the AWS profiles). */
  async refresh(): Promise<SettingsState> {
    const generation = ++this.generation;
    const { raw, sources } = readSettings();
    const ctx = raw.mode === 'aws' ? await this.awsProfiles() : {};
    const syntax = await this.syntaxProblems();
    this.lastSyntax = JSON.stringify(syntax);
    const validated = validateSettings(raw, { ...ctx, models: this.models });
    if (generation !== this.generation) return this.current; // a newer read is under way
    // A file that does not parse is a bad change like any other: the last good configuration keeps serving.
    const result = syntax.length === 0 ? validated : { ok: false as const, problems: [...syntax, ...(validated.ok ? [] : validated.problems)] };
    if (result.ok) {
      if (this.current.problems.length > 0) this.log.info('Settings are valid again.');
      this.current = { config: result.config, problems: [], sources };
      this.reported.clear();
    } else {
      this.current = { config: this.current.config, problems: result.problems, sources };
      this.report(result.problems);
    }
    this.changeEmitter.fire(this.current);
    return this.current;
  }

  private async awsProfiles(): Promise<ValidationContext> {
    try {
      const profiles = await listAwsProfiles();
      return { knownProfiles: profiles.map((p) => p.name), profileSource: awsFilesDescription() };
    } catch (err) {
      this.log.warn(`Could not read the AWS profiles from ${awsFilesDescription()}: ${err instanceof Error ? err.message : String(err)}`);
      return {};
    }
  }

  private report(problems: readonly ConfigProblem[]): void {
    const key = JSON.stringify(problems);
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const serving = this.current.config !== undefined;
    this.log.problems(problems, serving);
    this.reportEmitter.fire(problems);
    const head = `Resilient LLM: ${problemCount(problems)} in the settings; ${serving ? 'the last good configuration keeps serving' : 'no request can be routed until they are fixed'}.`;
    const open = 'Open Settings (JSON)';
    void vscode.window.showErrorMessage(`${head} ${problemList(problems)}`, open, 'Open Log').then((choice) => {
      if (choice === open) void vscode.commands.executeCommand(COMMANDS.openSettingsJson, problems[0]!.path);
      else if (choice === 'Open Log') this.log.show();
    });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
