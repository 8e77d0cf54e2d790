import * as vscode from 'vscode';
import { type AuthConfig, SETTINGS_PREFIX, type SettingsInput, formatProblem, validateSettings } from '../router';
import { type ModelChoice, REGIONS, discoveredChoices, parseLimit, suggestTargetId } from './addTargetPicks';
import { awsFilesDescription, listAwsProfiles } from './awsProfiles';
import { COMMANDS } from './commands/ids';
import { type Services } from './services';
import { readSettings } from './settings';

type TargetInput = SettingsInput['targets'] extends (infer T)[] | undefined ? T : never;
type RouteInput = SettingsInput['routes'] extends (infer R)[] | undefined ? R : never;

/** Everything Add Target asks for; given as the command's argument, nothing is asked. */
export interface AddTargetInput {
  profile: string;
  region: string;
  model: string;
  rpm?: number;
  tpm?: number;
  id?: string;
  /** An existing route to add the target to, or the name of a new route; absent: no route. */
  route?: string;
  /** How the account authenticates; absent: what the account's other targets use, else its AWS profile. */
  auth?: AuthConfig;
}

/** The models Add Target offers for an account and Region, and whether they are the built-in list (and why). */
export interface ModelPick {
  choices: ModelChoice[];
  /** True when the account could not be asked (denied by policy, no credentials ...): the choices are the built-in catalog's. */
  fallback: boolean;
  message?: string;
}

/** Asks the account for its models and inference profiles in the Region (cached); the built-in catalog when it denies that. */
export async function modelPick(services: Services, target: { profile: string; region: string; auth?: AuthConfig }): Promise<ModelPick> {
  const result = await services.discover(target);
  return { choices: discoveredChoices(result), fallback: result.fallback, ...(result.message ? { message: result.message } : {}) };
}

const OTHER = '$(edit) Enter another...';

async function pickProfile(inUse: readonly string[]): Promise<{ name: string; fromAwsFiles: boolean } | undefined> {
  const aws = await listAwsProfiles().catch(() => []);
  const items: Array<vscode.QuickPickItem & { fromAwsFiles?: boolean }> = aws.map((p) => ({ label: p.name, description: [p.sso ? 'SSO' : p.keys ? 'access keys' : undefined, p.region].filter(Boolean).join(' · '), fromAwsFiles: true }));
  for (const p of inUse) if (!aws.some((a) => a.name === p)) items.push({ label: p, description: 'used by a target (not in your AWS files)' });
  items.push({ label: OTHER, alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, { title: 'Add Target (1/5): AWS profile (an account shard)', placeHolder: `Profiles from ${awsFilesDescription()}` });
  if (!picked) return undefined;
  if (picked.label !== OTHER) return { name: picked.label, fromAwsFiles: picked.fromAwsFiles === true };
  const name = await vscode.window.showInputBox({ title: 'Add Target: AWS profile name', validateInput: (v) => (/^[A-Za-z0-9_.@+=,:/-]{1,128}$/.test(v) ? undefined : 'Letters, digits and _.@+=,:/- only') });
  return name ? { name, fromAwsFiles: false } : undefined;
}

async function pickRegion(profileRegion: string | undefined): Promise<string | undefined> {
  const regions = profileRegion && REGIONS.includes(profileRegion) ? [profileRegion, ...REGIONS.filter((r) => r !== profileRegion)] : [...REGIONS];
  return (await vscode.window.showQuickPick(regions.map((r) => ({ label: r, description: r === profileRegion ? "the profile's Region" : undefined })), { title: 'Add Target (2/5): Region the requests are sent to' }))?.label;
}

type ModelItem = vscode.QuickPickItem & { model?: string };

/** The model quick pick: busy while the account is asked, then its list (or the built-in one, with the reason shown). */
async function pickModel(services: Services, target: { profile: string; region: string; auth?: AuthConfig }): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick<ModelItem>();
  qp.title = 'Add Target (3/5): model or inference profile';
  qp.placeholder = `Asking account "${target.profile}" for its models in ${target.region}...`;
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.ignoreFocusOut = true;
  qp.busy = true;
  const other: ModelItem = { label: OTHER, detail: 'a model id, inference profile id or ARN', alwaysShow: true };
  // No items while busy: an accept before the list arrives picks nothing.
  const picked = new Promise<ModelItem | undefined>((resolve) => {
    qp.onDidAccept(() => {
      const item = qp.selectedItems[0];
      if (item) resolve(item);
    });
    qp.onDidHide(() => resolve(undefined));
  });
  qp.show();
  void modelPick(services, target).then(
    (pick) => {
      const items: ModelItem[] = pick.choices.map((m) => ({ label: m.name, description: m.id, detail: `${m.kind} · ${Math.round(m.contextWindow / 1000)}k context · ${m.price}`, model: m.id }));
      const heading: ModelItem = { label: pick.fallback ? 'Built-in list (the account could not be asked)' : `From account ${target.profile}`, kind: vscode.QuickPickItemKind.Separator };
      qp.items = [heading, ...items, { label: '', kind: vscode.QuickPickItemKind.Separator }, other];
      qp.placeholder = pick.fallback ? 'The built-in list: it may include models this account cannot use' : `Models and inference profiles of account "${target.profile}" in ${target.region}`;
      qp.busy = false;
      if (pick.fallback && pick.message) void vscode.window.showWarningMessage(`Resilient LLM: ${pick.message}`);
    },
    () => {
      qp.items = [other];
      qp.busy = false;
    },
  );
  const item = await picked;
  qp.dispose();
  if (!item) return undefined;
  if (item.model) return item.model;
  return vscode.window.showInputBox({ title: 'Add Target: model id, inference profile id or ARN', placeHolder: 'us.anthropic.claude-sonnet-4-6' });
}

async function askLimit(title: string, value: string): Promise<number | undefined | null> {
  const v = await vscode.window.showInputBox({ title, value, prompt: 'Empty for no limit', validateInput: (s) => { const r = parseLimit(s); return typeof r === 'object' ? r.error : undefined; } });
  if (v === undefined) return null;
  const r = parseLimit(v);
  return typeof r === 'number' ? r : undefined;
}

async function pickRoute(routes: readonly RouteInput[]): Promise<string | undefined | null> {
  const NEW = '$(add) New route...';
  const NONE = 'No route for now';
  const picked = await vscode.window.showQuickPick([...routes.map((r) => ({ label: r.name, description: `add to this route (${r.targets.join(', ')})` })), { label: NEW }, { label: NONE }], { title: 'Add Target (5/5): route' });
  if (!picked) return null;
  if (picked.label === NONE) return undefined;
  if (picked.label !== NEW) return picked.label;
  return (await vscode.window.showInputBox({ title: 'Add Target: name of the new route', validateInput: (v) => (/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v) ? undefined : 'Letters, digits, ".", "_" or "-", starting with a letter or digit') })) ?? null;
}

/** The auth an account's targets already use (one per account). */
function accountAuth(targets: readonly TargetInput[], profile: string): AuthConfig | undefined {
  return targets.find((t) => t.profile === profile && t.auth)?.auth;
}

async function askAll(services: Services, targets: readonly TargetInput[], routes: readonly RouteInput[]): Promise<{ input: AddTargetInput; fromAwsFiles: boolean } | undefined> {
  const profile = await pickProfile([...new Set(targets.map((t) => t.profile))]);
  if (!profile) return undefined;
  const aws = await listAwsProfiles().catch(() => []);
  const region = await pickRegion(aws.find((p) => p.name === profile.name)?.region);
  if (!region) return undefined;
  const model = await pickModel(services, { profile: profile.name, region, auth: accountAuth(targets, profile.name) });
  if (!model) return undefined;
  const rpm = await askLimit('Add Target (4/5): requests per minute this target may take', '20');
  if (rpm === null) return undefined;
  const tpm = await askLimit('Add Target (4/5): tokens per minute this target may take', '200000');
  if (tpm === null) return undefined;
  const suggested = suggestTargetId(model, profile.name, new Set(targets.map((t) => t.id)));
  const id = await vscode.window.showInputBox({ title: 'Add Target: target id (routes refer to it)', value: suggested });
  if (!id) return undefined;
  const route = await pickRoute(routes);
  if (route === null) return undefined;
  return { input: { profile: profile.name, region, model, rpm, tpm, id, route }, fromAwsFiles: profile.fromAwsFiles };
}

/** Everything given (nothing asked), or all but the model (only the model is asked, from discovery). */
async function fromArgument(services: Services, arg: Partial<AddTargetInput>, targets: readonly TargetInput[]): Promise<{ input: AddTargetInput; fromAwsFiles: boolean } | undefined> {
  if (!arg.profile || !arg.region) return undefined;
  const model = arg.model ?? (await pickModel(services, { profile: arg.profile, region: arg.region, auth: arg.auth ?? accountAuth(targets, arg.profile) }));
  return model ? { input: { ...arg, profile: arg.profile, region: arg.region, model }, fromAwsFiles: false } : undefined;
}

/**
 * Add Target: asks for the AWS profile, Region, model (from the account's own lists, or
 * the built-in catalog when it denies them) and limits, or takes them as the argument (the
 * model may be left out: then only it is asked), checks the result with the router's
 * validation, and writes the target (and the route it joins) into the workspace's
 * settings.json. Returns the target written.
 */
export async function addTarget(services: Services, arg?: Partial<AddTargetInput>): Promise<TargetInput | undefined> {
  const { raw } = readSettings();
  const targets = (raw.targets ?? []) as TargetInput[];
  const routes = (raw.routes ?? []) as RouteInput[];
  const asked = arg ? await fromArgument(services, arg, targets) : await askAll(services, targets, routes);
  if (!asked) return undefined;
  const { input } = asked;
  const target: TargetInput = { id: input.id ?? suggestTargetId(input.model, input.profile, new Set(targets.map((t) => t.id))), model: input.model, profile: input.profile, region: input.region };
  const auth = input.auth ?? accountAuth(targets, input.profile);
  if (auth && auth.type !== 'profile') target.auth = auth;
  if (input.rpm !== undefined) target.rpm = input.rpm;
  if (input.tpm !== undefined) target.tpm = input.tpm;
  const nextTargets = [...targets, target];
  const existing = input.route ? routes.find((r) => r.name === input.route) : undefined;
  const nextRoutes = !input.route ? routes : existing ? routes.map((r) => (r === existing ? { ...r, targets: [...r.targets, target.id] } : r)) : [...routes, { name: input.route, targets: [target.id] }];
  const check = validateSettings({ ...raw, targets: nextTargets, routes: nextRoutes }, { models: services.models });
  if (!check.ok) {
    void vscode.window.showErrorMessage(`The target was not added: ${check.problems.map(formatProblem).join('; ')}`);
    return undefined;
  }
  const where = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const cfg = vscode.workspace.getConfiguration(SETTINGS_PREFIX);
  await cfg.update('targets', nextTargets, where);
  if (nextRoutes !== routes) await cfg.update('routes', nextRoutes, where);
  const place = where === vscode.ConfigurationTarget.Workspace ? 'workspace settings' : 'user settings';
  const message = `Added target ${target.id} (${target.model} · ${target.profile} · ${target.region})${input.route ? ` to route ${input.route}` : ''} in ${place}.`;
  const simulated = (vscode.workspace.getConfiguration(SETTINGS_PREFIX).inspect<string>('mode')?.globalValue ?? 'simulated') === 'simulated';
  const actions = asked.fromAwsFiles && simulated ? ['Switch to AWS Mode', 'Open Settings (JSON)'] : ['Open Settings (JSON)'];
  const hint = asked.fromAwsFiles && simulated ? ' Requests go to the simulator while resilientLlm.mode is "simulated".' : '';
  void vscode.window.showInformationMessage(message + hint, ...actions).then((c) => {
    if (c === 'Switch to AWS Mode') void cfg.update('mode', 'aws', vscode.ConfigurationTarget.Global);
    else if (c === 'Open Settings (JSON)') void vscode.commands.executeCommand(COMMANDS.openSettingsJson, `${SETTINGS_PREFIX}.targets`);
  });
  return target;
}
